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
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAR_S = 10.0


@dataclass
class Times:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def line(self, name: str) -> str:
        wall, cpu = statistics.median(self.wall), statistics.median(self.cpu)
        return (
            f"{name}: wall median {wall:.2f} s (worst {max(self.wall):.2f} s), "
            f"CPU median {cpu:.2f} s (worst {max(self.cpu):.2f} s)"
        )


def timed(command: list[str], env: dict[str, str], times: Times | None = None) -> str:
    """Runs the command; adds its wall time and its CPU time (user and system) to `times`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if times is not None:
        times.wall.append(wall)
        times.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return done.stdout.strip()


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
        env = os.environ | {
            "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "PYTHONPATH": str(ROOT / "src"),
        }
        build = [sys.executable, str(ROOT / "bench" / "big_edition.py")]
        build += ["--participants", str(args.participants), "--meetings", str(args.meetings)]
        print(f"built: {timed(build, env)}")
        output = Path(folder) / f"export.{args.format}"
        check = [sys.executable, "-m", "paddock", "check"]
        export = [sys.executable, "-m", "paddock", "export", "big", args.kind]
        export += ["--format", args.format, "-o", str(output)]
        baseline, exports, said = Times(), Times(), ""
        for _run in range(args.runs):
            timed(check, env, baseline)
            said = timed(export, env, exports)
        size = output.stat().st_size
    print(f"load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f}")
    print(baseline.line("check (baseline)"))
    print(exports.line(f"export {args.kind} {args.format}"))
    beyond = statistics.median(exports.wall) - statistics.median(baseline.wall)
    print(f"export beyond the baseline (wall): {beyond:.2f} s; {said} ({size / 1e6:.1f} MB)")
    wall, cpu = statistics.median(exports.wall), statistics.median(exports.cpu)
    for name, seconds in (("wall", wall), ("CPU", cpu)):
        verdict = "under" if seconds < BAR_S else "OVER"
        print(
            f"bar: the whole export process, {name} median {seconds:.2f} s: {verdict} {BAR_S:.0f} s"
        )
    return 0 if min(wall, cpu) < BAR_S else 1


if __name__ == "__main__":
    sys.exit(main())
