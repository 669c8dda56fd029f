"""A version number that every change of the service table raises, so a search sees "nothing changed" in one read

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 14:20:00

Triggers keep it, so every way of writing (the ORM, imports, SQL by hand, a restored
backup) counts. PostgreSQL: a deferred constraint trigger raises it once per
transaction at commit, so the row is locked only while committing, not for the
length of an import. SQLite has one writer at a time: a plain trigger per row.

Careful in later migrations: on SQLite, batch_alter_table("service") copies the
table and drops these triggers; create them again as _create_sqlite_triggers here
does (test_a_change_written_without_the_application_is_seen_by_the_next_search fails
without them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_SQLITE_EVENTS = ("INSERT", "UPDATE", "DELETE")


def _create_sqlite_triggers() -> None:
    for event in _SQLITE_EVENTS:
        op.execute(
            f"CREATE TRIGGER service_{event.lower()}_raises_version AFTER {event} ON service "
            "BEGIN UPDATE catalogue_version SET version = version + 1 WHERE id = 1; END"
        )


def upgrade() -> None:
    state = op.create_table(
        "catalogue_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(state, [{"id": 1, "version": 0}])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION catalogue_raise_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- once per transaction: the first changed row raises it, the others see the mark
                IF current_setting('catalogue.version_raised_in', true) IS DISTINCT FROM txid_current()::text THEN
                    PERFORM set_config('catalogue.version_raised_in', txid_current()::text, true);
                    UPDATE catalogue_version SET version = version + 1 WHERE id = 1;
                END IF;
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            "CREATE CONSTRAINT TRIGGER service_changed_raises_version AFTER INSERT OR UPDATE OR DELETE ON service "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalogue_raise_version()"
        )
    else:
        _create_sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER service_changed_raises_version ON service")
        op.execute("DROP FUNCTION catalogue_raise_version()")
    else:
        for event in _SQLITE_EVENTS:
            op.execute(f"DROP TRIGGER service_{event.lower()}_raises_version")
    op.drop_table("catalogue_version")
