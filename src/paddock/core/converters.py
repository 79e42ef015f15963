"""URL converters shared by the apps, registered when the core app is ready."""


class TokenConverter:
    """A secret token in an address (URL-safe base64, as `secrets.token_urlsafe` makes it).

    Anything else, a NUL byte or another control character above all, matches no URL and is a
    404 before the token reaches the database (PostgreSQL refuses NUL in text)."""

    regex = "[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
