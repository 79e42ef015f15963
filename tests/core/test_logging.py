"""The log: each message of Django's own loggers written once, while debugging and in
production (Django's default handlers and our root handler both wrote them while debugging)."""

import logging

import pytest
from django.test import override_settings

pytestmark = pytest.mark.unit


def _writers(logger: logging.Logger, record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers that would write `record` logged on `logger` (pytest's own left out)."""
    found: list[logging.Handler] = []
    current: logging.Logger | None = logger
    while current is not None:
        found += [
            handler
            for handler in current.handlers
            if record.levelno >= handler.level
            and handler.filter(record)
            and not type(handler).__module__.startswith("_pytest")
        ]
        current = current.parent if current.propagate else None
    return found


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("name", ["django.request", "django.utils.autoreload", "paddock.core"])
def test_each_message_is_written_once(name, debug):
    logger = logging.getLogger(name)
    record = logger.makeRecord(name, logging.WARNING, __file__, 1, "a message", (), None)
    with override_settings(DEBUG=debug):
        assert len(_writers(logger, record)) == 1
