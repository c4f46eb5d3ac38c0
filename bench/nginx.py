"""The compose stack's web server (docker/nginx.conf) run natively by Debian's nginx, in front of
replicas on 127.0.0.1: the same server block, with an upstream group for the API's name."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import ROOT, BenchError, pinned, server

WEB_CONF = ROOT / "docker" / "nginx.conf"
UPSTREAM = "gridlens_api"
IMAGE_ROOT = "root /usr/share/nginx/html;"
MIME_TYPES = Path("/etc/nginx/mime.types")


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise BenchError("nginx is not installed (Debian: apt-get install nginx-light)")
    return found


def render_web(replicas: list[int], port: int, root: Path) -> str:
    """docker/nginx.conf as the image's entrypoint fills it in, proxying to an upstream group of
    the replicas' ports: nginx looks the API's name up among the groups before any resolver, as
    it resolves the compose service's name to every replica's address."""
    text = WEB_CONF.read_text()
    text = text.replace("${GRIDLENS_API_UPSTREAM}", UPSTREAM)
    text = text.replace("${NGINX_LOCAL_RESOLVERS}", "127.0.0.1")
    if "${" in text or text.count(IMAGE_ROOT) != 1 or text.count("listen 8080;") != 1:
        raise BenchError(f"{WEB_CONF} no longer has the placeholders this bench fills in")
    text = text.replace(IMAGE_ROOT, f"root {root};")
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    servers = "".join(f"    server 127.0.0.1:{replica};\n" for replica in replicas)
    return f"upstream {UPSTREAM} {{\n{servers}}}\n{text}"


def whole_config(prefix: Path, http: str, connections: int) -> str:
    """An nginx.conf around http-level directives: foreground, one worker, files under prefix."""
    # As root, workers would run as nobody, who cannot write the temp folders under prefix.
    user = "user root;" if os.geteuid() == 0 else ""
    types = f"include {MIME_TYPES};" if MIME_TYPES.is_file() else ""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
{user}
daemon off;
worker_processes 1;
worker_rlimit_nofile {connections * 4};
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections {connections * 2}; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log off;
{temp}
{http}
}}
"""


@contextmanager
def nginx(
    http: str, prefix: Path, port: int, core: int | None, connections: int = 1024
) -> Iterator[subprocess.Popen[bytes]]:
    """nginx with the given http-level config on core, checked with -t first, on port."""
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(whole_config(prefix, http, connections))
    # -e: its startup log too, before the config names one (/var/log may not be writable).
    args = [nginx_binary(), "-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "error.log")]
    check = subprocess.run([*args, "-t"], capture_output=True, text=True, timeout=30, check=False)
    if check.returncode != 0:
        raise BenchError(f"nginx -t refused {conf}:\n{check.stderr}")
    with server(
        pinned(args, core),
        ready_url=f"http://127.0.0.1:{port}/nginx-healthz",
        log=prefix / "nginx.log",
    ) as child:
        yield child
