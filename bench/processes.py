"""Timing commands as whole processes, as a user runs them, for the benchmarks of bench/.

`timed(command, env, times)` runs a child process and adds its wall time and its CPU time (user
and system, from `getrusage(RUSAGE_CHILDREN)`) to `times`; `Times.line(name)` says their medians
and worsts. On a shared, loaded machine the CPU time is the steadier figure: the processes are
single-threaded, so it is their wall time on an idle machine; the wall time also counts waiting
for a core. `sqlite_env` and `build_big_edition` give a throw-away SQLite database holding
the big edition (bench/big_edition.py) for the commands to run on.
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Times:
    """The wall and CPU seconds of each run of one command."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median_wall(self) -> float:
        return statistics.median(self.wall)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)

    def line(self, name: str) -> str:
        return (
            f"{name}: wall median {self.median_wall:.2f} s (worst {max(self.wall):.2f} s), "
            f"CPU median {self.median_cpu:.2f} s (worst {max(self.cpu):.2f} s)"
        )


def paddock(*args: str) -> list[str]:
    """The command line of `python -m paddock ARGS`."""
    return [sys.executable, "-m", "paddock", *args]


def timed(command: list[str], env: dict[str, str], times: Times | None = None) -> str:
    """Runs the command and returns what it printed; adds its wall time and CPU time to
    `times`. A failing command stops the benchmark with its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    if times is not None:
        times.wall.append(wall)
        times.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return done.stdout.strip()


def sqlite_env(folder: str, **extra: str) -> dict[str, str]:
    """The environment of commands that use a SQLite database in `folder` and this tree's code."""
    return os.environ | {
        "PADDOCK_DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
        "PYTHONPATH": str(ROOT / "src"),
        **extra,
    }


def build_big_edition(env: dict[str, str], *, participants: int, meetings: int) -> str:
    """Migrates the database of `env` and builds the edition "big" into it; says what it built."""
    build = [sys.executable, str(ROOT / "bench" / "big_edition.py")]
    build += ["--participants", str(participants), "--meetings", str(meetings)]
    return timed(build, env)
