"""An interpreter's private link (interpreters have no account): their own agenda as a page,
a PDF and a calendar file, found by the secret in the address; the organiser renews it."""

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from paddock.events.enums import EditionStatus
from tests import factories
from tests.html_text import row_cells

pytestmark = pytest.mark.integration


@pytest.fixture
def yuki(edition, placed):
    """Yuki interprets both placed meetings (Anna with Bert, then Anna with Carl)."""
    interpreter = factories.make_interpreter(edition, name="Yuki Tanaka")
    for meeting in placed:
        meeting.interpreter = interpreter
        meeting.save()
    return interpreter


def link(interpreter, name="interpreter-agenda"):
    return reverse(
        f"scheduling-public:{name}", args=[interpreter.edition.slug, interpreter.link_token]
    )


def rows_of(page: str) -> list[list[str]]:
    return row_cells(page.split('id="interpreter-meetings">', 1)[1], row=r"<tr id=[^>]*>")


@pytest.mark.parametrize(
    ("language", "title", "place"),
    [
        ("en", "Agenda of Yuki Tanaka", "Tent, table T1"),
        ("fr", "Agenda de Yuki Tanaka", "Tent, table T1"),
    ],
)
def test_interpreter_link_shows_their_agenda_without_an_account(
    client, yuki, language, title, place
):
    response = client.get(link(yuki), HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert (re.findall(r"<h1>(.*?)</h1>", page), [row[1:] for row in rows_of(page)]) == (
        [title],
        [
            [place, "Anna Test · Anna SAS (fr)", "Bert Test · Bert SAS (fr, en)"],
            [place.replace("T1", "T2"), "Anna Test · Anna SAS (fr)", "Carl Test · Carl SAS (en)"],
        ],
    )


def test_interpreter_link_before_publication_shows_no_meeting(client, edition, yuki):
    edition.status = EditionStatus.MATCHMAKING
    edition.save()

    page = client.get(link(yuki), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert (
        'id="interpreter-meetings"' in page,
        "The schedule is not published yet: your meetings will appear here once it is." in page,
    ) == (False, True)


def test_interpreter_link_pdf_is_their_agenda(client, yuki):
    response = client.get(link(yuki, "interpreter-pdf"))

    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")


def test_interpreter_link_calendar_has_their_meetings(client, yuki, placed):
    response = client.get(link(yuki, "interpreter-ics"), HTTP_ACCEPT_LANGUAGE="en")

    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert (
        response["Content-Type"],
        [(str(event["summary"]), str(event["location"])) for event in events],
    ) == (
        "text/calendar; charset=utf-8",
        [
            ("Interpreting: Anna SAS and Bert SAS", "Tent, table T1"),
            ("Interpreting: Anna SAS and Carl SAS", "Tent, table T2"),
        ],
    )


@pytest.mark.parametrize("name", ["interpreter-agenda", "interpreter-pdf", "interpreter-ics"])
def test_interpreter_link_with_a_wrong_token_is_not_found(client, edition, yuki, name):
    other_edition = factories.make_edition()
    wrong = reverse(f"scheduling-public:{name}", args=[edition.slug, "not-the-secret"])
    elsewhere = reverse(f"scheduling-public:{name}", args=[other_edition.slug, yuki.link_token])

    answers = [client.get(url).status_code for url in (wrong, elsewhere)]

    assert answers == [404, 404]


def test_interpreter_link_renewed_kills_the_old_one(client, organiser_user, edition, yuki):
    old = link(yuki)
    client.force_login(organiser_user)

    response = client.post(reverse("events:interpreter-link-renew", args=[edition.slug, yuki.pk]))

    yuki.refresh_from_db()
    client.logout()
    assert (
        response.url,
        client.get(old).status_code,
        client.get(link(yuki)).status_code,
    ) == (reverse("events:interpreter-list", args=[edition.slug]), 404, 200)


def test_interpreter_list_shows_each_private_link(client, organiser_user, edition, yuki):
    client.force_login(organiser_user)

    page = client.get(reverse("events:interpreter-list", args=[edition.slug])).content.decode()

    assert re.findall(r'class="link" value="([^"]*)"', page) == [f"http://testserver{link(yuki)}"]
