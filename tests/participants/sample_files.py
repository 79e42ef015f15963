"""Small real files for upload tests: a PDF written by hand, PNG and JPEG drawn by Pillow."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from paddock.participants.models import Attachment, Offer

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)


# A PDF header followed by a page that a browser would run if it were served as HTML.
POLYGLOT_BYTES = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n"


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "drawing.pdf") -> SimpleUploadedFile:
    return upload(name, PDF_BYTES, "application/pdf")


def png(name: str = "part.png") -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG"), "image/png")


def jpeg(name: str = "photo.jpg") -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG"), "image/jpeg")


def stored_attachment(item, name: str = "x.pdf"):
    """An Attachment row on an offer or need, pointing at a file that need not exist."""
    return Attachment.objects.create(
        company=item.company,
        offer=item if isinstance(item, Offer) else None,
        need=None if isinstance(item, Offer) else item,
        file=f"attachments/{name}",
        original_name=name,
        content_type="application/pdf",
        size=10,
    )
