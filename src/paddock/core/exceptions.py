"""The base of every domain exception: a stable code for the API, a translated message."""


class DomainError(Exception):
    code = "error"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code
