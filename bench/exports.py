"""Export benchmark: the XLSX file of 20,000 meetings, as a whole `export` process.

Run by hand from the repository root, never from tests:

    .venv/bin/python bench/exports.py                       # 2,000 people, 20,000 meetings
    .venv/bin/python bench/exports.py --meetings 40000 --runs 5 --kind participants

Builds the big edition (bench/big_edition.py) into a throw-away SQLite database, then times, in
turn and `--runs` times each, `python -m paddock check` (the baseline: Python, Django and the
project starting) and `python -m paddock export big meetings --format xlsx -o FILE`, each in a
process of its own, as a user runs them. It prints the median and worst wall times of both, the
export's time beyond the baseline, the rows written and the file's size. The bar: the whole
export process under 10 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAR_S = 10.0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--kind", default="meetings")
    parser.add_argument("--format", default="xlsx", choices=["xlsx", "csv"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {
            "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "PYTHONPATH": str(ROOT / "src"),
        }
        build = [sys.executable, str(ROOT / "bench" / "big_edition.py")]
        build += ["--participants", str(args.participants), "--meetings", str(args.meetings)]
        seconds, said = timed(build, env)
        print(f"built in {seconds:.1f} s: {said}")
        output = Path(folder) / f"export.{args.format}"
        check = [sys.executable, "-m", "paddock", "check"]
        export = [sys.executable, "-m", "paddock", "export", "big", args.kind]
        export += ["--format", args.format, "-o", str(output)]
        baseline, exports, said = [], [], ""
        for _run in range(args.runs):
            baseline.append(timed(check, env)[0])
            seconds, said = timed(export, env)
            exports.append(seconds)
        size = output.stat().st_size
    base, whole = statistics.median(baseline), statistics.median(exports)
    print(f"check (baseline): median {base:.2f} s, worst {max(baseline):.2f} s")
    print(f"export {args.kind} {args.format}: median {whole:.2f} s, worst {max(exports):.2f} s")
    print(f"export beyond the baseline: {whole - base:.2f} s; {said} ({size / 1e6:.1f} MB)")
    verdict = "under" if max(exports) < BAR_S else "OVER"
    print(f"bar: the whole export process {verdict} {BAR_S:.0f} s")
    return 0 if max(exports) < BAR_S else 1


if __name__ == "__main__":
    sys.exit(main())
