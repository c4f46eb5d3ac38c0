"""BlockLines: one stream read as lines, as blocks of whole lines, or both in turn."""

from __future__ import annotations

import random

import pytest

from gridlens.egrid.lines import BlockLines, count_lines
from tests.unit.egrid.paths import lines_of


def pieces(data: bytes, cuts: list[int]) -> list[bytes]:
    ends = [*sorted(cuts), len(data)]
    return [data[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def test_lines_as_a_stream_splitting_at_lf_would_hand_them_out() -> None:
    data = b"a,b\r\nc\n\nlast"
    assert list(BlockLines(pieces(data, [1, 4, 7]))) == [b"a,b\r\n", b"c\n", b"\n", b"last"]


def test_blocks_end_at_a_line_end_and_a_long_line_comes_whole() -> None:
    lines = BlockLines([b"aa\nbbbbbbbb\ncc\n", b"dd"])
    assert lines.block(4) == b"aa\n"
    assert lines.block(4) == b"bbbbbbbb\n"
    assert lines.block(100) == b"cc\ndd"
    assert lines.block(100) == b""
    assert lines.lines_out == 4


def test_unread_lines_come_again() -> None:
    lines = BlockLines([b"a\nb\nc\n"])
    assert next(lines) == b"a\n"
    block = lines.block(10)
    lines.unread(block[2:])
    assert (lines.lines_out, list(lines)) == (2, [b"c\n"])


@pytest.mark.parametrize("seed", range(30))
def test_any_mix_of_lines_blocks_and_unreads_keeps_every_line_once(seed: int) -> None:
    rng = random.Random(seed)
    data = b"".join(rng.choice([b"a", b"bc", b"\n", b"\r\n", b"xyz,"]) for _ in range(80))
    cuts = rng.sample(range(len(data) + 1), rng.randint(0, 6))
    lines, got = BlockLines(pieces(data, cuts)), []
    while True:
        if rng.random() < 0.4:
            if (line := next(lines, None)) is None:
                break
            got.append(line)
        else:
            block = lines.block(rng.randint(1, 12))
            if not block:
                break
            if rng.random() < 0.2:
                lines.unread(block)
            else:
                got.extend(lines_of(block))
        assert lines.lines_out == len(got)
    assert got == lines_of(data)
    assert count_lines(data) == len(got)
