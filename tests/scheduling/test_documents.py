"""Venue documents: all agendas in one file, table signs, room sheets, and their pages."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from paddock.scheduling import documents
from tests import factories
from tests.scheduling.helpers import make_meeting, person

pytestmark = pytest.mark.integration


def test_all_agendas_have_one_page_per_participant(edition, placed):
    document = documents.agendas_document(edition)

    assert (len(document.pages), document.write_pdf()[:5]) == (4, b"%PDF-")


def test_an_agenda_names_the_readers_tables(edition, placed, people):
    document = documents.agendas_document(edition, participants=[people.anna], language="en")

    assert (_text_of(document).count("Table T1"), _text_of(document).count("Table T2")) == (1, 1)


def test_agendas_follow_each_readers_language_or_the_chosen_one(
    edition, placed, people, monkeypatch
):
    people.anna.user.preferred_language = "fr"
    people.anna.user.save()
    people.bert.user.preferred_language = "en"
    people.bert.user.save()
    seen = []
    render = documents.agenda_part
    monkeypatch.setattr(
        documents,
        "agenda_part",
        lambda context: seen.append(translation.get_language()) or render(context),
    )

    documents.agendas_document(edition, participants=[people.anna, people.bert])
    documents.agendas_document(edition, participants=[people.anna], language="en")

    assert seen == ["fr", "en", "en"]


def test_no_participant_gives_no_agenda_document(edition):
    assert documents.agendas_document(edition) is None


def test_table_signs_have_one_page_per_table_with_the_home_exhibitor(edition, venue, people):
    venue.tables[1].home_participant = people.dora
    venue.tables[1].save()

    document = documents.table_signs_document(edition)

    assert (len(document.pages), "Dora SAS" in _text_of(document)) == (3, True)


def test_room_sheets_have_one_page_per_room_and_slot(edition, venue, placed):
    other = factories.make_room(edition, name="Annex")
    factories.make_table(other, label="A1")

    document = documents.room_sheets_document(edition)

    assert len(document.pages) == 2 * 4


def test_room_sheet_of_a_slot_names_both_participants_at_their_table(edition, venue, placed):
    sheets = documents.room_sheets(edition)

    first = sheets[0]
    assert [
        (table.label, meeting and str(meeting.first.company)) for table, meeting in first["rows"]
    ] == [
        ("T1", "Anna SAS"),
        ("T2", None),
        ("T3", None),
    ]


def _agendas_queries(edition, count: int) -> int:
    for n in range(count):
        first = person(edition, f"{edition.slug}{n}a")
        make_meeting(first, person(edition, f"{edition.slug}{n}b"))
    with CaptureQueriesContext(connection) as queries:
        documents.agendas_document(edition)
    return len(queries)


def test_all_agendas_read_as_many_queries_for_one_pair_as_for_three(edition):
    other = factories.make_edition(slug="three")

    assert _agendas_queries(edition, 1) == _agendas_queries(other, 3)


def test_documents_page_links_each_pdf(client, edition, staff_user, people):
    client.force_login(staff_user)

    response = client.get(reverse("scheduling:documents", args=[edition.slug]))

    hrefs = [
        reverse("scheduling:agendas-pdf", args=[edition.slug]),
        reverse("scheduling:table-signs-pdf", args=[edition.slug]),
        reverse("scheduling:room-sheets-pdf", args=[edition.slug]),
        reverse("scheduling:participant-agenda-pdf", args=[edition.slug, people.anna.pk]),
    ]
    assert [href in response.content.decode() for href in hrefs] == [True] * 4


def _page_queries(client, edition, count: int) -> int:
    for n in range(count):
        person(edition, f"{edition.slug}{n}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("scheduling:documents", args=[edition.slug]))
    assert response.status_code == 200
    return len(queries)


def test_documents_page_reads_as_many_queries_for_one_participant_as_for_three(
    client, edition, organiser_user
):
    other = factories.make_edition(series=edition.series, slug="three")
    client.force_login(organiser_user)

    assert _page_queries(client, edition, 1) == _page_queries(client, other, 3)


@pytest.mark.parametrize("name", ["agendas-pdf", "table-signs-pdf", "room-sheets-pdf"])
def test_each_pdf_is_served_to_staff(client, edition, staff_user, placed, name):
    client.force_login(staff_user)

    response = client.get(reverse(f"scheduling:{name}", args=[edition.slug]))

    assert (response.status_code, response["Content-Type"], response.getvalue()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


def test_one_participants_agenda_is_served(client, edition, staff_user, placed, people):
    client.force_login(staff_user)
    url = reverse("scheduling:participant-agenda-pdf", args=[edition.slug, people.anna.pk])

    response = client.get(url, {"language": "fr"})

    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")


def test_a_participant_of_another_edition_is_not_found(client, edition, staff_user):
    stranger = factories.make_participant(factories.make_edition(slug="elsewhere"))
    client.force_login(staff_user)
    url = reverse("scheduling:participant-agenda-pdf", args=[edition.slug, stranger.pk])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["participant_user", "checkin_user"])
def test_participants_and_checkin_agents_may_not_print(client, edition, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("scheduling:documents", args=[edition.slug]))

    assert response.status_code == 403


def _text_of(document) -> str:
    """The words laid out on every page, read from WeasyPrint's boxes."""
    words: list[str] = []

    def walk(box) -> None:
        text = getattr(box, "text", None)
        if text:
            words.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(words)


def test_all_agendas_without_participants_is_a_one_page_pdf(client, edition, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("scheduling:agendas-pdf", args=[edition.slug]))

    assert (response.status_code, response.getvalue()[:5]) == (200, b"%PDF-")


def test_room_sheet_names_the_meetings_interpreter(edition, venue, placed):
    placed[0].interpreter = factories.make_interpreter(edition, name="Yuki Tanaka")
    placed[0].save()

    with translation.override("en"):
        html = "".join(part.html for part in documents.room_sheet_parts(edition))

    assert html.count("Interpreter: Yuki Tanaka") == 1


def test_interpreter_agenda_page_lists_their_meetings_in_time_order(
    client, edition, staff_user, venue, placed
):
    yuki = factories.make_interpreter(edition, name="Yuki Tanaka")
    for meeting in reversed(placed[:2]):
        meeting.interpreter = yuki
        meeting.save()
    client.force_login(staff_user)

    response = client.get(reverse("scheduling:interpreter-agenda", args=[edition.slug, yuki.pk]))

    assert response.context["meetings"] == placed[:2]


@pytest.mark.parametrize(("language", "title"), [("fr", "Agenda de"), ("en", "Agenda of")])
def test_interpreter_agenda_speaks_the_organisers_language(
    client, edition, staff_user, language, title
):
    yuki = factories.make_interpreter(edition, name="Yuki")
    client.force_login(staff_user)

    page = client.get(
        reverse("scheduling:interpreter-agenda", args=[edition.slug, yuki.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()

    assert f"<h1>{title} Yuki</h1>" in page


def test_interpreter_agenda_pdf_lists_their_meetings(client, edition, staff_user, placed):
    yuki = factories.make_interpreter(edition, name="Yuki Tanaka")
    placed[0].interpreter = yuki
    placed[0].save()
    client.force_login(staff_user)

    response = client.get(
        reverse("scheduling:interpreter-agenda-pdf", args=[edition.slug, yuki.pk])
    )

    text = _text_of(documents.interpreter_agenda_document(yuki))
    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")
    assert ("Yuki Tanaka" in text, "Anna Test" in text, "Bert Test" in text) == (True, True, True)


def test_interpreter_agenda_heads_a_day_by_the_editions_calendar_not_utc(edition, placed):
    # 00:30 on the edition's clock is still the day before in UTC: one day, one heading.
    yuki = factories.make_interpreter(edition, name="Yuki Tanaka")
    later = placed[1].slot
    day = later.start.astimezone(edition.tzinfo).date()
    early = placed[0].slot
    early.start = dt.datetime.combine(day, dt.time(0, 30), tzinfo=edition.tzinfo)
    early.end = early.start + dt.timedelta(minutes=30)
    early.save()
    for meeting in placed:
        meeting.interpreter = yuki
        meeting.save()
    context = {"edition": edition, "interpreter": yuki}

    html = render_to_string(
        "scheduling/pdf/interpreter_agenda.html",
        {**context, "meetings": documents.interpreter_meetings(yuki)},
    )

    assert early.start.astimezone(dt.UTC).date() != day
    assert re.findall(r'<tr class="day"><th colspan="3">(.*?)</th>', html) == [
        date_format(day, "l j F Y")
    ]
