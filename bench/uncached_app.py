"""gridlens with its response cache off, served as `gridlens serve` would: `python -m
bench.uncached_app PORT`. The API benchmark shows what each request costs when it must query."""

from __future__ import annotations

import sys

import uvicorn

from gridlens.api.app import create_app
from gridlens.settings import get_settings


def main() -> None:
    app = create_app(get_settings())
    responses = getattr(app.state, "responses", None)
    if responses is not None:
        responses.disable()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


if __name__ == "__main__":
    main()
