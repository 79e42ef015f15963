"""Timestamps of a solve's steps on stderr, to see where a run's time goes outside the search.

Off unless the environment sets `PADDOCK_SOLVER_TIMES` (to anything but empty): then each
`mark(step)` prints one line, wall seconds since the process started (forked searches count
from their top process), the printing process and its CPU seconds:

    PADDOCK_SOLVER_TIMES=1 python -m paddock_solver solve P.json -o S.json
    times 0.412 s pid 4242 cpu 0.388 s faults 9120: encoded

(`faults`: the process's minor page faults so far, first touches and copies on write.)

Off, a mark costs one test of a constant (docs/solver.md, "What a run spends outside the
search").
"""

from __future__ import annotations

import os
import resource
import sys
import time

ON = bool(os.environ.get("PADDOCK_SOLVER_TIMES"))


def _started() -> float:
    """When this process started, on CLOCK_BOOTTIME (Linux; elsewhere: now, at import)."""
    try:
        with open(f"/proc/{os.getpid()}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22, starttime, in ticks
    except (OSError, ValueError, IndexError):
        return _now()


def _now() -> float:
    clock = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
    return time.clock_gettime(clock)


STARTED = _started() if ON else 0.0


def mark(step: str) -> None:
    """One line on stderr when `PADDOCK_SOLVER_TIMES` is set; nothing otherwise."""
    if ON:
        print(
            f"times {_now() - STARTED:.3f} s pid {os.getpid()} "
            f"cpu {time.process_time():.3f} s "
            f"faults {resource.getrusage(resource.RUSAGE_SELF).ru_minflt}: {step}",
            file=sys.stderr,
            flush=True,
        )
