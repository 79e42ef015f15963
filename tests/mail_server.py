"""A mail server that refuses mails, for the tests of what happens when one cannot leave.

An SMTP server is outside the machine: this is the one thing the tests fake. Django's
test outbox (locmem) stands behind it, so the mails that do leave are in `mailoutbox`.
It opens and closes connections as Django's SMTP backend does (`send_messages` on a backend
not yet open opens one for its mails and closes it after), and counts them."""

import logging
import smtplib
from typing import Any, ClassVar

from django.core.mail.backends import locmem

# In `refused`: the server is down (no connection opens).
EVERY_ADDRESS = "*"
# In `refused`: the server fails the end of a connection, after the mails, as a QUIT answered
# with an error does.
QUIT_FAILS = "quit"
# An address in `refused` with this prefix is refused for now (450), not for good (550).
FOR_NOW = "later:"


class RefusingBackend(locmem.EmailBackend):
    """Raises as Django's SMTP backend does when the server is down (every mail, when
    `refused` holds EVERY_ADDRESS) or refuses a recipient (the addresses in `refused`: for
    good, or for now with the FOR_NOW prefix). `connections` counts the connections opened;
    with `drops_after` set, the server drops each connection after that many mails; for the
    addresses in `answer_lost`, it takes the mail, then the connection drops before its
    answer, so the sender cannot know the mail left."""

    refused: ClassVar[set[str]] = set()
    answer_lost: ClassVar[set[str]] = set()
    connections: ClassVar[int] = 0
    drops_after: ClassVar[int | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_open = False
        self.broken = False
        self.sent_here = 0  # mails on the open connection

    def open(self) -> bool:
        if self.is_open:
            return False
        if EVERY_ADDRESS in self.refused:
            raise ConnectionRefusedError(111, "Connection refused")
        RefusingBackend.connections += 1
        self.is_open, self.broken, self.sent_here = True, False, 0
        return True

    def close(self) -> None:
        if not self.is_open:
            return
        self.is_open = False
        if self.broken:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        if QUIT_FAILS in self.refused:
            raise smtplib.SMTPResponseException(421, b"4.4.2 Closing connection")

    def send_messages(self, email_messages: Any) -> int:
        opened_here = self.open()
        try:
            for message in email_messages:
                self._accept(message)
                super().send_messages([message])
                self.sent_here += 1
                if set(message.to) & self.answer_lost:
                    self.broken = True
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        finally:
            if opened_here:
                self.close()
        return len(email_messages)

    def _accept(self, message: Any) -> None:
        if self.broken:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        if self.drops_after is not None and self.sent_here >= self.drops_after:
            self.broken = True
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        for_good = set(message.to) & self.refused
        for_now = {address for address in message.to if FOR_NOW + address in self.refused}
        if for_good or for_now:
            raise smtplib.SMTPRecipientsRefused(
                dict.fromkeys(for_good, (550, b"5.1.1 Mailbox unavailable"))
                | dict.fromkeys(for_now, (450, b"4.2.1 Mailbox busy, try again later"))
            )


BACKEND = f"{RefusingBackend.__module__}.{RefusingBackend.__qualname__}"


def logged_failures(caplog) -> list[str]:
    """The mails the mail helpers logged as not sent, as their log lines read."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "paddock.accounts.mail" and record.levelno == logging.ERROR
    ]
