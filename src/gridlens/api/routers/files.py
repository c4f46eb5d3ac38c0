"""Source files in the object store: upload one (admin), list them with their last run."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile, status
from pydantic import BaseModel

from gridlens.api.actors import actor
from gridlens.api.deps import SessionDep, SettingsDep
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.audit.events import Action, Actor, Outcome, record
from gridlens.auth.guards import AdminPrincipal
from gridlens.db.engine import session_scope
from gridlens.ingest.uploads import UploadRefused, store_upload, too_large
from gridlens.runs.files import StoredFiles, list_files
from gridlens.settings import Settings
from gridlens.store.factory import open_store

router = APIRouter(prefix=f"{API_V1}/files", tags=["files"])


class Uploaded(BaseModel):
    key: str
    sha256: str
    size: int


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Upload a generator-sheet CSV into the store",
    responses=documented(
        {
            400: "Empty file",
            403: "Not an admin",
            413: "Larger than GRIDLENS_UPLOAD_MAX_MB",
            415: "Not CSV (an Excel workbook, binary data)",
            422: "Not an eGRID generator sheet",
        }
    ),
)
def upload_file(
    request: Request,
    file: Annotated[UploadFile, File(description="The CSV")],
    settings: SettingsDep,
    principal: AdminPrincipal,
) -> Uploaded:
    """Store the file under a key the server makes; then POST /api/v1/ingestions to load it."""
    by = actor(request, principal)
    limit = settings.upload_max_mb << 20
    try:
        if file.size is not None and file.size > limit:
            raise too_large(file.filename, settings.upload_max_mb)
        store = open_store(settings.store_url)
        stored, sha256 = store_upload(store, file.file, file.filename, limit)
    except UploadRefused as error:
        _audit(settings, by, file.filename, Outcome.FAILURE, {"reason": str(error)[:500]})
        raise
    # The object is in the store now; the store has no transaction to share, so this follows it.
    detail = {"filename": file.filename, "sha256": sha256, "size": stored.size}
    _audit(settings, by, stored.key, Outcome.SUCCESS, detail)
    return Uploaded(key=stored.key, sha256=sha256, size=stored.size)


def _audit(
    settings: Settings, by: Actor, target: str | None, outcome: Outcome, detail: dict[str, Any]
) -> None:
    """The store key once stored (what ingestions name), else the name the client gave."""
    with session_scope(settings.database_url) as session:
        record(session, by, Action.FILE_UPLOADED, target or "upload", outcome, detail)


@router.get("", summary="CSV files in the store with their last ingestion")
def files(session: SessionDep, settings: SettingsDep) -> StoredFiles:
    """Every CSV object in the store and what its newest run did."""
    return list_files(session, open_store(settings.store_url))
