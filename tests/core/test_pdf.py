"""Long PDFs in parts: a few runs of pages, and the fingerprint of what they show."""

import base64
import http.server
import threading

import pytest

from paddock.core.pdf import Part, fingerprint, in_chunks, render_part

pytestmark = pytest.mark.unit

STYLESHEET = "scheduling/documents-pdf.css"


@pytest.mark.parametrize(
    ("count", "sizes"),
    [(0, [0]), (3, [1, 1, 1]), (10, [1] * 10), (25, [3] * 8 + [1]), (60, [6] * 10)],
)
def test_in_chunks_gives_at_most_ten_runs_and_one_when_empty(count, sizes):
    runs = in_chunks(list(range(count)))

    assert ([len(run) for run in runs], [n for run in runs for n in run]) == (
        sizes,
        list(range(count)),
    )


def test_fingerprint_changes_with_the_html_and_not_otherwise():
    parts = [Part("<p>Table T1</p>", STYLESHEET), Part("<p>Table T2</p>", STYLESHEET)]
    moved = [Part("<p>Table T3</p>", STYLESHEET), Part("<p>Table T2</p>", STYLESHEET)]

    assert (
        fingerprint(parts) == fingerprint(list(parts)),
        fingerprint(parts) == fingerprint(moved),
    ) == (
        True,
        False,
    )


# A 1x1 PNG, as the badges' QR codes and the report's charts are given: inline.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8"
    "BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def probe_server():
    """A local HTTP server that counts the requests it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def test_a_pdf_fetches_nothing_but_inline_images(probe_server, tmp_path):
    """Whatever a page's HTML names (a value that escaped escaping, a template's mistake), the
    PDF's layout reads no URL and no local file: only the inline images the pages carry."""
    url, hits = probe_server
    secret = tmp_path / "secret.png"
    secret.write_bytes(base64.b64decode(PIXEL.split(",", 1)[1]))
    html = (
        f'<img src="{url}/image.png"><link rel="stylesheet" href="{url}/style.css">'
        f'<p style="background: url({url}/background.png)">x</p>'
        f'<img src="file://{secret}">'
    )

    remote = render_part(Part(html, STYLESHEET)).write_pdf()
    inline = render_part(Part(f'<img src="{PIXEL}">', STYLESHEET)).write_pdf()
    bare = render_part(Part("", STYLESHEET)).write_pdf()

    assert (hits, b"/Image" in remote, b"/Image" in inline, b"/Image" in bare) == (
        [],
        False,
        True,
        False,
    )
