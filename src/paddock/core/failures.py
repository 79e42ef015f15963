"""What a failed background job (an import, a PDF, a solver run) tells the person who asked.

A domain error's message is written for them: it is shown as it is. Any other exception (the
database refusing, a disk full, a bug) means nothing to an organiser and is in the worker's
language: they read what failed and what to do, and the administrator finds the exception,
with its traceback, in the server's log.
"""

import logging

from paddock.core.exceptions import DomainError


def failure_message(
    error: Exception, *, unexpected: str, logger: logging.Logger, context: str
) -> str:
    """`error`'s message when it is a domain error; else `unexpected` (translated by the
    caller), after logging `error` with its traceback under `context` ("Import 12 job 3")."""
    if isinstance(error, DomainError):
        return error.message
    logger.error("%s failed", context, exc_info=error)
    return unexpected
