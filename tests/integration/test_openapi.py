"""Answers match the OpenAPI document that /api/v1/openapi.json publishes."""

from __future__ import annotations

from typing import Any

import httpx

from rejoinder.http.schemas.comments import CommentPageOut, CommentWrittenOut
from tests.helpers import listing, post


async def test_openapi_document_is_served(client: httpx.AsyncClient) -> None:
    document = (await client.get("/api/v1/openapi.json")).json()
    paths: dict[str, Any] = document["paths"]
    assert "/api/v1/sites/{site}/stories/{story}/comments" in paths
    post_op = paths["/api/v1/sites/{site}/stories/{story}/comments"]["post"]
    assert {"201", "202", "422"} <= set(post_op["responses"])


async def test_answers_validate_against_their_schemas(client: httpx.AsyncClient, site: str) -> None:
    written = await post(client, site)
    CommentWrittenOut.model_validate(written)
    parent = written["id"]
    await post(client, site, parent_id=parent)
    CommentPageOut.model_validate(await listing(client, site))
