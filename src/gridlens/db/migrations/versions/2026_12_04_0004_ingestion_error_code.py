"""ingestions.error_code: why a run failed, as a code clients can act on

Runs that failed before this revision get the code their message shows for the refusals a client
acts on (a shrink it may force, too many rejects, an interrupted run); other old failures keep NULL.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 16:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The words each of these failures was recorded with before it had a code (ingest/pipeline.py,
# ingest/lease.py at revision 0002); read once here, never again.
_BACKFILL = (
    ("shrink_refused", "%would replace % generators of % with %--force%"),
    ("too_many_rejects", "% rows rejected (%--max-reject-ratio%"),
    ("interrupted", "interrupted: the process running it stopped%"),
)


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("ingestions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("error_code", sa.String(length=32), nullable=True))
    for code, pattern in _BACKFILL:
        op.execute(
            sa.text(
                "UPDATE ingestions SET error_code = :code "
                "WHERE status = 'failed' AND error_code IS NULL AND error LIKE :pattern"
            ).bindparams(code=code, pattern=pattern)
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("ingestions", schema=None) as batch_op:
        batch_op.drop_column("error_code")
