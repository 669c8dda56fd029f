"""HSDS fields on service, closures, change history, editor accounts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 19:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alert", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("assured_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("description_easy", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("application_process", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("required_documents", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("minimum_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("maximum_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("service_areas", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("contact_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))

    op.create_table(
        "closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Date(), nullable=False),
        sa.Column("ends", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_closure_service_id"), "closure", ["service_id"], unique=False)
    op.create_table(
        "service_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=120), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_service_change_service_id"), "service_change", ["service_id"], unique=False)
    op.create_table(
        "editor_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )


def downgrade() -> None:
    op.drop_table("editor_user")
    op.drop_index(op.f("ix_service_change_service_id"), table_name="service_change")
    op.drop_table("service_change")
    op.drop_index(op.f("ix_closure_service_id"), table_name="closure")
    op.drop_table("closure")
    with op.batch_alter_table("service", schema=None) as batch_op:
        for column in (
            "version",
            "contact_name",
            "service_areas",
            "maximum_age",
            "minimum_age",
            "required_documents",
            "application_process",
            "description_easy",
            "assured_date",
            "alert",
        ):
            batch_op.drop_column(column)
