"""configure_logging: JSON lines for machines, the console renderer for a person at a TTY."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from gridlens.log_format import wants_json
from gridlens.logs import configure_logging
from gridlens.settings import Settings


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


class FakeTTY:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    ("log_format", "tty", "expected"),
    [
        ("json", True, True),
        ("console", False, False),
        ("auto", False, True),
        ("auto", True, False),
    ],
)
def test_format_choice(
    monkeypatch: pytest.MonkeyPatch, log_format: str, tty: bool, expected: bool
) -> None:
    monkeypatch.setattr("sys.stderr", FakeTTY(tty))

    assert wants_json(Settings(log_format=log_format)) is expected  # type: ignore[arg-type]


def test_json_lines_carry_timestamp_level_service_and_event(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(Settings(log_format="json"), service="gridlens-test")

    structlog.stdlib.get_logger("gridlens.test").warning("disk low", free_mb=12)
    logging.getLogger("uvicorn.error").warning("from the standard library")
    logging.getLogger("gridlens.test").debug("below the level")

    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert [(line["event"], line["level"], line["service"]) for line in lines] == [
        ("disk low", "warning", "gridlens-test"),
        ("from the standard library", "warning", "gridlens-test"),
    ]
    assert lines[0]["free_mb"] == 12
    assert lines[0]["timestamp"].endswith("Z")


def test_configuring_twice_keeps_one_handler(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(log_format="json"))
    configure_logging(Settings(log_format="json"))

    structlog.stdlib.get_logger("gridlens.test").info("once")

    assert len(capsys.readouterr().err.splitlines()) == 1


def test_console_renderer_is_not_json(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(log_format="console"))

    structlog.stdlib.get_logger("gridlens.test").info("hello", n=1)

    line = capsys.readouterr().err.strip()
    assert line.split()[1:4] == ["[info", "]", "hello"]
    assert "n=1" in line
