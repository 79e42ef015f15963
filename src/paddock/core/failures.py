"""What a failed background job (an import, a PDF, a solver run) tells whoever reads it.

A domain error's message is written for them: it is shown as it is. Any other exception (the
database refusing, a disk full, a bug) means nothing to an organiser: they read what failed
and what to do, and the administrator finds the exception, with its traceback, in the
server's log.

The job's row keeps the message in no language (`FailedJob.failure`, a NeutralMessage), and
each page translates it for its reader (`FailedJob.failure_text`): a French organiser and an
English colleague read the same failure each in their own language, whatever the worker's.
"""

import logging

from paddock.core.exceptions import DomainError
from paddock.core.neutral import NeutralMessage


def failure_of(
    error: Exception, *, unexpected: NeutralMessage, logger: logging.Logger, context: str
) -> NeutralMessage:
    """`error`'s message when it is a domain error; else `unexpected`, after logging `error`
    with its traceback under `context` ("Import 12 job 3"). A domain error raised with
    translated text rather than a NeutralMessage keeps that text: no catalogue knows it, so
    every reader gets it as written."""
    if isinstance(error, DomainError):
        return error.neutral or NeutralMessage(error.message)
    logger.error("%s failed", context, exc_info=error)
    return unexpected


def failure_text(failure: dict | None, *, stored: str) -> str:
    """A job's failure in the active language; `stored`, the text of a row that failed before
    failures were kept in no language, when it has none."""
    return str(NeutralMessage.from_json(failure)) if failure else stored
