"""Source files in the object store: upload one (admin), list them with their last run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile, status
from pydantic import BaseModel

from gridlens.api.deps import SessionDep, SettingsDep
from gridlens.api.problems import documented
from gridlens.api.routers import API_V1
from gridlens.auth.guards import AdminPrincipal
from gridlens.ingest.uploads import UploadRefused, store_upload
from gridlens.runs.files import StoredFiles, list_files
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
    _: AdminPrincipal,
) -> Uploaded:
    """Store the file under a key the server makes; then POST /api/v1/ingestions to load it."""
    limit = settings.upload_max_mb << 20
    if file.size is not None and file.size > limit:
        raise UploadRefused(
            f"{file.filename} is larger than the {settings.upload_max_mb} MB upload limit "
            "(GRIDLENS_UPLOAD_MAX_MB)",
            status=413,
        )
    stored, sha256 = store_upload(open_store(settings.store_url), file.file, file.filename, limit)
    return Uploaded(key=stored.key, sha256=sha256, size=stored.size)


@router.get("", summary="CSV files in the store with their last ingestion")
def files(session: SessionDep, settings: SettingsDep) -> StoredFiles:
    """Every CSV object in the store and what its newest run did."""
    return list_files(session, open_store(settings.store_url))
