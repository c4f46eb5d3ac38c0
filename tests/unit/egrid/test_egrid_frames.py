"""The reader keeps and reports the same whichever way a line is read: in bulk (columns at a time)
or by its one-record part (RecordReader), and whatever the block sizes: on the layouts and cell
formats of the other parser tests, the real files and a fuzz."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gridlens.egrid.rows import MAX_REPORTED
from tests.unit.egrid.paths import assert_same, by_frames, same_digest_groups
from tests.unit.egrid.test_egrid_layouts import DESCRIPTIONS, GEN23, ROWS_23, csv_bytes
from tests.unit.egrid.test_egrid_rows import GOOD, row, sheet

# Every line a block of its own, or the whole sheet one block.
BLOCKS = (1, 1 << 22)

GEN21 = GEN23.replace("SEQGEN23", "SEQGEN").replace("PSTATEABB", "PSTATABB")
ROWS_21 = [line.replace(",2023,", ",2021,") for line in ROWS_23]
QUOTED = (
    '1,2023,TX,"Smith, Jones ""North"" Plant",100,"0001",,OP,ST,NG,"1,281.0",0.5,"20,961",,x,2001,'
)
TWO_LINE = '2,2023,TX,"Two\nLine Plant",101,A,,OP,ST,NG,1,0.5,5,,x,2001,'
AFTER = "3,2023,TX,After,102,B,,OP,ST,NG,1,0.5,6,,x,2001,"
CANO = "4,2023,PR,Caño Grande,61234,CG1,,OP,PV,SUN,5,0.2,8760,3650,EIA-923,2020,"
PENUELAS = "4,2023,PR,Peñuelas,61235,P1,,OP,PV,SUN,5,0.2,8760,3650,EIA-923,2020,"

LAYOUTS = {
    "epa two header rows": csv_bytes(DESCRIPTIONS, GEN23, *ROWS_23),
    "abbreviations only": csv_bytes(GEN23, *ROWS_23),
    "pandas index column": csv_bytes(
        "," + GEN23, *(f"{i},{line}" for i, line in enumerate(ROWS_23))
    ),
    "apple numbers": csv_bytes("Table 1", "", GEN23, *ROWS_23),
    "apple numbers padded": csv_bytes("Table 1", ",,,,,,,,,,,,,,,,", DESCRIPTIONS, GEN23, *ROWS_23),
    "gen21 bom crlf": b"\xef\xbb\xbf" + csv_bytes(DESCRIPTIONS, GEN21, *ROWS_21, newline="\r\n"),
    "crlf": csv_bytes(DESCRIPTIONS, GEN23, *ROWS_23, newline="\r\n"),
    "cr only": csv_bytes(GEN23, *ROWS_23, newline="\r"),
    "windows-1252": csv_bytes(GEN23, *ROWS_23, CANO, encoding="cp1252"),
    "utf-8 then windows-1252": csv_bytes(GEN23, PENUELAS) + csv_bytes(CANO, encoding="cp1252"),
    "windows-1252 then utf-8": csv_bytes(GEN23, *ROWS_23)
    + csv_bytes(CANO, encoding="cp1252")
    + csv_bytes(PENUELAS, *ROWS_23),
    "quotes, commas, a line break": csv_bytes(GEN23, QUOTED, TWO_LINE, AFTER),
    "a line break, then more rows": csv_bytes(GEN23, *ROWS_23, TWO_LINE, *ROWS_23, AFTER),
    "any column order": csv_bytes(
        " genntan ,Comment,pname,ORISPL,Year,PSTATABB,GENID,PLFUELCT",
        "12.5,checked,Comanche Peak,6145,2022,TX,1,NUCLEAR",
    ),
    "no last line end": csv_bytes(GEN23, *ROWS_23)[:-1],
    "missing columns": csv_bytes(DESCRIPTIONS, GEN23.replace("ORISPL,", "")),
    "no header": csv_bytes(DESCRIPTIONS, *ROWS_23),
    "empty": b"",
    "header only": csv_bytes(DESCRIPTIONS, GEN23),
    "workbook": b"PK\x03\x04\x14\x00\x06\x00rest",
    "nul byte": csv_bytes(GEN23, ROWS_23[0]) + b"2,2023,AK,A\x00,1,1,,,,,,,1,,,,\n",
    "unclosed quote": csv_bytes(
        GEN23,
        '1,2023,AK,"Unclosed,1,1,,,,,,,1,,,,',
        *(f"{i},2023,AK,Plant {i},{i},1,,OP,ST,NG,1,0.5,5,,x,2001," for i in range(2, 3000)),
    ),
    "stray carriage return": csv_bytes(GEN23, ROWS_23[0], "2,2023,AK,A\rB,5,1,,,,,,,1,,,,"),
    "quote inside a cell": csv_bytes(
        GEN23, '1,2023,AK,Big "A" Plant,5,1,,OP,ST,NG,1,0.5,5,,x,2001,'
    ),
    "text after a closing quote": csv_bytes(
        GEN23, '1,2023,AK,"Big" Plant,5,1,,OP,ST,NG,1,0.5,5,,x,2001,', *ROWS_23
    ),
    "blank lines": csv_bytes(GEN23, ROWS_23[0], "", "", ROWS_23[1], "\r", ROWS_23[2]),
}

NUMBERS = [
    *("9457000", '"9,457,000"', "-11.383", '"(2,443)"', '" (2,443)"', "(13)", " (0)", "(0)"),
    *("1e3", "", "--", "-", "NA", "N/A", "n/a", "#N/A", "nan", "NaN", "-nan", "0", "-0", "-0.0"),
    *("inf", "-inf", "1e400", "1e-400", "abc", "#DIV/0!", "12.5", '"1,281.0"', " 5 ", "5_000"),
    *("\u0663", '"1,5"', "(5", "5)", "( )", "+5", "+.5", ".5", "5.", " 1e5", "\xa05\xa0"),
    *(
        '"(1,234.5e3)"',
        "- 5",
        "--5",
        "(-5)",
        "1 000",
        " ",
        "\t",
        " NA ",
        "00012",
        "1.7976931348623157e308",
    ),
    *("2.2250738585072011e-308", "9007199254740993", "0.30000000000000004", "1E-3", '"(1,234)"'),
]
WHOLE = [
    *("2013", '"2,013"', "2013.0", " 2013 ", "(5)", "--", "NA", "+5", "00012", "2147483647"),
    *("2147483648", "-2147483647", "-2147483648", "1e3", "12.5", "5_000", "\u0663", "1990s"),
    *("99999999999", "", " ", "-0", "(0)", '"1,000,000"', "3e9"),
]
TEXTS = [
    *("TX", "tx", " tx", "Tx ", "ZZ", "", " ", "ﬂ", "T", "0", "PR", "\xa0TX\xa0"),
]
NAMES = [
    *(
        "Comanche Peak",
        "  Comanche Peak  ",
        " ",
        "",
        "0",
        "\u3000A\u3000",
        "a\x1fb",
        "\x1cPlant\x1d",
    ),
    *('"Smith, Jones ""North"""', "x" * 300, "ﬀ"),
]
GENERATOR_IDS = ["1", " 0001 ", "", " ", "G" * 32, "G" * 33, "\xa0G\xa0", '"1,2"']


def cases() -> dict[str, bytes]:
    """The other parser tests' sheets, and one sheet per cell form of theirs and more."""
    found = dict(LAYOUTS)
    for column, forms in (
        ("GENNTAN", NUMBERS),
        ("CFACT", NUMBERS),
        ("NAMEPCAP", NUMBERS),
        ("GENYRONL", WHOLE),
        ("NUMBLR", WHOLE),
        ("SEQGEN22", WHOLE),
        ("ORISPL", [*WHOLE, "0", "6145.0", "-5"]),
        ("YEAR", [*WHOLE, "2022", " 2022 ", "2022.0", '"2,022"', "2021", "1", "twenty"]),
        ("PSTATABB", TEXTS),
        ("PNAME", NAMES),
        ("GENID", GENERATOR_IDS),
    ):
        for form in forms:
            found[f"{column}={form!r}"] = sheet(GOOD, row(**{column: form}), GOOD)
    found["padding rows"] = sheet(
        GOOD,
        "",
        ",,,,,,,,,,",
        "0,,,,,,0,,,",
        "0,0,,,0,,0,0,0,0,0",
        " , , , , ",
        "0,,0,0,0.0,,,,,,",
        GOOD,
    )
    found["no plant code"] = sheet(",2022,,Some Plant,,1,,,,5,", ",2022,TX,,0,,,,,,")
    found["short and long rows"] = sheet(
        "1,2022,TX,Comanche Peak,6145,1,1,1215.0,0.9", GOOD + ",,", GOOD + ",, oops", GOOD
    )
    found["first bad cell"] = sheet(row(ORISPL="x", GENNTAN="y"))
    found["first row sets the year"] = sheet(row(YEAR="1"), row(YEAR="2021"), row(YEAR="2021"))
    found["copies and repeats"] = sheet(
        GOOD,
        row(GENNTAN='"9,457,000"', PSTATABB="tx", NAMEPCAP='" 1,215 "'),
        GOOD,
        row(SEQGEN22="2", GENID="01"),
    )
    found["no seqgen"] = (
        b"YEAR,PSTATABB,PNAME,ORISPL,GENID,GENNTAN\n2022,TX,Comanche Peak,6145,1,5\n"
    )
    found["findings past the cap"] = sheet(
        *(row(SEQGEN22=str(i), GENNTAN="x") for i in range(MAX_REPORTED + 50))
    )
    return found


CASES = cases()


@pytest.mark.parametrize("block_bytes", BLOCKS)
@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_frames_keep_and_report_what_rows_do(data: bytes, block_bytes: int) -> None:
    assert_same(data, block_bytes)


@pytest.mark.parametrize("data", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_blocks_of_a_few_lines(data: bytes) -> None:
    assert_same(data, block_bytes=200)


def test_reads_of_any_size_split_lines_anywhere() -> None:
    data = CASES["quotes, commas, a line break"] + b"".join(
        line.encode() + b"\r\n" for line in ROWS_23
    )
    for read_bytes in (1, 3, 17):
        assert_same(data, block_bytes=64, read_bytes=read_bytes)


def test_equal_rows_share_a_digest_as_with_rows() -> None:
    assert same_digest_groups(CASES["copies and repeats"])
    assert same_digest_groups(CASES["copies and repeats"], block_bytes=1)


def test_a_record_over_two_lines_hands_the_rest_to_sheet_reader() -> None:
    rows, report = by_frames(CASES["a line break, then more rows"], block_bytes=1 << 22)  # type: ignore[misc]
    assert [(line, name) for line, _, _, _, _, _, name, *_ in rows][3:5] == [
        (6, "Two\nLine Plant"),  # the record ends on line 6
        (7, "Alakanuk"),
    ]
    assert report.rows_read == 8


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "name", ["gen23.csv", "gen22_excel_formatted.csv", "gen21_bom_excel_formatted.csv"]
)
@pytest.mark.parametrize("block_bytes", [1 << 16, 1 << 22])
def test_the_real_files(shared_egrid: Path, name: str, block_bytes: int) -> None:
    data = (shared_egrid / name).read_bytes()
    assert_same(data, block_bytes)
    assert same_digest_groups(data, block_bytes)


# Cells for the fuzz: valid forms of every column, and what each column refuses.
_FUZZ_NUMBERS = [*NUMBERS, "1,234", "(2,443)", "20961", "-0.007", "0.368"]
_FUZZ = {
    "SEQGEN23": WHOLE,
    "YEAR": ["2022"] * 30 + [" 2022 ", "2022.0", '"2,022"', "2021", "1", ""],
    "PSTATEABB": ["TX"] * 10 + TEXTS,
    "PNAME": ["Plant A", "Plant B", "Plant A"] * 3 + NAMES,
    "ORISPL": [str(n) for n in range(1, 12)] * 3 + ["0", "", " 7 ", "6145.0", '"1,234"', "x"],
    "GENID": ["1", "2", "3"] * 5 + GENERATOR_IDS,
    "NUMBLR": WHOLE,
    "GENSTAT": ["OP", " op ", "", "X" * 17],
    "PRMVR": ["ST", "CT", ""],
    "FUELG1": ["NG", "SUN", "", "MWH"],
    "NAMEPCAP": _FUZZ_NUMBERS,
    "CFACT": _FUZZ_NUMBERS,
    "GENNTAN": _FUZZ_NUMBERS,
    "GENNTOZ": _FUZZ_NUMBERS,
    "GENERSRC": ["EIA-923", "", '"a, b"', "Caño"],
    "GENYRONL": WHOLE,
    "GENYRRET": WHOLE,
}


def _fuzz_sheet(rng: random.Random) -> bytes:
    header = list(_FUZZ)
    rng.shuffle(header)
    lines = [",".join(header)]
    for _ in range(rng.randint(1, 40)):
        good = rng.random() < 0.7
        cells = [
            rng.choice(_FUZZ[name][:4] if good and rng.random() < 0.9 else _FUZZ[name])
            for name in header
        ]
        line = ",".join(cells)
        if rng.random() < 0.03:
            line += rng.choice([",", ", x", ",,"])
        if rng.random() < 0.03:
            line = line.rsplit(",", rng.randint(1, 5))[0]
        lines.append(line)
    if rng.random() < 0.3:
        lines.append(rng.choice(lines[1:]))
    newline = rng.choice(["\n", "\r\n"])
    encoding = rng.choice(["utf-8", "utf-8", "cp1252"])
    return "".join(line + newline for line in lines).encode(encoding, "replace")


@pytest.mark.parametrize("seed", range(25))
def test_fuzzed_sheets(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(4):
        assert_same(_fuzz_sheet(rng), block_bytes=rng.choice([1, 200, 1 << 22]))
