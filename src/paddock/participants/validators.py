"""Checks of uploaded attachments, shared by the profile forms and services."""

import re
import unicodedata
from pathlib import PureWindowsPath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024

# The first bytes of each accepted type; the name and the browser's content type are
# never trusted, as both are chosen by the uploader.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
# The extensions each accepted type may keep; the first is given to a name without one.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
}
_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\- ()]+")
# What counts as an extension to replace: a short suffix with a letter ("Spec v1.2" has none).
_EXTENSION = re.compile(r"\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")


def sniff_content_type(head: bytes) -> str | None:
    """The content type of a file starting with these bytes, or None when not accepted."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def safe_filename(name: str) -> str:
    """The uploaded name without folders, control or odd characters, at most 150 characters.

    Used for display and in Content-Disposition; never as a path on disk.
    """
    base = PureWindowsPath(name).name  # drops both / and \\ folders
    base = unicodedata.normalize("NFC", base)
    cleaned = _UNSAFE_NAME_CHARS.sub("_", base).strip(" .")
    if len(cleaned) > 150:
        stem, dot, extension = cleaned.rpartition(".")
        cleaned = f"{stem[: 149 - len(extension)]}.{extension}" if dot else cleaned[:150]
    return cleaned or "attachment"


def name_for_type(name: str, content_type: str) -> str:
    """The safe form of `name` ending with an extension of its detected content type.

    A "%PDF-" file named report.html becomes report.pdf, so that no program that trusts the
    extension (a browser opening a download, a file manager) takes it for another type.
    """
    base = safe_filename(name)
    accepted = EXTENSIONS.get(content_type)
    if accepted is None or base.lower().endswith(accepted):
        return base
    return safe_filename(_EXTENSION.sub("", base) + accepted[0])


def check_attachment(upload: UploadedFile) -> str:
    """The real content type of an accepted upload; raises ValidationError otherwise.

    Refuses files over 10 MB and files whose content is not PDF, PNG or JPEG.
    """
    name = safe_filename(upload.name or "")
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            # The exact size: a rounded one ("10.0 MB") may read as within the limit.
            _("%(name)s is larger than %(limit)s MB (%(size)s bytes).")
            % {
                "name": name,
                "size": number_format(size, force_grouping=True),
                "limit": MAX_ATTACHMENT_BYTES // MEGABYTE,
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("%(name)s is not a PDF, PNG or JPEG file.") % {"name": name}, code="wrong_type"
        )
    return content_type
