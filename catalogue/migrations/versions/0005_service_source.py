"""Every entry knows its source and when an import or an editor last wrote it

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=200), nullable=False, server_default="redaktion"))
        batch_op.add_column(sa.Column("imported_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("edited_at", sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_service_source"), ["source"], unique=False)
    # Entries written before sources were recorded: the Berlin import used the "berlin-" prefix,
    # everything else came from the demo files or the workspace (told apart by the history).
    service = sa.table("service", sa.column("source"), sa.column("external_id"), sa.column("id"))
    change = sa.table("service_change", sa.column("service_id"), sa.column("changed_by"), sa.column("action"))
    op.execute(service.update().where(service.c.external_id.like("berlin-%")).values(source="hilf-mir-berlin.csv"))
    imported = sa.select(change.c.service_id).where(change.c.changed_by == "Import", change.c.action == "angelegt")
    op.execute(
        service.update()
        .where(~service.c.external_id.like("berlin-%"), service.c.id.in_(imported))
        .values(source="demo")
    )


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_source"))
        batch_op.drop_column("edited_at")
        batch_op.drop_column("imported_at")
        batch_op.drop_column("source")
