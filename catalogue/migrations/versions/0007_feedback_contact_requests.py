"""Chat feedback (👍/👎 with masked question and comment) and contact requests for the information desk

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_feedback",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("question", sa.String(500), nullable=True),
        sa.Column("comment", sa.String(1000), nullable=True),
        sa.Column("service_ids", sa.JSON(), nullable=False),
        sa.Column("topic", sa.String(120), nullable=True),
    )
    op.create_index("ix_chat_feedback_created_at", "chat_feedback", ["created_at"])
    op.create_table(
        "contact_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(60), nullable=True),
        sa.Column("email", sa.String(200), nullable=True),
        sa.Column("message", sa.String(1000), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("done_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_contact_request_created_at", "contact_request", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_contact_request_created_at", table_name="contact_request")
    op.drop_table("contact_request")
    op.drop_index("ix_chat_feedback_created_at", table_name="chat_feedback")
    op.drop_table("chat_feedback")
