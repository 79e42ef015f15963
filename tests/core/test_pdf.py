"""Long PDFs in parts: a few runs of pages, and the fingerprint of what they show."""

import pytest

from paddock.core.pdf import Part, fingerprint, in_chunks

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
