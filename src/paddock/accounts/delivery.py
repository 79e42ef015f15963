"""How a written mail leaves (`paddock.accounts.mail` writes it): one at a time, each failing
alone (`_deliver`), after the commit of the action that sends it (`send_after_commit`), over
a connection shared by a batch (`shared_connection`), the failures read by the page of
whoever acted (`unsent_mail`); or, within a `paddock.accounts.outbox.queued_mail` block,
written to the outbox in the action's transaction, for the task worker to send."""

import logging
import smtplib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol

from django.core.mail import EmailMessage, get_connection
from django.db import transaction

# The mail module's name: operators filter the log on it (docs/operations.md).
logger = logging.getLogger("paddock.accounts.mail")


class UnsentMail(list[str]):
    """The addresses whose mail could not be sent, in order, and among them `for_good` those
    the server refused for good (`refused_for_good`), which no later attempt would reach; and
    `queued` the number of mails written to the outbox instead (`outbox.queued_mail`), whose
    fate the edition's mail page tells."""

    def __init__(self) -> None:
        super().__init__()
        self.for_good: set[str] = set()
        self.queued = 0


# The addresses whose mail did not leave, for the innermost `unsent_mail` block; None outside.
_unsent: ContextVar[UnsentMail | None] = ContextVar("paddock_unsent_mail", default=None)


@contextmanager
def unsent_mail() -> Iterator[UnsentMail]:
    """Within the block, the list of the addresses whose mail could not be sent ("" for a
    mail that failed before its address was known): a view wraps the service it calls, whose
    mails leave when its transaction commits, to tell whoever acted the truth."""
    found = UnsentMail()
    token = _unsent.set(found)
    try:
        yield found
    finally:
        _unsent.reset(token)


def _note_unsent(address: str, *, for_good: bool = False) -> None:
    found = _unsent.get()
    if found is not None:
        found.append(address)
        if for_good:
            found.for_good.add(address)


def refused_for_good(error: BaseException) -> bool:
    """Whether the server refused the mail with a permanent answer (5xx: no such mailbox, a
    message it will never take); a temporary one (4xx) or a connection that failed may go
    at a later attempt."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600


def _connection_survives(error: BaseException) -> bool:
    """Whether the server answered the mail with a refusal and the connection serves on
    (smtplib resets it), unlike a 421 (the server closes it) or anything else."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code != 421 for code, _text in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code != 421


class UnreachableMailServerError(ConnectionError):
    """A mail of a batch whose connection could not be opened: not tried."""


class MailConnection:
    """One connection to the mail server for a batch of mails (`shared_connection`): opened
    at the first mail, closed at the end. A mail the server refuses leaves it open for the
    next; any other failure may have broken it, so it is closed and the next mail opens a
    new one. When opening fails, the batch's other mails fail at once, each named, rather
    than each waiting for the server's timeout."""

    def __init__(self) -> None:
        self._backend: Any = None
        self._unreachable = ""  # why the connection could not be opened
        self.pending = False  # mails left for the commit (`send_after_commit`) use it

    def send(self, message: EmailMessage) -> None:
        """Sends `message`; raises what the server or the connection raised."""
        if self._unreachable:
            raise UnreachableMailServerError(self._unreachable)
        if self._backend is None:
            backend = get_connection()
            try:
                backend.open()
            except Exception as error:
                self._unreachable = f"no connection to the mail server ({error!r})"
                raise
            self._backend = backend
        message.connection = self._backend
        try:
            message.send()
        except Exception as error:
            if not _connection_survives(error):
                self.close(broken=True)
            raise

    def close(self, *, broken: bool = False) -> None:
        """Ends the connection, if open. A failure then (a QUIT answered with an error) is
        logged, unless the connection is known `broken`: the server had taken the mails."""
        backend, self._backend = self._backend, None
        if backend is None:
            return
        try:
            backend.close()
        except Exception:
            if not broken:
                logger.warning("The connection to the mail server did not close.", exc_info=True)


# The connection of the innermost `shared_connection` block; None outside.
_shared: ContextVar[MailConnection | None] = ContextVar("paddock_mail_connection", default=None)


@contextmanager
def shared_connection() -> Iterator[MailConnection]:
    """Within the block, the mails sent without a `connection` of their own go over one
    connection (`MailConnection`), and so do those left for the commit (`send_after_commit`)
    when they leave: a sender of many mails wraps its loop, or the service that leaves them.
    Each mail still fails alone (`_deliver`)."""
    connection = MailConnection()
    token = _shared.set(connection)
    try:
        yield connection
    finally:
        _shared.reset(token)
        connection.close()
        if connection.pending:
            # Registered after the mails of the block: runs once they have left.
            transaction.on_commit(connection.close)


class MailCollector(Protocol):
    """Takes the mails written within a `paddock.accounts.outbox.queued_mail` block."""

    def add(self, message: EmailMessage) -> None: ...


# The outbox of the innermost `queued_mail` block; None outside.
_collector: ContextVar[MailCollector | None] = ContextVar("paddock_outbox", default=None)


def _deliver(message: EmailMessage, connection: Any = None) -> bool:
    """Sends one mail, to one address, over `connection`: a `MailConnection`, a Django mail
    backend, or None for the `shared_connection` in force, else a connection of its own.
    False, logged and noted for `unsent_mail`, when the mail server fails (down, refusing,
    timing out): the action that sends the mail is saved already, and a loop over recipients
    goes on with the next. Writing the mail is not covered: an error there is a bug, raised.
    Within a `queued_mail` block (and no `connection` given) the mail goes to the outbox
    instead, and True means it is queued."""
    collector = _collector.get()
    if collector is not None and connection is None:
        collector.add(message)
        return True
    shared = _shared.get() if connection is None else connection
    try:
        if isinstance(shared, MailConnection):
            shared.send(message)
        else:
            message.connection = connection
            message.send()
    except Exception as error:
        (address,) = message.to
        logger.exception("The mail to %s could not be sent.", address)
        _note_unsent(address, for_good=refused_for_good(error))
        return False
    return True


def send_after_commit(send: Callable[..., object], /, *args: Any, **kwargs: Any) -> None:
    """`send(*args, **kwargs)` once the current transaction commits, and never when it rolls
    back, over the `shared_connection` in force now, if any. What fails then is logged and
    noted for `unsent_mail`, not raised: the action is saved, and an error page would have
    its author do it again. (Django's `robust=True` logs with the callback's
    `__qualname__`, which a `functools.partial` lacks.)

    Within a `queued_mail` block the mails are written now instead, into the outbox, whose
    rows the transaction commits or rolls back with the action; an error writing them is
    raised, and rolls the action back."""
    if _collector.get() is not None:
        send(*args, **kwargs)
        return
    shared = _shared.get()
    if shared is not None:
        shared.pending = True

    def send_committed() -> None:
        token = _shared.set(shared) if shared is not None else None
        try:
            send(*args, **kwargs)
        except Exception:
            logger.exception("Mails after a commit failed (%s).", getattr(send, "__name__", send))
            _note_unsent("")
        finally:
            if token is not None:
                _shared.reset(token)

    transaction.on_commit(send_committed)
