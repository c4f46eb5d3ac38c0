"""generation as integer kWh; plant ranks, fuel categories and state totals kept at ingestion

Sums of GENNTAN (at most three decimals of a MWh) are exact in integer kWh, not in binary floats.
Each plant gains its fuel category, a folded name for search and its ranks; state_fuel_totals
holds each state's (and the nation's, as US) plants and generation by fuel category and year.
The loaded years are derived here as an ingestion derives them (ingest.standings).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 16:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column in MWh, column in kWh)
_GENERATION = (
    ("generators", "net_generation_mwh", "net_generation_kwh"),
    ("generators", "ozone_net_generation_mwh", "ozone_net_generation_kwh"),
    ("plants", "net_generation_mwh", "net_generation_kwh"),
)
_RANK_INDEXES = ("ix_plants_year_state_rank", "ix_plants_year_rank")


def _rank_indexes(column: str) -> None:
    op.create_index(
        "ix_plants_year_state_rank",
        "plants",
        ["year", "state", sa.literal_column(f"{column} DESC"), "plant_id"],
    )
    op.create_index(
        "ix_plants_year_rank", "plants", ["year", sa.literal_column(f"{column} DESC"), "plant_id"]
    )


def upgrade() -> None:
    """Upgrade schema."""
    for name in _RANK_INDEXES:
        op.drop_index(name, table_name="plants")
    # Add, fill, drop: the same on both databases (SQLite alters no column type), and on
    # PostgreSQL each partition of generators follows its parent.
    for table, mwh, kwh in _GENERATION:
        op.add_column(table, sa.Column(kwh, sa.BigInteger(), nullable=True))
        op.execute(f"UPDATE {table} SET {kwh} = CAST(ROUND({mwh} * 1000) AS BIGINT)")
        op.drop_column(table, mwh)
    _rank_indexes("net_generation_kwh")
    op.add_column("plants", sa.Column("fuel_category", sa.String(16), nullable=True))
    op.add_column("plants", sa.Column("search_name", sa.Text(), nullable=True))
    for rank in ("rank_in_nation", "rank_in_state", "rank_in_nation_fuel", "rank_in_state_fuel"):
        op.add_column("plants", sa.Column(rank, sa.Integer(), nullable=True))
    op.create_index(
        "ix_plants_year_state_fuel_rank",
        "plants",
        [
            "year",
            "state",
            "fuel_category",
            sa.literal_column("net_generation_kwh DESC"),
            "plant_id",
        ],
    )
    op.create_index(
        "ix_plants_year_fuel_rank",
        "plants",
        ["year", "fuel_category", sa.literal_column("net_generation_kwh DESC"), "plant_id"],
    )
    op.create_index("ix_plants_plant_year", "plants", ["plant_id", "year"])
    op.create_table(
        "state_fuel_totals",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(2), nullable=False),
        sa.Column("fuel_category", sa.String(16), nullable=False),
        sa.Column("plants", sa.Integer(), nullable=False),
        sa.Column("net_generation_kwh", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("year", "state", "fuel_category", name="pk_state_fuel_totals"),
    )
    from gridlens.ingest.standings import derive_year

    bind = op.get_bind()
    for (year,) in bind.execute(sa.text("SELECT DISTINCT year FROM plants ORDER BY year")).all():
        derive_year(bind, int(year))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("state_fuel_totals")
    for name in (
        "ix_plants_plant_year",
        "ix_plants_year_fuel_rank",
        "ix_plants_year_state_fuel_rank",
    ):
        op.drop_index(name, table_name="plants")
    for column in (
        "rank_in_state_fuel",
        "rank_in_nation_fuel",
        "rank_in_state",
        "rank_in_nation",
        "search_name",
        "fuel_category",
    ):
        op.drop_column("plants", column)
    for name in _RANK_INDEXES:
        op.drop_index(name, table_name="plants")
    for table, mwh, kwh in _GENERATION:
        op.add_column(table, sa.Column(mwh, sa.Float(), nullable=True))
        op.execute(f"UPDATE {table} SET {mwh} = {kwh} / 1000.0")
        op.drop_column(table, kwh)
    _rank_indexes("net_generation_mwh")
