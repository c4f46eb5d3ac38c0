"""What the read side needs of a year beyond its plants, derived once as the year is swapped in.

Each plant's fuel category, folded name and ranks (in the nation and its state, among all plants
and among its fuel category), and each state's totals by fuel category: in the transaction that
swaps the year in, so a trend or a rank movement is a key lookup, never a scan per request.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from gridlens.egrid.fuels import category_sql
from gridlens.egrid.names import fold

NATION = "US"  # the nation's row in state_fuel_totals

# "As /plants/top ranks": largest known generation first, ties to the lower plant_id.
_ORDER = "ORDER BY net_generation_kwh DESC, plant_id"
_RANKS = f"""
    UPDATE {{table}} SET rank_in_nation = r.nation, rank_in_state = r.state_rank,
                         rank_in_nation_fuel = r.nation_fuel, rank_in_state_fuel = r.state_fuel
    FROM (
        SELECT plant_id,
               ROW_NUMBER() OVER ({_ORDER}) AS nation,
               ROW_NUMBER() OVER (PARTITION BY state {_ORDER}) AS state_rank,
               ROW_NUMBER() OVER (PARTITION BY fuel_category {_ORDER}) AS nation_fuel,
               ROW_NUMBER() OVER (PARTITION BY state, fuel_category {_ORDER}) AS state_fuel
        FROM {{table}} WHERE year = :year AND net_generation_kwh IS NOT NULL
    ) r
    WHERE {{table}}.year = :year AND {{table}}.plant_id = r.plant_id
"""
_TOTALS = f"""
    INSERT INTO state_fuel_totals (year, state, fuel_category, plants, net_generation_kwh)
    SELECT :year, state, fuel_category, COUNT(*), COALESCE(SUM(net_generation_kwh), 0)
    FROM {{table}} WHERE year = :year GROUP BY state, fuel_category
    UNION ALL
    SELECT :year, '{NATION}', fuel_category, COUNT(*), COALESCE(SUM(net_generation_kwh), 0)
    FROM {{table}} WHERE year = :year GROUP BY fuel_category
"""


def derive_year(conn: Connection, year: int, table: str = "plants") -> None:
    """Fills the derived columns of year's plants in table and replaces the year's state totals."""
    params = {"year": year}
    conn.execute(
        text(
            f"UPDATE {table} SET fuel_category = {category_sql('primary_fuel')}, "
            "search_name = LOWER(name) WHERE year = :year"
        ),
        params,
    )
    _fold_other_names(conn, year, table)
    conn.execute(text(_RANKS.format(table=table)), params)
    conn.execute(text("DELETE FROM state_fuel_totals WHERE year = :year"), params)
    conn.execute(text(_TOTALS.format(table=table)), params)


def _fold_other_names(conn: Connection, year: int, table: str) -> None:
    """LOWER folds ASCII alike on both databases; the few other names are folded here."""
    names = conn.execute(
        text(f"SELECT plant_id, name FROM {table} WHERE year = :year"), {"year": year}
    ).all()
    folded = [
        {"year": year, "plant_id": plant_id, "folded": fold(name)}
        for plant_id, name in names
        if not name.isascii()
    ]
    if folded:
        conn.execute(
            text(
                f"UPDATE {table} SET search_name = :folded "
                "WHERE year = :year AND plant_id = :plant_id"
            ),
            folded,
        )
