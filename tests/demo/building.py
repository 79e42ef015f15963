"""The demo built as `python -m paddock demo` builds it, for the tests of tests/demo."""

import datetime as dt
import io
from dataclasses import dataclass

from django.core.management import call_command


def run_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@dataclass
class DemoBuild:
    output: str
    mails: list[list[str]]
    """The recipients of every mail sent while the demo was built, its commit included."""
    started: dt.datetime
    """When the build started: what it stamped itself is not before."""
