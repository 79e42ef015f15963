"""XLSX bombs benchmark: the time and peak memory an import takes to refuse the spreadsheets of
the fifteenth session's audit (docs/security.md, "Newer surfaces, audited"), a few kilobytes
each that make openpyxl build millions of objects, and how long the count before openpyxl
takes on a file it lets through.

Run by hand, never from tests:

    .venv/bin/python bench/xlsx_bombs.py              # every file, 1 run each
    .venv/bin/python bench/xlsx_bombs.py --runs 3 --only rows-5m

Each file is read by `exchange.reading.read_table` (what the import task calls) in a process
of its own, Django and openpyxl imported beforehand. "Before" is the process's resident memory
just before the call, "peak" its highest resident memory (the file itself included); both in
MB. The files are written once into a temporary folder. Run it from another tree to compare.
"""

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.exchange.files import (  # noqa: E402  (the tree's root is on the path first)
    SHEET,
    rows_added,
    with_declared_size,
    xlsx,
    xlsx_with_comment,
    xlsx_with_part_streamed,
)

CONTENT_TYPES = "[Content_Types].xml"
WHOLE_SHEET = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'


def _sheet(change: Callable[[bytes], bytes]) -> bytes:
    """The two-row workbook, deflated, its sheet's XML through `change`."""
    return xlsx_with_part_streamed(SHEET, lambda xml: [change(xml)])


def _at_end(xml: bytes) -> bytes:
    return _sheet(lambda sheet: sheet.replace(b"</worksheet>", xml + b"</worksheet>"))


def _repeated(xml: bytes, times: int) -> Iterator[bytes]:
    """`xml` `times` times, a million at a time."""
    for start in range(0, times, 1_000_000):
        yield xml * min(1_000_000, times - start)


def _lying() -> bytes:
    """[Content_Types].xml followed by 300 MB of spaces, declared as its XML alone."""
    declared = len(
        zipfile.ZipFile(io.BytesIO(xlsx([["Email"], ["ann@example.com"]]))).read(CONTENT_TYPES)
    )

    def padded(xml: bytes) -> Iterator[bytes]:
        yield xml
        yield from _repeated(b" ", 300_000_000)

    return with_declared_size(
        xlsx_with_part_streamed(CONTENT_TYPES, padded), CONTENT_TYPES, declared
    )


FILES: dict[str, Callable[[], bytes]] = {
    "merge-3m": lambda: _at_end(
        b'<mergeCells count="1"><mergeCell ref="C3:V150000"/></mergeCells>'
    ),
    "merge-sheet": lambda: _at_end(WHOLE_SHEET),
    "comment-3m": lambda: xlsx_with_comment(b"C3:V150000"),
    "cells-5m": lambda: xlsx_with_part_streamed(
        SHEET, rows_added(_repeated(b"<row>" + b"<c/>" * 1_000 + b"</row>", 5_000))
    ),
    "rows-5m": lambda: xlsx_with_part_streamed(
        SHEET, rows_added(_repeated(b'<row ht="1"/>', 5_000_000))
    ),
    "validations-500k": lambda: _at_end(
        b"<dataValidations>" + b'<dataValidation sqref="A1"/>' * 500_000 + b"</dataValidations>"
    ),
    "formats-500k": lambda: _at_end(
        b'<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
        b"<formula>A1</formula></cfRule></conditionalFormatting>" * 500_000
    ),
    # At the 200 MB unpacked bound: rows with a height (refused at the 1,048,577th), and 180 MB
    # of a cell's text, which is not counted, before a merge over the whole sheet.
    "rows-200mb": lambda: xlsx_with_part_streamed(
        SHEET, rows_added(_repeated(b'<row ht="1"/>', 15_000_000))
    ),
    "text-then-merge": lambda: xlsx_with_part_streamed(
        SHEET,
        lambda xml: rows_added(
            [
                b'<row r="3"><c r="A3" t="inlineStr"><is><t>',
                *_repeated(b"x", 190_000_000),
                b"</t></is></c></row>",
            ]
        )(xml.replace(b"</worksheet>", WHOLE_SHEET + b"</worksheet>")),
    ),
    # A zip bomb by ratio: a part whose directory declares less than it holds.
    "ratio-300mb": _lying,
    # Let through: the count alone (openpyxl would then take minutes to load it).
    "cells-1.9m-count": lambda: xlsx_with_part_streamed(
        SHEET, rows_added(_repeated(b"<row>" + b"<c><v>1</v></c>" * 1_000 + b"</row>", 1_900))
    ),
}


def measure(path: Path) -> dict[str, object]:
    """In this process: read the file at `path` as the import does; time, memory, outcome."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paddock.settings")
    import django

    django.setup()
    import openpyxl  # noqa: F401  (imported before the measure, as in a worker that read one)

    from paddock.exchange.reading import (
        ReadingError,
        _check_built_objects,
        check_file,
        read_table,
    )

    data = path.read_bytes()
    before = _resident_mb()
    start = time.perf_counter()
    try:
        check_file(data, path.name)
        if path.stem.endswith("-count"):
            _check_built_objects(data)
            outcome = "counted"
        else:
            read_table(data, path.name)
            outcome = "read"
    except ReadingError as error:
        outcome = error.code
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "before": before, "peak": _status_mb("VmHWM"), "outcome": outcome}


def _resident_mb() -> float:
    return _status_mb("VmRSS")


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (getrusage's peak would include what the
    parent held when it forked this process)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", action="append", choices=sorted(FILES), default=[])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's side
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    print(f"{platform.python_implementation()} {platform.python_version()}, tree {ROOT}")
    print(
        f"{'file':<18} {'size':>9} {'unpacked':>9} {'outcome':>9} {'s':>6} "
        f"{'before':>7} {'peak':>7}"
    )
    with tempfile.TemporaryDirectory() as work:
        for name in args.only or FILES:
            path = Path(work) / f"{name}.xlsx"
            path.write_bytes(FILES[name]())
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(part.file_size for part in archive.infolist())
            for _run in range(args.runs):
                child = subprocess.run(
                    [sys.executable, __file__, "--measure", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                got = json.loads(child.stdout.splitlines()[-1])
                print(
                    f"{name:<18} {path.stat().st_size / 1024:>7.1f}KB "
                    f"{unpacked / 1024 / 1024:>7.1f}MB {got['outcome']:>9} "
                    f"{got['seconds']:>6.2f} {got['before']:>7.1f} {got['peak']:>7.1f}"
                )


if __name__ == "__main__":
    main()
