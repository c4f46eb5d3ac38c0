"""PostgreSQL: a year built in tables of its own, indexed once, then swapped in whole.

generators holds one partition per year: the staged table becomes the year's partition. plants is
one table (its rank indexes serve every year): a large year rebuilds it beside the old one, which
it then replaces; a small one replaces its rows. Readers see the old rows until the commit, and
wait only from the swap to the commit.
"""

from __future__ import annotations

import re
import time

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from gridlens.ingest import standings
from gridlens.ingest.aggregate import COLUMNS, plant_rows

# Below the server's deadlock_timeout (1s by default): the swap gives way before a deadlock.
_LOCK_WAIT_MS = 200
_LOCK_TRIES = 200
# pg_get_indexdef's opening, whose name and table an index built alike takes from ours.
_INDEX_DEF = re.compile(r"^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ ")


def insert_plants(conn: Connection, year: int, table: str) -> int:
    """The year's plants, from the staged rows, in place of its old ones; returns how many."""
    conn.execute(text("DELETE FROM plants WHERE year = :year"), {"year": year})
    inserted = f"INSERT INTO plants ({COLUMNS}) {plant_rows('postgresql', table)}"
    return int(conn.execute(text(inserted), {"year": year}).rowcount)


def build_plants(conn: Connection, year: int, table: str) -> int:
    """plants built anew beside the old table (every other year copied, then the year's plants
    from the staged rows, their standings derived), indexed once: cheaper than inserting row by
    row into its indexes when the year is a large part of it. swap_plants puts it in place.
    Returns the year's plants."""
    # Writers wait from here to the commit (another year's ingestion among them); readers do not.
    conn.execute(text("LOCK TABLE plants IN EXCLUSIVE MODE"))
    built = built_plants(table)
    conn.execute(
        text(f"CREATE TABLE {built} (LIKE plants INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    )
    conn.execute(
        text(f"INSERT INTO {built} SELECT * FROM plants WHERE year <> :year"), {"year": year}
    )
    rows = plant_rows("postgresql", table)
    plants = conn.execute(text(f"INSERT INTO {built} ({COLUMNS}) {rows}"), {"year": year})
    # Before the indexes: updating every row of an indexed table costs each index a new entry.
    standings.derive_year(conn, year, built)
    _index_like(conn, "plants", built)
    conn.execute(text(f"ANALYZE {built}"))
    _grant_like(conn, "plants", built)
    return int(plants.rowcount)


def built_plants(table: str) -> str:
    """The plants table build_plants builds beside the old one for the staged table."""
    return f"{table}_plants"


def lock_for_swap(conn: Connection) -> None:
    """Both tables locked for the swap, waiting for readers without ever holding one lock while
    a reader holding the other waits for it: tries, backs off, tries again."""
    for attempt in range(_LOCK_TRIES):
        savepoint = conn.begin_nested()
        try:
            conn.execute(text(f"SET LOCAL lock_timeout = '{_LOCK_WAIT_MS}ms'"))
            conn.execute(text("LOCK TABLE plants, generators IN ACCESS EXCLUSIVE MODE"))
        except OperationalError:
            savepoint.rollback()  # gives back the lock taken before the wait, for readers
            time.sleep(min(0.05 * (attempt + 1), 1.0))
            continue
        savepoint.commit()
        conn.execute(text("SET LOCAL lock_timeout TO DEFAULT"))
        return
    conn.execute(text("LOCK TABLE plants, generators IN ACCESS EXCLUSIVE MODE"))


def swap_plants(conn: Connection, table: str) -> None:
    """The plants table build_plants built takes the old one's place, and its index names."""
    built = built_plants(table)
    renames = _indexes_like(conn, "plants", built)
    conn.execute(text("DROP TABLE plants"))
    conn.execute(text(f"ALTER TABLE {built} RENAME TO plants"))
    for temporary, name in renames:
        conn.execute(text(f"ALTER INDEX {temporary} RENAME TO {name}"))


def index_generators(conn: Connection, table: str) -> None:
    """Builds on the staged table the indexes of generators' partitions, once the rows are in."""
    _index_like(conn, "generators", table)


def attach_generators(conn: Connection, year: int, table: str) -> None:
    """The staged (and indexed) table becomes year's partition of generators."""
    partition = f"generators_{int(year)}"
    # What only staging needed goes first (dropped columns take no rewrite).
    conn.execute(text(f"ALTER TABLE {table} DROP COLUMN digest, DROP COLUMN first_row"))
    for name, bound in conn.execute(
        text(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'generators'::regclass"
        )
    ).all():
        if bound == "DEFAULT":  # rows of the year put there by hand go with the year
            conn.execute(text(f"DELETE FROM {name} WHERE year = :year"), {"year": year})
        elif bound == f"FOR VALUES IN ({int(year)})":
            conn.execute(text(f"DROP TABLE {name}"))
    conn.execute(text(f"ALTER TABLE {table} RENAME TO {partition}"))
    for index, parent in _indexes_like(conn, "generators", table):
        conn.execute(text(f"ALTER INDEX {index} RENAME TO {partition}_{parent}"))
    conn.execute(
        text(f"ALTER TABLE {partition} RENAME CONSTRAINT {table}_year TO {partition}_year")
    )
    # The CHECK on the year spares the scan; the indexes built alike are taken as the parent's.
    conn.execute(
        text(f"ALTER TABLE generators ATTACH PARTITION {partition} FOR VALUES IN ({int(year)})")
    )


def _index_like(conn: Connection, source: str, target: str) -> list[tuple[str, str]]:
    """Builds on target every index (and primary key) source has; returns _indexes_like's pairs."""
    for (built, _), (definition, primary) in zip(
        _indexes_like(conn, source, target), _index_definitions(conn, source), strict=True
    ):
        conn.execute(text(_INDEX_DEF.sub(rf"CREATE \1INDEX {built} ON {target} ", definition)))
        if primary:
            conn.execute(
                text(f"ALTER TABLE {target} ADD CONSTRAINT {built} PRIMARY KEY USING INDEX {built}")
            )
    return _indexes_like(conn, source, target)


def _indexes_like(conn: Connection, source: str, target: str) -> list[tuple[str, str]]:
    """(target's index, source's index) pairs: target's are named by source's order."""
    names = conn.execute(
        text(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = CAST(:source AS regclass) ORDER BY c.relname"
        ),
        {"source": source},
    ).scalars()
    return [(f"{target}_{number}", name) for number, name in enumerate(names)]


def _index_definitions(conn: Connection, source: str) -> list[tuple[str, bool]]:
    return [
        (definition, primary)
        for definition, primary in conn.execute(
            text(
                "SELECT pg_get_indexdef(i.indexrelid), i.indisprimary FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = CAST(:source AS regclass) ORDER BY c.relname"
            ),
            {"source": source},
        )
    ]


def _grant_like(conn: Connection, source: str, target: str) -> None:
    """Grants on target what source's owner granted on source."""
    grants = conn.execute(
        text(
            "SELECT COALESCE(quote_ident(r.rolname), 'PUBLIC'), a.privilege_type, a.is_grantable "
            "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
            "LEFT JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE c.oid = CAST(:source AS regclass) AND a.grantee <> c.relowner"
        ),
        {"source": source},
    ).all()
    for grantee, privilege, grantable in grants:
        option = " WITH GRANT OPTION" if grantable else ""
        conn.execute(text(f"GRANT {privilege} ON {target} TO {grantee}{option}"))
