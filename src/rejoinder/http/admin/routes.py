"""Every page of the moderator workspace, gathered into one router for `app.py`.

Pages call the same services as the API, never repositories. Each feature is a module with its
own router; `router` gathers them. Errors on these paths answer as pages (common.error_page).
"""

from __future__ import annotations

from fastapi import APIRouter

from rejoinder.http.admin import (
    alerts,
    audit,
    authors,
    home,
    insight,
    live,
    login,
    oidc,
    overview,
    queues,
    site_admin,
    staff_pages,
    webhooks,
)

router = APIRouter(include_in_schema=False)
for module in (
    login, oidc, home, queues, live, alerts, authors, audit, site_admin, staff_pages, overview,
    webhooks, insight,
):  # fmt: skip
    router.include_router(module.router)
