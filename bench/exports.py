"""Export benchmark: the XLSX file of 20,000 meetings, as a whole `export` process.

Run by hand from the repository root, never from tests:

    .venv/bin/python bench/exports.py                       # 2,000 people, 20,000 meetings
    .venv/bin/python bench/exports.py --meetings 40000 --runs 5 --kind participants

Builds the big edition (bench/big_edition.py) into a throw-away SQLite database, then times, in
turn and `--runs` times each, `python -m paddock check` (the baseline: Python, Django and the
project starting) and `python -m paddock export big meetings --format xlsx -o FILE`, each in a
process of its own, as a user runs them. It prints the median and worst wall and CPU times
(user and system) of both, the export's wall time beyond the baseline, the rows written and the
file's size. On a shared, loaded machine the CPU time is the steadier figure: the processes
are single-threaded, so it is their wall time on an idle machine. The bar: the whole export
process under 10 s.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from processes import Times, build_big_edition, paddock, sqlite_env, timed

BAR_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=20000)
    parser.add_argument("--kind", default="meetings")
    parser.add_argument("--format", default="xlsx", choices=["xlsx", "csv"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        env = sqlite_env(folder)
        built = build_big_edition(env, participants=args.participants, meetings=args.meetings)
        print(f"built: {built}")
        output = Path(folder) / f"export.{args.format}"
        check = paddock("check")
        export = paddock("export", "big", args.kind, "--format", args.format, "-o", str(output))
        baseline, exports, said = Times(), Times(), ""
        for _run in range(args.runs):
            timed(check, env, baseline)
            said = timed(export, env, exports)
        size = output.stat().st_size
    print(f"load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f}")
    print(baseline.line("check (baseline)"))
    print(exports.line(f"export {args.kind} {args.format}"))
    beyond = exports.median_wall - baseline.median_wall
    print(f"export beyond the baseline (wall): {beyond:.2f} s; {said} ({size / 1e6:.1f} MB)")
    wall, cpu = exports.median_wall, exports.median_cpu
    for name, seconds in (("wall", wall), ("CPU", cpu)):
        verdict = "under" if seconds < BAR_S else "OVER"
        print(
            f"bar: the whole export process, {name} median {seconds:.2f} s: {verdict} {BAR_S:.0f} s"
        )
    return 0 if min(wall, cpu) < BAR_S else 1


if __name__ == "__main__":
    sys.exit(main())
