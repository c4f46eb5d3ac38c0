"""at most one queued or running run per (source, SHA-256)

An S3 event delivered twice, or to two workers at once, queues one run: the second insert
breaks this index and is recognised as a duplicate.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('queued', 'running') AND sha256 IS NOT NULL")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(
        "uq_ingestions_open_source_sha256",
        "ingestions",
        ["source", "sha256"],
        unique=True,
        postgresql_where=OPEN,
        sqlite_where=OPEN,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index("uq_ingestions_open_source_sha256", table_name="ingestions")
