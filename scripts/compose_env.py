"""`make up`'s helper, standard library only: write .env with fresh secrets, then say where to go.

python3 scripts/compose_env.py create .env.example .env   # only when .env is missing
python3 scripts/compose_env.py summary .env [--first]     # URLs; --first adds the admin login
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from pathlib import Path

# The names docker-compose.yml requires from .env without a default (tests/.../test_compose.py).
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN")
ASSIGNMENT = re.compile(r"^([A-Z0-9_]+)=(.*)$")
SECRET_BYTES = 32  # 43 URL-safe characters: enough for the JWT key, safe inside a database URL


def fresh_env(example: str) -> str:
    """example's text with every empty secret given its own random value; the rest as it is."""

    def fill(line: str) -> str:
        match = ASSIGNMENT.match(line)
        if match and not match.group(2) and SECRET_NAME.search(match.group(1)):
            return f"{match.group(1)}={secrets.token_urlsafe(SECRET_BYTES)}"
        return line

    return "".join(fill(line) + "\n" for line in example.splitlines())


def read_env(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in map(ASSIGNMENT.match, text.splitlines()) if m}


def create(example: Path, target: Path) -> bool:
    """Write target from example unless it exists (never overwritten); True when written."""
    text = fresh_env(example.read_text(encoding="utf-8"))
    try:
        # O_EXCL: a .env that appears meanwhile is still never overwritten; 0600: secrets inside.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    return True


def summary(env: dict[str, str], *, first: bool) -> str:
    """Where each part of the stack answers; the admin's login only the first time."""
    bind = env.get("GRIDLENS_BIND") or "127.0.0.1"
    # All interfaces (0.0.0.0) include this machine's loopback.
    host = "localhost" if bind in {"127.0.0.1", "0.0.0.0"} else bind  # noqa: S104
    web = f"http://{host}:{env.get('GRIDLENS_WEB_PORT') or '8080'}"
    lines = [
        "gridlens is starting (`docker compose ps` shows when every service is healthy):",
        f"  UI and API     {web}   (API docs: {web}/docs)",
        f"  MinIO console  http://{host}:9001",
        f"  Grafana        http://{host}:3000",
        f"  Prometheus     http://{host}:9090",
        f"  Alertmanager   http://{host}:9093",
        f"  Jaeger         http://{host}:16686",
    ]
    if first:
        lines += [
            "",
            "Sign in to gridlens as "
            f"{env.get('GRIDLENS_ADMIN_USER', 'admin')} / {env.get('GRIDLENS_ADMIN_PASSWORD', '')}",
            "(generated now, and kept in .env with the other secrets; it is shown only this once)",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("create", help="write .env from .env.example if it is missing")
    make.add_argument("example", type=Path)
    make.add_argument("target", type=Path)
    show = commands.add_parser("summary", help="print the URLs (and the admin login with --first)")
    show.add_argument("env", type=Path)
    show.add_argument("--first", action="store_true")
    args = parser.parse_args(argv)

    if args.command == "create":
        if not args.example.is_file():
            sys.stderr.write(f"error: {args.example} is missing; run from the repository root\n")
            return 2
        if create(args.example, args.target):
            print(f"wrote {args.target} with fresh random secrets (keep it; it is git-ignored)")
        else:
            print(f"kept the existing {args.target}")
        return 0
    print(summary(read_env(args.env.read_text(encoding="utf-8")), first=args.first))
    return 0


if __name__ == "__main__":
    sys.exit(main())
