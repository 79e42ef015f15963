"""The check-in desk and presence pages: who may use them, what the agent sees."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paddock.checkin.models import CheckIn
from paddock.checkin.services import check_in
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Participant
from tests import factories
from tests.checkin.test_desk_services import badge_code

pytestmark = pytest.mark.integration

# Edition, session, user, roles (two), protocol, rooms, latest check-ins.
QUERIES = 8


@pytest.fixture
def agent(client, checkin_user):
    client.force_login(checkin_user)
    return client


def _url(edition, name):
    return reverse(f"checkin:{name}", args=[edition.slug])


def _result(response):
    context = response.context
    checkin, refused = context.get("checkin"), context.get("refused")
    return (checkin.participant if checkin else None, refused.code if refused else None)


def test_agent_checks_in_a_badge_code(agent, edition, participant):
    code = badge_code(participant)

    response = agent.post(_url(edition, "desk"), {"code": code, "place": ""})

    assert (response.status_code, _result(response)) == (200, (participant, None))
    assert "Checked in" in response.content.decode()


def test_participant_may_not_use_the_desk(client, edition, participant_user):
    client.force_login(participant_user)

    responses = [client.get(_url(edition, name)) for name in ("desk", "desk-search", "presence")]

    assert [r.status_code for r in responses] == [403, 403, 403]


def test_code_of_another_edition_is_unknown_at_the_desk(agent, edition):
    other = factories.make_participant(factories.make_edition())
    code = badge_code(other)

    response = agent.post(_url(edition, "desk"), {"code": code, "place": ""})

    assert (_result(response), CheckIn.objects.count()) == ((None, "unknown_code"), 0)
    assert "Unknown badge code." in response.content.decode()


def test_desk_refuses_entrance_without_health_pass_check(agent, edition, participant):
    edition.protocol.health_pass_required = True
    edition.protocol.save()

    refused = agent.post(_url(edition, "desk"), {"participant": participant.pk, "place": ""})
    accepted = agent.post(
        _url(edition, "desk"),
        {"participant": participant.pk, "place": "", "health_pass_checked": "on"},
    )

    assert (_result(refused), _result(accepted)) == (
        (None, "health_pass_required"),
        (participant, None),
    )


def _health_pass_box(response):
    """The health pass checkbox as the page renders it."""
    return re.search(r'<input[^>]*name="health_pass_checked"[^>]*>', response.content.decode())[0]


def test_desk_keeps_the_health_pass_box_ticked_for_the_session(agent, edition, participant):
    edition.protocol.health_pass_required = True
    edition.protocol.save()
    other = factories.make_participant(edition)

    after_post = agent.post(
        _url(edition, "desk"),
        {"participant": participant.pk, "place": "", "health_pass_checked": "on"},
    )
    later = agent.get(_url(edition, "desk"))

    assert [_health_pass_box(after_post), _health_pass_box(later)] == [
        '<input type="checkbox" name="health_pass_checked" aria-describedby='
        '"id_health_pass_checked_helptext" id="id_health_pass_checked" checked>'
    ] * 2
    assert (_result(agent.post(_url(edition, "desk"), {"participant": other.pk, "place": ""})))[
        1
    ] == "health_pass_required"


def test_already_checked_in_shows_when(agent, edition, participant, checkin_user):
    check_in(edition, by=checkin_user, participant=participant)

    response = agent.post(_url(edition, "desk"), {"participant": participant.pk, "place": ""})

    assert _result(response) == (None, "already_checked_in")
    assert "Already checked in here." in response.content.decode()


def test_desk_at_a_room_warns_at_the_cap(agent, edition, participant):
    room = factories.make_room(edition, name="Tent", capacity=1)

    response = agent.post(_url(edition, "desk"), {"participant": participant.pk, "place": room.pk})

    assert "Tent has reached its cap: 1 present for 1 allowed." in response.content.decode()


def test_desk_at_a_room_warns_at_the_protocols_cap_read_once_for_the_page(
    agent, edition, participant
):
    # The protocol's cap is below the room's capacity. The page reads the protocol once for
    # its forms and the room's cap; the check-in reads it again in its transaction (issue 16).
    edition.protocol.max_persons_per_room = 1
    edition.protocol.save()
    room = factories.make_room(edition, name="Tent", capacity=40)

    with CaptureQueriesContext(connection) as queries:
        response = agent.post(
            _url(edition, "desk"), {"participant": participant.pk, "place": room.pk}
        )

    assert "Tent has reached its cap: 1 present for 1 allowed." in response.content.decode()
    protocol_reads = [q for q in queries.captured_queries if "sanitaryprotocol" in q["sql"]]
    assert len(protocol_reads) == 2


def test_name_search_lists_matching_people(agent, edition):
    anne = factories.make_participant(edition, user=factories.make_user(first_name="Anne"))
    factories.make_participant(edition, user=factories.make_user(first_name="Bruno"))
    factories.make_participant(
        factories.make_edition(), user=factories.make_user(first_name="Anne")
    )

    response = agent.get(_url(edition, "desk-search"), {"code": "anne"})

    assert list(response.context["people"]) == [anne]


def _check_in_people(edition, room, count):
    agent_user = factories.make_user()
    for _ in range(count):
        check_in(edition, by=agent_user, participant=factories.make_participant(edition), room=room)


def _presence_queries(agent, edition):
    with CaptureQueriesContext(connection) as queries:
        response = agent.get(_url(edition, "presence"), headers={"HX-Request": "true"})
    return (response.templates[0].name, len(queries))


def test_presence_query_count_is_the_same_for_one_and_three_people(agent, edition):
    room = factories.make_room(edition)
    _check_in_people(edition, room, 1)
    one = _presence_queries(agent, edition)
    _check_in_people(edition, room, 2)

    three = _presence_queries(agent, edition)

    assert (one, three) == (("checkin/desk/_presence.html", QUERIES),) * 2


def test_name_search_with_a_nul_byte_reads_it_as_a_space(agent, edition):
    anne = factories.make_participant(
        edition, user=factories.make_user(first_name="Anne", last_name="Martin")
    )
    factories.make_participant(edition, user=factories.make_user(first_name="Anne"))

    response = agent.get(_url(edition, "desk-search"), {"code": "anne\x00mart"})

    assert (response.status_code, list(response.context["people"])) == (200, [anne])


def _fields(content):
    """The desk form's place select and code input, as the page writes them."""
    select = re.search(r'<select name="place".*?</select>', content, re.S).group(0)
    code = re.search(r'<input type="text" name="code"[^>]*>', content).group(0)
    return [select, code]


def test_desk_form_keeps_the_place_and_empties_the_code_after_a_scan(agent, edition, participant):
    hall = factories.make_room(edition, name="Hall <B>")
    annex = factories.make_room(edition, name="Annex & Co")
    scan = {"code": badge_code(participant), "place": hall.pk}

    response = agent.post(_url(edition, "desk"), scan)

    search = _url(edition, "desk-search")
    assert _fields(response.content.decode()) == [
        '<select name="place" id="id_place">'
        '<option value="">Entrance</option>'
        f'<option value="{annex.pk}">Annex &amp; Co</option>'
        f'<option value="{hall.pk}" selected>Hall &lt;B&gt;</option>'
        "</select>",
        '<input type="text" name="code" maxlength="200" autofocus autocomplete="off" '
        f'class="desk-code" hx-get="{search}" hx-trigger="input changed delay:300ms" '
        'hx-target="#search-results" aria-describedby="id_code_helptext" id="id_code">',
    ]


def test_desk_place_not_of_the_edition_is_refused_on_the_place_field(agent, edition, participant):
    other_room = factories.make_room(factories.make_edition())
    code = badge_code(participant)
    places = [other_room.pk, "abc", "99999999999999999999", "0", "²"]

    responses = [agent.post(_url(edition, "desk"), {"code": code, "place": p}) for p in places]

    refused = "Select a valid choice. That choice is not one of the available choices."
    assert [(r.status_code, r.context["form"].errors) for r in responses] == [
        (200, {"place": [refused]})
    ] * len(places)
    assert CheckIn.objects.count() == 0


def test_desk_participant_not_of_the_edition_is_refused_on_the_participant_field(agent, edition):
    other = factories.make_participant(factories.make_edition())
    chosen = [other.pk, "abc", "99999999999999999999", "0", "²", " "]

    responses = [agent.post(_url(edition, "desk"), {"participant": p, "place": ""}) for p in chosen]

    refused = "Select a valid choice. That choice is not one of the available choices."
    empty = "Scan a badge or type a name."
    assert [(r.status_code, r.context["form"].errors) for r in responses] == [
        (200, {"participant": [refused], "code": [empty]})
    ] * len(chosen)
    assert CheckIn.objects.count() == 0


def test_desk_checks_in_the_participant_chosen_in_the_search(agent, edition, participant):
    response = agent.post(_url(edition, "desk"), {"participant": f" {participant.pk} "})

    assert (response.status_code, _result(response)) == (200, (participant, None))


def test_desk_refusing_someone_who_has_not_accepted_names_them_as_typed(agent, edition):
    """A participant's id typed at the desk (issue 16): a declined invitation whose account
    was deleted was named "None", an invited person by their account's names, which they have
    not agreed to show; the desk names both as the organisers typed them."""
    declined = factories.make_participant(
        edition, status=ParticipantStatus.DECLINED, invited_first_name="Ada", invited_last_name=""
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)
    invited = factories.make_participant(
        edition,
        user=factories.make_user(first_name="Robert", last_name="Account"),
        status=ParticipantStatus.INVITED,
        invited_first_name="Bob",
        invited_last_name="Typed",
    )

    pages = [
        agent.post(_url(edition, "desk"), {"participant": p.pk}).content.decode()
        for p in (declined, invited)
    ]

    assert [re.findall(r'class="desk-name">([^<]*)<', page) for page in pages] == [
        ["Ada"],
        ["Bob Typed"],
    ]


def test_desk_form_refused_shows_each_error_at_its_field(agent, edition):
    response = agent.post(_url(edition, "desk"), {"participant": "abc", "place": "999"})

    page = response.content.decode()
    start = page.index('<form method="post" id="desk-form"')
    form = page[start : page.index("</form>", start)]
    fields = re.findall(r'<div class="field( has-error)?">\s*<label for="(\w+)"', form)
    errors = re.findall(r'<ul class="errorlist" id="(\w+)"><li>([^<]*)</li></ul>', form)
    invalid = "Select a valid choice. That choice is not one of the available choices."
    assert (fields, errors, form.count('<div id="search-results" aria-live="polite">\n</div>')) == (
        [(" has-error", "id_place"), (" has-error", "id_code")],
        [
            ("id_place_error", invalid),
            ("id_code_error", "Scan a badge or type a name."),
            ("id_participant_error", invalid),
        ],
        1,
    )


def test_desk_forms_carry_one_token_the_csrf_check_accepts(checkin_user, edition, participant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(checkin_user)
    page = client.get(_url(edition, "desk")).content.decode()
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))

    data = {"csrfmiddlewaretoken": min(tokens), "code": badge_code(participant), "place": ""}
    response = client.post(_url(edition, "desk"), data)

    assert (len(tokens), response.status_code, _result(response)) == (1, 200, (participant, None))
