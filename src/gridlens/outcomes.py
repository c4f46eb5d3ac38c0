"""What a run record tells a client to act on: its status, and why it failed as a code.

Clients (the UI, API scripts, the CLI) decide on these values, never on the words of a message.
"""

from __future__ import annotations

from enum import StrEnum


class RunStatus(StrEnum):
    """An ingestion run is queued, then running, then succeeded, skipped or failed."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    SKIPPED = "skipped"  # the year (or the plant locations) already holds this exact file
    FAILED = "failed"


ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
DONE = (RunStatus.SUCCEEDED, RunStatus.SKIPPED)


class SourceKind(StrEnum):
    """What an ingested file turned out to be, told by its header."""

    GENERATORS = "generators"  # an eGRID generator sheet: replaces its year
    LOCATIONS = "locations"  # EIA's plant locations: replaces every location


class ErrorCode(StrEnum):
    """Why a run failed; the run's `error` says the same in words, with where."""

    # The file is not a generator sheet (or plant-locations file): refused before any row is read.
    EMPTY_FILE = "empty_file"
    NOT_TEXT = "not_text"  # binary, UTF-16 or an Excel workbook
    NOT_CSV = "not_csv"
    NOT_A_GENERATOR_SHEET = "not_a_generator_sheet"  # no header naming the generator columns
    MISSING_COLUMNS = "missing_columns"
    REPEATED_COLUMNS = "repeated_columns"
    NO_GENERATOR_ROWS = "no_generator_rows"
    NO_LOCATION_ROWS = "no_location_rows"  # a plant-locations header, then no rows
    TOO_LARGE = "too_large"  # an upload over GRIDLENS_UPLOAD_MAX_MB: refused before it is stored
    # The rows were read, and the file refused as a whole.
    TOO_MANY_REJECTS = "too_many_rejects"  # more than --max-reject-ratio
    SHRINK_REFUSED = "shrink_refused"  # far fewer generators than the year holds: --force
    # Where the file lives, or the database, failed.
    OBJECT_NOT_FOUND = "object_not_found"
    INVALID_KEY = "invalid_key"
    STORE_UNAVAILABLE = "store_unavailable"
    STORE_ERROR = "store_error"
    DATABASE_UNAVAILABLE = "database_unavailable"
    # The process running it stopped, or gridlens itself failed.
    INTERRUPTED = "interrupted"
    INTERNAL_ERROR = "internal_error"
