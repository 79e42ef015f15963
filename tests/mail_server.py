"""A mail server that refuses mails, for the tests of what happens when one cannot leave.

An SMTP server is outside the machine: this is the one thing the tests fake. Django's
test outbox (locmem) stands behind it, so the mails that do leave are in `mailoutbox`."""

import smtplib
from typing import Any, ClassVar

from django.core.mail.backends import locmem

EVERY_ADDRESS = "*"
# In `refused`: the server fails the end of a connection opened by hand (`with
# get_connection()`), after the mails, as a QUIT answered with an error does.
QUIT_FAILS = "quit"


class RefusingBackend(locmem.EmailBackend):
    """Raises as Django's SMTP backend does when the server is down (every mail, when
    `refused` holds EVERY_ADDRESS) or refuses a recipient (the addresses in `refused`)."""

    refused: ClassVar[set[str]] = set()

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            if EVERY_ADDRESS in self.refused:
                raise ConnectionRefusedError(111, "Connection refused")
            refused = set(message.to) & self.refused
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    dict.fromkeys(refused, (550, b"5.1.1 Mailbox unavailable"))
                )
        return super().send_messages(email_messages)

    def close(self) -> None:
        if QUIT_FAILS in self.refused:
            raise smtplib.SMTPResponseException(421, b"4.4.2 Closing connection")
        super().close()


BACKEND = f"{RefusingBackend.__module__}.{RefusingBackend.__qualname__}"
