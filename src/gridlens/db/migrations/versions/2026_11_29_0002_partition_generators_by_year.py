"""generators partitioned by year on PostgreSQL

A load builds a year's partition apart (no index to maintain row by row), then swaps it in whole.
SQLite keeps its plain table.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 01:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE generators RENAME TO generators_plain")
    op.execute("ALTER INDEX pk_generators RENAME TO pk_generators_plain")
    op.execute("ALTER INDEX ix_generators_year_plant RENAME TO ix_generators_plain_year_plant")
    op.execute(
        "CREATE TABLE generators (LIKE generators_plain INCLUDING DEFAULTS) "
        "PARTITION BY LIST (year)"
    )
    op.execute("ALTER TABLE generators ADD CONSTRAINT pk_generators PRIMARY KEY (year, line)")
    op.execute("CREATE INDEX ix_generators_year_plant ON generators (year, plant_id)")
    # Rows of a year without its own partition (inserted by hand) land here.
    op.execute("CREATE TABLE generators_default PARTITION OF generators DEFAULT")
    years = bind.execute(sa.text("SELECT DISTINCT year FROM generators_plain ORDER BY year"))
    for (year,) in years.all():
        op.execute(
            f"CREATE TABLE generators_{int(year)} PARTITION OF generators "
            f"FOR VALUES IN ({int(year)})"
        )
    op.execute("INSERT INTO generators SELECT * FROM generators_plain")
    op.execute("DROP TABLE generators_plain")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE generators_plain (LIKE generators INCLUDING DEFAULTS)")
    op.execute("INSERT INTO generators_plain SELECT * FROM generators")
    op.execute("DROP TABLE generators")
    op.execute("ALTER TABLE generators_plain RENAME TO generators")
    op.execute("ALTER TABLE generators ADD CONSTRAINT pk_generators PRIMARY KEY (year, line)")
    op.execute("CREATE INDEX ix_generators_year_plant ON generators (year, plant_id)")
