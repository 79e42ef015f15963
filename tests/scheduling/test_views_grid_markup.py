"""The schedule grid's room, written in Python rather than by the template (issue 16): what an
organiser sees of it, escaped and translated."""

import re

import pytest
from django.urls import reverse

from paddock.meetings.enums import MeetingStatus
from paddock.meetings.models import Meeting
from paddock.participants.models import Company
from tests import factories
from tests.scheduling.helpers import make_meeting, person, place

pytestmark = pytest.mark.integration


@pytest.fixture
def busy_tent(edition, venue, people, meetings):
    """Names to escape; a locked meeting, one with an interpreter, a no-show where a locked
    meeting with an interpreter was then booked, a home table with a no-show."""
    Company.objects.filter(pk=people.anna.company_id).update(name="A<b>&\"'’ Co")
    yuki = factories.make_interpreter(edition, name='Yuki <T>&"', languages=["fr", "de"])
    place(meetings[0], venue.slots[0], venue.tables[0], locked=True)
    place(meetings[1], venue.slots[1], venue.tables[1], interpreter=yuki)
    place(meetings[2], venue.slots[2], venue.tables[0])
    Meeting.objects.filter(pk=meetings[2].pk).update(status=MeetingStatus.NO_SHOW)
    place(meetings[3], venue.slots[2], venue.tables[0], locked=True, interpreter=yuki)
    eve = person(edition, "Eve")
    venue.tables[2].home_participant = eve
    venue.tables[2].save()
    missed = place(make_meeting(eve, people.bert), venue.slots[3], venue.tables[2])
    Meeting.objects.filter(pk=missed.pk).update(status=MeetingStatus.NO_SHOW)
    return [*meetings, missed]


def _room(response):
    return re.search(
        r'<section aria-labelledby="room-.*?</section>', response.content.decode(), re.S
    )[0]


def test_grid_room_in_french_escapes_names_and_marks_the_chosen_participants_meetings(
    orga, edition, venue, people, busy_tent
):
    url = reverse("scheduling:grid", args=[edition.slug])
    one, two, _freed, four, missed = [m.pk for m in busy_tent]
    tent, link = venue.room.pk, f"/orga/e/{edition.slug}/schedule/meetings/"
    anna = "A&lt;b&gt;&amp;&quot;&#x27;’ Co"

    response = orga.get(url, {"participant": people.anna.pk}, headers={"Accept-Language": "fr"})

    assert _room(response) == (
        f'<section aria-labelledby="room-{tent}">\n'
        f'  <h2 id="room-{tent}">Tent <span class="muted">au plus 3 rendez-vous simultanés'
        "</span></h2>\n"
        f'  <div class="table-scroll" tabindex="0" role="region" aria-labelledby="room-{tent}">\n'
        '  <table class="data schedule-grid focused">\n'
        "    <thead>\n"
        '    <tr><td></td><th scope="colgroup" colspan="4" class="day">jeudi 12 juin</th></tr>\n'
        '    <tr><th scope="col">Table</th>'
        + "".join(f'<th scope="col" title="jeudi 12 juin">{t}</th>' for t in TIMES)
        + "</tr></thead>\n"
        "    <tbody>\n"
        "    \n"
        '      <tr><th scope="row">T1</th>\n'
        f'      <td id="meeting-{one}" class="taken mine locked"><a href="{link}{one}/">'
        f'<span class="company" title="{anna}">{anna}</span>'
        '<span class="company" title="Bert SAS">Bert SAS</span></a>'
        ' <span class="badge">verrouillé</span></td><td class="free"></td>'
        f'<td id="meeting-{four}" class="taken locked"><a href="{link}{four}/">'
        '<span class="company" title="Bert SAS">Bert SAS</span>'
        '<span class="company" title="Carl SAS">Carl SAS</span>'
        '<span class="interpreter">Interprète\xa0: Yuki &lt;T&gt;&amp;&quot;</span></a>'
        ' <span class="badge">verrouillé</span></td><td class="free"></td>\n'
        "      </tr>\n"
        "    \n"
        '      <tr><th scope="row">T2</th>\n'
        f'      <td class="free"></td><td id="meeting-{two}" class="taken mine">'
        f'<a href="{link}{two}/"><span class="company" title="{anna}">{anna}</span>'
        '<span class="company" title="Carl SAS">Carl SAS</span>'
        '<span class="interpreter">Interprète\xa0: Yuki &lt;T&gt;&amp;&quot;</span></a></td>'
        '<td class="free"></td><td class="free"></td>\n'
        "      </tr>\n"
        "    \n"
        '      <tr><th scope="row">T3 <span class="muted" title="Table attitrée">⌂</span></th>\n'
        '      <td class="free"></td><td class="free"></td><td class="free"></td>'
        f'<td id="meeting-{missed}" class="free freed"><a href="{link}{missed}/" '
        'title="Eve SAS – Bert SAS">non honoré</a></td>\n'
        "      </tr>\n"
        "    \n"
        "    </tbody>\n"
        "  </table>\n"
        "  </div>\n"
        "</section>"
    )


TIMES = ["09:00", "09:30", "10:00", "10:30"]


def test_grid_room_in_english_names_its_words_in_english(orga, edition, venue, busy_tent):
    url = reverse("scheduling:grid", args=[edition.slug])

    room = _room(orga.get(url, headers={"Accept-Language": "en"}))

    assert re.findall(
        r'<span class="muted"[^>]*>([^<]*)<|class="day">([^<]*)<|<th scope="col">([^<]*)<'
        r'|class="badge">([^<]*)<|class="interpreter">([^<]*)<|class="free freed"><a[^>]*>([^<]*)<',
        room,
    ) == [
        ("at most 3 meetings at once", "", "", "", "", ""),
        ("", "Thursday 12 June", "", "", "", ""),
        ("", "", "Table", "", "", ""),
        ("", "", "", "locked", "", ""),
        ("", "", "", "", "Interpreter: Yuki &lt;T&gt;&amp;&quot;", ""),
        ("", "", "", "locked", "", ""),
        ("", "", "", "", "Interpreter: Yuki &lt;T&gt;&amp;&quot;", ""),
        ("⌂", "", "", "", "", ""),
        ("", "", "", "", "", "no-show"),
    ]


def _choice(response):
    page = response.content.decode()
    return re.search(r'<form method="get" class="card actions" role="search">\n  (.*?)\n', page)[1]


def test_grid_search_without_a_match_in_french_says_so_under_the_field(
    orga, edition, venue, busy_tent
):
    url = reverse("scheduling:grid", args=[edition.slug])

    response = orga.get(url, {"who": 'z<"z'}, headers={"Accept-Language": "fr"})

    assert _choice(response) == (
        '<div class="field"><label for="id_day">Jour</label><select name="day" id="id_day">'
        '<option value="2031-06-12" selected>jeudi 12 juin</option></select></div>'
        '<div class="field"><label for="id_room">Salle</label><select name="room" id="id_room">'
        f'<option value="{venue.room.pk}" selected>Tent</option></select></div>'
        '<div class="field"><label for="id_who">Afficher les rendez-vous de</label>'
        '<input type="search" name="who" value="z&lt;&quot;z" '
        'placeholder="Nom, e-mail ou entreprise" maxlength="200" aria-invalid="true" '
        'aria-describedby="id_who_error" id="id_who"><ul class="errorlist" id="id_who_error">'
        "<li>Aucun participant ne correspond à «\xa0z&lt;&quot;z\xa0».</li></ul></div>"
    )


def test_grid_room_words_follow_each_requests_language(orga, edition, busy_tent):
    url = reverse("scheduling:grid", args=[edition.slug])

    words = [
        re.findall(r'<span class="badge">([^<]*)</span>', _room(orga.get(url, headers=h)))
        for h in ({"Accept-Language": "fr"}, {"Accept-Language": "en"}, {"Accept-Language": "fr"})
    ]

    assert words == [["verrouillé"] * 2, ["locked"] * 2, ["verrouillé"] * 2]
