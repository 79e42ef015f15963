"""No mail leaves while the demo is built.

The demo goes through the services, which tell people by mail: requests, acceptances, the
published schedule, no-shows. Its addresses are fictional, so those mails go to Django's dummy
backend; the mails the services queue (`accounts.outbox`) are dropped. Mails about requests
are sent when the transaction commits: this must enclose the outermost transaction of the
build.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.test.utils import override_settings

from paddock.accounts.outbox import mail_discarded


@contextmanager
def no_mail() -> Iterator[None]:
    # override_settings is Django's documented way to change a setting for a while (and to
    # tell the parts that cache it); the demo command runs in its own process.
    # The outbox's mails would leave later, from the task worker: they are dropped instead.
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        mail_discarded(),
    ):
        yield
