# syntax=docker/dockerfile:1
# The gridlens backend: one image for the API (`gridlens serve`, the default), the worker
# (`gridlens worker`) and the one-shot migration (`gridlens db upgrade`).
#   docker build -t gridlens .
# docker-compose.yml runs all three from it; docs/operations.md tells how.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ghcr.io/astral-sh/uv:0.13.9 AS uv

# Build: the locked dependencies, then gridlens itself as a wheel, into /app/.venv.
FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
# Dependencies get their own layer, rebuilt only when uv.lock changes.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-project
COPY README.md ./
COPY src ./src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable

# Runtime: the interpreter and the virtual environment; no uv, no compiler, no sources.
FROM ${PYTHON_IMAGE} AS runtime
# A fixed uid, so volumes and Kubernetes' runAsUser agree on who owns files.
RUN groupadd --system --gid 10001 gridlens \
    && useradd --system --uid 10001 --gid gridlens --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin gridlens \
    && install --directory --owner=gridlens --group=gridlens /app /app/var
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GRIDLENS_HOST=0.0.0.0 \
    GRIDLENS_PORT=8000 \
    GRIDLENS_LOG_FORMAT=json \
    HEALTHCHECK_URL=http://127.0.0.1:8000/healthz
WORKDIR /app
USER 10001:10001
# 8000: the API (serve); 9101: the worker's metrics (GRIDLENS_WORKER_METRICS_PORT).
EXPOSE 8000 9101
# The worker overrides HEALTHCHECK_URL with its own port; the one-shot migration turns it off.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['HEALTHCHECK_URL'], timeout=4)"]
CMD ["gridlens", "serve"]
