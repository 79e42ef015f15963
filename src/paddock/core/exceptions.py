"""The base of every domain exception: a stable code for the API, a translated message."""

from paddock.core.neutral import NeutralMessage


class DomainError(Exception):
    """`message` is text in the active language, or a NeutralMessage when a failed background
    job may store it for readers of other languages (`core.failures`); `message` is then its
    text in the active language, and `neutral` the message itself."""

    code = "error"

    def __init__(
        self, message: str | NeutralMessage, *, code: str | None = None, field: str | None = None
    ) -> None:
        self.neutral = message if isinstance(message, NeutralMessage) else None
        self.message = str(message)
        super().__init__(self.message)
        self.field = field
        if code is not None:
            self.code = code
