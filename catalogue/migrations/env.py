"""Alembic environment: runs on the connection handed over by catalogue.upgrade."""

from alembic import context
from sqlalchemy import create_engine

from catalogue._models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # plain `alembic` command line: use the configured URL
    from catalogue._db import database_url

    connection = create_engine(database_url()).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
