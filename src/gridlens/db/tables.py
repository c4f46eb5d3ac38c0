"""Tables of gridlens; one schema for PostgreSQL and SQLite, migrated by Alembic."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER keys only


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Generator(Base):
    """One row of a generator sheet, as loaded."""

    __tablename__ = "generators"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int | None] = mapped_column(Integer)
    plant_id: Mapped[int] = mapped_column(Integer)
    generator_id: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(2))
    plant_name: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(16))
    prime_mover: Mapped[str | None] = mapped_column(String(16))
    fuel: Mapped[str | None] = mapped_column(String(16))
    nameplate_mw: Mapped[float | None] = mapped_column(Float)
    capacity_factor: Mapped[float | None] = mapped_column(Float)
    # Integer kWh (GENNTAN has at most three decimals of a MWh): sums are exact on every database.
    net_generation_kwh: Mapped[int | None] = mapped_column(BigInteger)
    ozone_net_generation_kwh: Mapped[int | None] = mapped_column(BigInteger)
    generation_source: Mapped[str | None] = mapped_column(Text)
    year_online: Mapped[int | None] = mapped_column(Integer)
    year_retired: Mapped[int | None] = mapped_column(Integer)
    boilers: Mapped[int | None] = mapped_column(Integer)

    # On PostgreSQL one partition per year (and a default one): add_postgresql_ddl.
    __table_args__ = (Index("ix_generators_year_plant", "year", "plant_id"),)


class Plant(Base):
    """A plant (ORISPL) in one year: its generators aggregated at ingest time."""

    __tablename__ = "plants"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    plant_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(Text)
    net_generation_kwh: Mapped[int | None] = mapped_column(BigInteger)
    nameplate_mw: Mapped[float | None] = mapped_column(Float)
    generators: Mapped[int] = mapped_column(Integer)
    primary_fuel: Mapped[str | None] = mapped_column(String(16))
    # Derived at ingestion (ingest.standings), so reads are key lookups and index walks.
    fuel_category: Mapped[str | None] = mapped_column(String(16))
    search_name: Mapped[str | None] = mapped_column(Text)  # name folded: no case, no accents
    rank_in_nation: Mapped[int | None] = mapped_column(Integer)  # null: generation unknown
    rank_in_state: Mapped[int | None] = mapped_column(Integer)
    rank_in_nation_fuel: Mapped[int | None] = mapped_column(Integer)  # among its fuel_category
    rank_in_state_fuel: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        # Top N by state (and nationally), of all fuels or one category, is an index walk:
        # equality prefix, then the sort key.
        Index("ix_plants_year_state_rank", "year", "state", net_generation_kwh.desc(), "plant_id"),
        Index("ix_plants_year_rank", "year", net_generation_kwh.desc(), "plant_id"),
        Index(
            "ix_plants_year_state_fuel_rank",
            "year",
            "state",
            "fuel_category",
            net_generation_kwh.desc(),
            "plant_id",
        ),
        Index(
            "ix_plants_year_fuel_rank",
            "year",
            "fuel_category",
            net_generation_kwh.desc(),
            "plant_id",
        ),
        Index("ix_plants_plant_year", "plant_id", "year"),
    )


class StateFuelTotal(Base):
    """A state's (or, as US, the nation's) plants of one fuel category in one year, summed at
    ingestion: a state's history reads a few rows per year."""

    __tablename__ = "state_fuel_totals"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(2), primary_key=True)
    fuel_category: Mapped[str] = mapped_column(String(16), primary_key=True)
    plants: Mapped[int] = mapped_column(Integer)
    net_generation_kwh: Mapped[int] = mapped_column(BigInteger)  # of the known values; 0 if none


class Dataset(Base):
    """What each year holds now: the file it came from and when it was loaded."""

    __tablename__ = "datasets"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    ingestion_id: Mapped[int] = mapped_column(BigId)
    generators: Mapped[int] = mapped_column(Integer)
    plants: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PlantLocation(Base):
    """Where a plant (ORISPL) is, from EIA's plant-locations layer; one file's worth at a time."""

    __tablename__ = "plant_locations"

    plant_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line: Mapped[int] = mapped_column(Integer)  # of the source file, for warnings and tracing
    latitude: Mapped[float] = mapped_column(Float)  # WGS 84
    longitude: Mapped[float] = mapped_column(Float)
    state: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(Text)
    county: Mapped[str | None] = mapped_column(Text)
    utility: Mapped[str | None] = mapped_column(Text)
    primary_source: Mapped[str | None] = mapped_column(String(32))  # EIA's, lower case
    total_mw: Mapped[float | None] = mapped_column(Float)
    period: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM of EIA's data


class LocationDataset(Base):
    """The file plant_locations holds now (one row): its SHA-256 makes a reload a no-op."""

    __tablename__ = "location_datasets"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    ingestion_id: Mapped[int] = mapped_column(BigId)
    locations: Mapped[int] = mapped_column(Integer)
    period: Mapped[str | None] = mapped_column(String(7))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


OPEN_RUN_WITH_SHA = "status IN ('queued', 'running') AND sha256 IS NOT NULL"


class Ingestion(Base):
    """One ingestion run of one file: queued, running, then its outcome."""

    __tablename__ = "ingestions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(Text)  # the store key or URI asked for
    status: Mapped[str] = mapped_column(String(16), default="queued")  # outcomes.RunStatus
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    year: Mapped[int | None] = mapped_column(Integer)
    force: Mapped[bool] = mapped_column(Boolean, default=False)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_loaded: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)
    warnings_count: Mapped[int] = mapped_column(Integer, default=0)
    rejects: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(32))  # gridlens.outcomes.ErrorCode
    duration_s: Mapped[float | None] = mapped_column(Float)
    worker: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_ingestions_status_id", "status", "id"),
        Index("ix_ingestions_sha256", "sha256"),
        # One open run per file: an S3 event delivered twice queues it once (ingest/events.py).
        Index(
            "uq_ingestions_open_source_sha256",
            "source",
            "sha256",
            unique=True,
            sqlite_where=text(OPEN_RUN_WITH_SHA),  # and on PostgreSQL: add_postgresql_ddl
        ),
    )


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Single sign-on users are the provider's (issuer, subject); their e-mail is shown, not trusted.
    oidc_issuer: Mapped[str | None] = mapped_column(String(512))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))

    __table_args__ = (UniqueConstraint("oidc_issuer", "oidc_subject"),)

    @property
    def signs_in_with(self) -> str:
        return "password" if self.oidc_subject is None else "sso"


class ApiToken(Base):
    """A personal API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEvent(Base):
    """Who did what to what, when, from where: appended in the transaction of the change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # No foreign key: an event outlives the user it names.
    actor_id: Mapped[int | None] = mapped_column(BigId)
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    target: Mapped[str | None] = mapped_column(String(256))
    outcome: Mapped[str] = mapped_column(String(16))
    client_address: Mapped[str | None] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(128))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_audit_events_at", "at"),
        Index("ix_audit_events_actor_name_id", "actor_name", "id"),
        Index("ix_audit_events_action_id", "action", "id"),
        Index("ix_audit_events_target_id", "target", "id"),
    )


def add_postgresql_ddl() -> None:
    """The PostgreSQL-only parts of these tables: generators partitioned by year (a load swaps
    its year whole), and the index of open runs partial there too. Given here, not where the
    tables are declared, because SQLAlchemy imports its postgresql dialect (25 ms) to check such
    arguments: a process on SQLite has no use for it. Alembic's env adds them, and so does
    creating these tables on PostgreSQL (below); adding them again changes nothing."""
    Base.metadata.tables["generators"].dialect_kwargs["postgresql_partition_by"] = "LIST (year)"
    for index in Base.metadata.tables["ingestions"].indexes:
        if index.name == "uq_ingestions_open_source_sha256":
            index.dialect_kwargs["postgresql_where"] = text(OPEN_RUN_WITH_SHA)


@event.listens_for(Base.metadata, "before_create")
def _postgresql_before_create(_metadata: MetaData, connection: Connection, **_kw: Any) -> None:
    if connection.dialect.name == "postgresql":
        add_postgresql_ddl()
