"""Alembic environment: runs on the connection handed over by `Database.migrate` (async engines run it through
`run_sync`), or on a URL given with `-x url=...` for the alembic command line."""
from alembic import context
from sqlalchemy import create_engine

from core.storage.models import Base

target_metadata = Base.metadata


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///var/loanbot.db")
    url = url.replace("+aiosqlite", "").replace("+asyncpg", "+psycopg")
    with create_engine(url).connect() as sync_connection:
        run_on(sync_connection)
        sync_connection.commit()
