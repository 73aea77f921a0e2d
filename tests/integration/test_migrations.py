"""Migrations match the models (`alembic check`) on both databases."""

from __future__ import annotations

from alembic import command
from sqlalchemy.engine import Connection

from rejoinder.storage.db import create_engine
from rejoinder.storage.migrate import alembic_config


async def test_models_and_migrations_agree(database_url: str) -> None:
    def check(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.check(config)  # raises if autogenerate would emit any operation

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(check)
    finally:
        await engine.dispose()
