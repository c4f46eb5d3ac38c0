"""plant locations from EIA, and the file they came from

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 16:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "plant_locations",
        sa.Column("plant_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("city", sa.Text(), nullable=True),
        sa.Column("county", sa.Text(), nullable=True),
        sa.Column("utility", sa.Text(), nullable=True),
        sa.Column("primary_source", sa.String(length=32), nullable=True),
        sa.Column("total_mw", sa.Float(), nullable=True),
        sa.Column("period", sa.String(length=7), nullable=True),
        sa.PrimaryKeyConstraint("plant_id", name=op.f("pk_plant_locations")),
    )
    op.create_table(
        "location_datasets",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("ingestion_id", BigId, nullable=False),
        sa.Column("locations", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=True),
        sa.Column(
            "loaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_location_datasets")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("location_datasets")
    op.drop_table("plant_locations")
