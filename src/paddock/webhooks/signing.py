"""The signature of a webhook: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret.

docs/api.md shows receivers how to check it.
"""

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Paddock-Signature"
TIMESTAMP_HEADER = "X-Paddock-Timestamp"


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The value of the X-Paddock-Signature header: "sha256=" then the hexadecimal digest."""
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
