"""Participant pages: requests, answers (plain and htmx), agenda; what others cannot see."""

import datetime as dt
import re
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone

from paddock.events.enums import EditionStatus
from paddock.events.models import TimeSlot
from paddock.meetings import services
from paddock.meetings.enums import MeetingStatus, RequestStatus
from paddock.meetings.models import Meeting, MeetingRequest
from paddock.meetings.queries import AgendaPerson
from paddock.participants.enums import ParticipantStatus
from tests import factories
from tests.compilations import compiled_models
from tests.events.helpers import swapped_out_of_band
from tests.meetings.helpers import accepted_meeting, other_participant, place

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"meetings-portal:{name}", args=[edition.slug, *args])


@pytest.fixture
def buyer_client(client, buyer):
    client.force_login(buyer.user)
    return client


def test_request_create_page_names_the_recipient(buyer_client, edition, supplier):
    response = buyer_client.get(_url("request-create", edition, supplier.pk))

    assert (response.status_code, response.context["recipient"]) == (200, supplier)


def test_request_create_sends_the_request(buyer_client, edition, buyer, supplier):
    response = buyer_client.post(
        _url("request-create", edition, supplier.pk),
        {"message": "Torch nozzles", "priority": "must"},
    )

    assert (response.status_code, response.url) == (302, _url("request-list", edition))
    assert list(MeetingRequest.objects.values_list("requester", "recipient", "priority")) == [
        (buyer.pk, supplier.pk, "must")
    ]


def test_request_create_at_the_cap_shows_the_message(buyer_client, edition, buyer, supplier):
    edition.max_requests_per_participant = 0
    edition.save()

    response = buyer_client.post(
        _url("request-create", edition, supplier.pk), {"message": "", "priority": "could"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You have sent 0 requests that wait for an answer or are accepted, the limit. "
        "Cancel one before asking for another."
    ]


def test_request_create_for_a_participant_of_another_edition_is_404(buyer_client, edition):
    stranger = factories.make_participant(factories.make_edition())

    response = buyer_client.get(_url("request-create", edition, stranger.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("pk", [0, 2**31, 2**63, 10**20])
def test_request_create_for_an_id_no_participant_can_have_is_404(buyer_client, edition, pk):
    sent = buyer_client.post(_url("request-create", edition, pk), {"priority": "could"})

    assert (
        buyer_client.get(_url("request-create", edition, pk)).status_code,
        sent.status_code,
    ) == (
        404,
        404,
    )


def test_request_create_for_a_participant_not_validated_is_404(buyer_client, edition, supplier):
    supplier.status = ParticipantStatus.REGISTERED
    supplier.save(update_fields=["status"])

    response = buyer_client.post(
        _url("request-create", edition, supplier.pk), {"priority": "could"}
    )

    assert (response.status_code, MeetingRequest.objects.count()) == (404, 0)


def test_request_create_builds_no_query_of_its_own_twice(buyer_client, edition, buyer, supplier):
    # Issue 16: the recipient and the service's checks are compiled once, not on each request.
    first, second = other_participant(edition), other_participant(edition)
    buyer_client.post(_url("request-create", edition, first.pk), {"priority": "could"})

    with compiled_models() as compiled:
        response = buyer_client.post(
            _url("request-create", edition, second.pk), {"priority": "must"}
        )

    assert (response.status_code, compiled) == (302, [])
    assert sorted(MeetingRequest.objects.values_list("recipient", "priority")) == [
        (first.pk, "could"),
        (second.pk, "must"),
    ]


def test_pages_need_login(client, edition):
    response = client.get(_url("request-list", edition))

    assert (response.status_code, response.url.split("?")[0]) == (
        302,
        reverse("accounts:login"),
    )


def test_pages_wait_for_validation(client, edition):
    waiting = factories.make_participant(edition, status=ParticipantStatus.REGISTERED)
    client.force_login(waiting.user)

    response = client.get(_url("agenda", edition))

    assert (response.status_code, response.templates[0].name) == (
        403,
        "participants/portal/waiting.html",
    )


def test_pages_of_an_edition_one_does_not_take_part_in_are_refused(buyer_client):
    other = factories.make_edition()

    response = buyer_client.get(_url("request-list", other))

    assert response.status_code == 403


def test_request_list_groups_received_sent_and_accepted(buyer_client, edition, buyer, supplier):
    received = services.request_meeting(supplier, recipient=buyer, by=supplier.user)
    third = other_participant(edition)
    sent = services.request_meeting(buyer, recipient=third, by=buyer.user)
    accepted = accepted_meeting(buyer, other_participant(edition)).request

    groups = buyer_client.get(_url("request-list", edition)).context["groups"]

    assert [[row.pk for row in rows] for rows in vars(groups).values()] == [
        [received.pk],
        [sent.pk],
        [accepted.pk],
        [],
    ]


def test_request_list_card_offers_the_answers(buyer_client, edition, buyer, supplier):
    received = services.request_meeting(
        supplier, recipient=buyer, by=supplier.user, message="Nozzles <b>\n& torches"
    )
    received.expires_at = dt.datetime(2031, 6, 1, 22, 30, tzinfo=dt.UTC)
    received.save()

    html = buyer_client.get(_url("request-list", edition)).content.decode()

    pk, csrf = received.pk, 'name="csrfmiddlewaretoken" value="[^"]+"'
    card = html[html.index(f'<article class="card request" id="request-{pk}">') :]
    base = f"/e/{edition.slug}/requests/{pk}"
    assert re.sub(csrf, "CSRF", card[: card.index("</article>")]) == (
        f'<article class="card request" id="request-{pk}">\n  \n'
        "  <h3>From Sophie Laser, Impression 3D Ouest</h3>\n  \n"
        '  <p>\n    <span class="badge pending">Waiting for an answer</span>\n'
        '    <span class="badge">Should meet</span>\n    \n    \n  </p>\n'
        "  <blockquote>Nozzles &lt;b&gt;<br>&amp; torches</blockquote>\n  \n  \n"
        '  <p class="muted">Expires on 2 Jun 2031 without an answer.</p>\n  \n  \n  \n'
        '  <div class="actions">\n    \n'
        f'      <form method="post" action="{base}/accept/" hx-post="{base}/accept/" '
        f'hx-target="#request-{pk}" hx-swap="outerHTML" class="inline"><input type="hidden" CSRF>\n'
        '        <button type="submit">Accept</button>\n      </form>\n'
        "      <details>\n"
        '        <summary class="button secondary">Decline…</summary>\n'
        f'        <form method="post" action="{base}/decline/" hx-post="{base}/decline/" '
        f'hx-target="#request-{pk}" hx-swap="outerHTML" class="stacked">'
        '<input type="hidden" CSRF>\n'
        '          <div class="field">\n'
        f'            <label for="reason-{pk}">Reason <span aria-hidden="true">*</span></label>\n'
        f'            <textarea name="reason" id="reason-{pk}" rows="2" maxlength="2000" required '
        f'aria-describedby="reason-{pk}-help"></textarea>\n'
        f'            <span class="helptext" id="reason-{pk}-help">'
        "Sent to the requester, e.g. “We do not machine titanium.”</span>\n"
        "          </div>\n"
        '          <button type="submit" class="danger">Decline</button>\n'
        "        </form>\n      </details>\n    \n    \n  </div>\n"
    )


def test_another_participants_request_cannot_be_read_or_answered(client, edition, buyer, supplier):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    outsider = other_participant(edition)
    client.force_login(outsider.user)

    answers = [
        client.post(_url(name, edition, meeting_request.pk)).status_code
        for name in ("request-accept", "request-decline", "request-cancel")
    ]

    meeting_request.refresh_from_db()
    assert (answers, meeting_request.status) == ([404, 404, 404], RequestStatus.PENDING)
    assert client.get(_url("request-list", edition)).context["groups"].received == []


def test_request_of_another_edition_is_404_even_for_its_side(client, buyer):
    other_edition = factories.make_edition()
    me = factories.make_participant(other_edition, user=buyer.user)
    theirs = factories.make_participant(other_edition)
    meeting_request = services.request_meeting(theirs, recipient=me, by=theirs.user)
    client.force_login(buyer.user)

    response = client.post(_url("request-accept", buyer.edition, meeting_request.pk))

    assert response.status_code == 404


def test_accept_with_htmx_returns_the_updated_row(client, edition, buyer, supplier):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    client.force_login(supplier.user)

    response = client.post(
        _url("request-accept", edition, meeting_request.pk), headers={"HX-Request": "true"}
    )

    meeting_request.refresh_from_db()
    assert (response.templates[0].name, meeting_request.status) == (
        "meetings/portal/_request_row.html",
        RequestStatus.ACCEPTED,
    )
    assert response.context["row_done"] == (
        "Accepted: the meeting is in your agenda, to be scheduled."
    )


def test_decline_without_reason_with_htmx_shows_the_error_in_the_row(
    client, edition, buyer, supplier
):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    client.force_login(supplier.user)

    response = client.post(
        _url("request-decline", edition, meeting_request.pk),
        {"reason": ""},
        headers={"HX-Request": "true"},
    )

    assert response.context["row_error"] == ("Please say why you decline: it helps the other side.")


def test_decline_stores_the_reason_and_redirects(client, edition, buyer, supplier):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    client.force_login(supplier.user)

    response = client.post(
        _url("request-decline", edition, meeting_request.pk), {"reason": "Polymers only"}
    )

    meeting_request.refresh_from_db()
    assert (response.status_code, meeting_request.decline_reason) == (302, "Polymers only")


def test_cancel_an_accepted_meeting_from_the_list(buyer_client, edition, buyer, supplier):
    meeting = accepted_meeting(buyer, supplier)

    buyer_client.post(_url("request-cancel", edition, meeting.request.pk))

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_request_list_offers_no_cancel_for_a_meeting_begun_or_missed(
    buyer_client, edition, buyer, placed_meeting
):
    # The service refuses to cancel these (`meeting_begun`): the page says why instead.
    to_come, slot, table = placed_meeting, placed_meeting.slot, placed_meeting.table
    missed = place(
        accepted_meeting(buyer, other_participant(edition)),
        slot=slot,
        table=factories.make_table(table.room),
    )
    Meeting.objects.filter(pk=missed.pk).update(status=MeetingStatus.NO_SHOW, absent="second")
    now = timezone.now()
    under_way = place(
        accepted_meeting(other_participant(edition), buyer),
        slot=TimeSlot.objects.create(
            edition=edition,
            session=slot.session,
            start=now - dt.timedelta(minutes=10),
            end=now + dt.timedelta(minutes=20),
        ),
        table=table,
    )

    html = buyer_client.get(_url("request-list", edition)).content.decode()

    def actions(meeting):
        card = html[html.index(f'id="request-{meeting.request_id}"') :]
        card = card[card.index('<div class="actions">') : card.index("</article>")]
        return " ".join(re.sub(r"<[^>]+>", " ", card).split())

    begun = "This meeting has begun or was missed: it can no longer be cancelled."
    assert (actions(to_come), actions(missed), actions(under_way)) == (
        "Cancel the meeting",
        begun,
        begun,
    )


def test_agenda_lists_accepted_meetings_to_be_scheduled(buyer_client, edition, buyer, supplier):
    meeting = accepted_meeting(buyer, supplier)

    context = buyer_client.get(_url("agenda", edition)).context

    (entry,) = context["to_schedule"]
    assert (context["published"], context["scheduled"]) == (False, [])
    assert (entry.pk, entry.other, entry.they_offer, entry.they_need) == (
        meeting.pk,
        AgendaPerson("Sophie Laser", "", supplier.company_id, "Impression 3D Ouest", "FR"),
        ["Metal additive manufacturing"],
        [],
    )


def test_agenda_hides_slots_until_the_schedule_is_published(buyer_client, edition, placed_meeting):

    context = buyer_client.get(_url("agenda", edition)).context

    assert (len(context["to_schedule"]), context["scheduled"]) == (1, [])


def test_published_agenda_shows_time_in_the_editions_zone_room_and_table(
    buyer_client, edition, placed_meeting
):
    edition.status = EditionStatus.SCHEDULED
    edition.save()

    response = buyer_client.get(_url("agenda", edition))

    html = response.content.decode()
    assert (len(response.context["scheduled"]), response.context["to_schedule"]) == (1, [])
    assert "09:00–09:30" in html
    assert f"{placed_meeting.table.room.name}, table 12" in html


def _past_no_show(edition, placed_meeting):
    """The placed meeting, held in 2020 and missed, with an interpreter and a job title shown."""
    edition.status = EditionStatus.LIVE
    edition.save()
    past = placed_meeting.slot
    past.start, past.end = past.start.replace(year=2020), past.end.replace(year=2020)
    past.save()
    placed_meeting.interpreter = factories.make_interpreter(edition, name="Yuki <Tanaka>")
    placed_meeting.status = MeetingStatus.NO_SHOW
    placed_meeting.save()
    supplier = placed_meeting.second
    supplier.job_title, supplier.show_job_title = "CEO & founder", True
    supplier.save()


def test_agenda_card_shows_the_whole_meeting(buyer_client, edition, buyer, placed_meeting):
    _past_no_show(edition, placed_meeting)
    placed_meeting.request.message = "Torch nozzles\n<b>titanium</b> & more"
    placed_meeting.request.save()

    html = buyer_client.get(_url("agenda", edition)).content.decode()

    pk = placed_meeting.pk
    assert html[html.index(f'<article class="card meeting no-show" id="meeting-{pk}">') :].split(
        "</article>"
    )[0] == (
        f'<article class="card meeting no-show" id="meeting-{pk}">\n'
        '  <p class="badge no_show">No-show: this meeting did not take place.</p>\n'
        '  \n  <p class="when"><strong>09:00–09:30</strong>\n'
        f"    · {placed_meeting.table.room.name}, table 12</p>\n  \n"
        '  <h3>Sophie Laser, <span class="muted">CEO &amp; founder</span></h3>\n'
        "  <p>Impression 3D Ouest · France</p>\n"
        "  <p><strong>They offer:</strong> Metal additive manufacturing</p>\n  \n"
        '  <p class="interpreter">Interpreter: Yuki &lt;Tanaka&gt;</p>\n'
        "  <blockquote>Torch nozzles<br>&lt;b&gt;titanium&lt;/b&gt; &amp; more</blockquote>\n"
        f'  <p><a class="button secondary" href="/e/{edition.slug}/outcomes/{pk}/">'
        "Rate this meeting</a></p>\n"
    )


def test_agenda_in_french_shows_the_day_in_french(buyer_client, edition, placed_meeting):
    edition.status = EditionStatus.LIVE
    edition.save()

    html = buyer_client.get(_url("agenda", edition), headers={"accept-language": "fr"})

    assert "jeudi 12 juin 2031" in html.content.decode()


def test_agenda_day_heading_follows_the_editions_calendar_not_utc(
    buyer_client, edition, buyer, placed_meeting, table
):
    # 00:30 in Paris is still the day before in UTC: one day, one heading.
    edition.status = EditionStatus.LIVE
    edition.save()
    slot = placed_meeting.slot
    just_after_midnight = dt.datetime(2031, 6, 11, 22, 30, tzinfo=dt.UTC)
    early = TimeSlot.objects.create(
        edition=edition,
        session=slot.session,
        start=just_after_midnight,
        end=just_after_midnight + dt.timedelta(minutes=30),
    )
    place(accepted_meeting(buyer, other_participant(edition)), slot=early, table=table)

    html = buyer_client.get(_url("agenda", edition)).content.decode()

    assert re.findall(r'<h3 class="day">(.*?)</h3>', html) == ["Thursday 12 June 2031"]


def test_agenda_pdf_renders_a_page(buyer_client, edition, placed_meeting):
    edition.status = EditionStatus.SCHEDULED
    edition.save()

    response = buyer_client.get(_url("agenda-pdf", edition))

    body = response.content
    assert (response["Content-Type"], body[:5], body.rstrip()[-5:]) == (
        "application/pdf",
        b"%PDF-",
        b"%%EOF",
    )


def _pdf_language(body: bytes) -> list[bytes]:
    """The /Lang entries of a PDF's catalogue, read from its compressed object streams."""
    found = []
    for start in re.finditer(rb"stream\r?\n", body):
        try:
            data = zlib.decompressobj().decompress(body[start.end() :])
        except zlib.error:
            continue
        found.extend(re.findall(rb"/Lang \((\w+)\)", data))
    return found


@pytest.mark.parametrize(("chosen", "expected"), [("fr", [b"fr"]), ("", [b"en"])])
def test_agenda_pdf_follows_the_reader_chosen_language(
    buyer_client, buyer, placed_meeting, chosen, expected
):
    edition = buyer.edition
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    buyer.user.preferred_language = chosen
    buyer.user.save()

    response = buyer_client.get(_url("agenda-pdf", edition), headers={"accept-language": "en"})

    assert _pdf_language(response.content) == expected


def test_reset_feed_changes_the_token(buyer_client, edition, buyer):
    old = services_feed(buyer).token

    buyer_client.post(_url("agenda-feed-reset", edition))

    assert services_feed(buyer).token != old
    assert buyer_client.get(_url("agenda-feed", edition, old)).status_code == 404


def services_feed(participant):
    from paddock.meetings.feed_services import agenda_feed_for

    return agenda_feed_for(participant)


def test_request_create_says_upfront_when_a_request_exists(buyer_client, edition, buyer, supplier):
    services.request_meeting(buyer, recipient=supplier, by=buyer.user)

    response = buyer_client.get(_url("request-create", edition, supplier.pk))

    assert response.context["blocked"] == "You have already asked Sophie Laser for a meeting."


def test_request_create_back_to_someone_who_asked_makes_it_mutual(
    buyer_client, edition, buyer, supplier
):
    services.request_meeting(supplier, recipient=buyer, by=supplier.user)

    blocked = buyer_client.get(_url("request-create", edition, supplier.pk)).context["blocked"]
    buyer_client.post(_url("request-create", edition, supplier.pk), {"priority": "must"})

    assert (blocked, list(MeetingRequest.objects.values_list("status", "mutual"))) == (
        "",
        [(RequestStatus.ACCEPTED, True)],
    )


def test_request_create_says_upfront_when_a_colleague_is_asked(buyer_client, edition, buyer):
    colleague = factories.make_participant(
        edition,
        company=buyer.company,
        user=factories.make_user(first_name="Co", last_name="Lleague"),
    )

    response = buyer_client.get(_url("request-create", edition, colleague.pk))

    assert response.context["blocked"] == (
        "Bruno Achat and Co Lleague work for the same company: meetings are between companies."
    )


def test_request_create_says_upfront_when_a_meeting_exists(buyer_client, edition, buyer, supplier):
    accepted_meeting(supplier, buyer)

    response = buyer_client.get(_url("request-create", edition, supplier.pk))

    assert response.context["blocked"] == "You already have a meeting with Sophie Laser."


def _cap_line(response):
    return re.search(
        r'<p[^>]*class="muted"[^>]*>([^<]*out of[^<]*|[^<]*limit[^<]*)</p>',
        response.content.decode(),
    )[1]


def test_request_pages_count_the_requests_sent_with_an_accepted_meeting_received(
    buyer_client, edition, buyer, supplier
):
    accepted_meeting(supplier, buyer)
    services.request_meeting(buyer, recipient=other_participant(edition), by=buyer.user)

    pages = [
        buyer_client.get(_url("request-list", edition)),
        buyer_client.get(_url("request-create", edition, other_participant(edition).pk)),
    ]

    assert [_cap_line(page) for page in pages] == [
        "Requests you sent count towards your limit while they wait for an answer or are "
        "accepted: 1 of 20."
    ] * 2


def test_accept_with_htmx_swaps_the_counts_out_of_band(client, edition, buyer, supplier):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    client.force_login(supplier.user)

    response = client.post(
        _url("request-accept", edition, meeting_request.pk), headers={"HX-Request": "true"}
    )

    assert swapped_out_of_band(response) == [
        ("received-count", "0"),
        ("sent-count", "0"),
        ("accepted-count", "1"),
        (
            "request-cap",
            "Requests you sent count towards your limit while they wait for an answer or are "
            "accepted: 0 of 20.",
        ),
    ]


def test_decline_with_htmx_swaps_the_counts_out_of_band(client, edition, buyer, supplier):
    meeting_request = services.request_meeting(buyer, recipient=supplier, by=buyer.user)
    client.force_login(supplier.user)

    response = client.post(
        _url("request-decline", edition, meeting_request.pk),
        {"reason": "We do not machine titanium."},
        headers={"HX-Request": "true"},
    )

    assert swapped_out_of_band(response)[:3] == [
        ("received-count", "0"),
        ("sent-count", "0"),
        ("accepted-count", "0"),
    ]


@pytest.mark.parametrize(
    ("language", "line"),
    # English last: the test client leaves the last request's language active.
    [("fr", "Interprète\u00a0: Yuki Tanaka"), ("en", "Interpreter: Yuki Tanaka")],
)
def test_published_agenda_names_the_meetings_interpreter(
    buyer_client, edition, placed_meeting, language, line
):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    placed_meeting.interpreter = factories.make_interpreter(edition, name="Yuki Tanaka")
    placed_meeting.save()

    html = buyer_client.get(_url("agenda", edition), headers={"accept-language": language})

    assert re.findall(r'<p class="interpreter">(.*?)</p>', html.content.decode()) == [line]


def test_agenda_card_in_french_is_all_in_french(buyer_client, edition, buyer, placed_meeting):
    _past_no_show(edition, placed_meeting)
    supplier = placed_meeting.second
    supplier.company.country = "DE"
    supplier.company.save()

    html = buyer_client.get(_url("agenda", edition), headers={"accept-language": "fr"})

    pk, html = placed_meeting.pk, html.content.decode()
    assert html[html.index(f'<article class="card meeting no-show" id="meeting-{pk}">') :].split(
        "</article>"
    )[0] == (
        f'<article class="card meeting no-show" id="meeting-{pk}">\n'
        '  <p class="badge no_show">Non honoré\u00a0: ce rendez-vous n’a pas eu lieu.</p>\n'
        '  \n  <p class="when"><strong>09:00–09:30</strong>\n'
        f"    · {placed_meeting.table.room.name}, table 12</p>\n  \n"
        '  <h3>Sophie Laser, <span class="muted">CEO &amp; founder</span></h3>\n'
        "  <p>Impression 3D Ouest · Allemagne</p>\n"
        "  <p><strong>Ils proposent\u00a0:</strong> Fabrication additive métal</p>\n  \n"
        '  <p class="interpreter">Interprète\u00a0: Yuki &lt;Tanaka&gt;</p>\n'
        "  \n"
        f'  <p><a class="button secondary" href="/e/{edition.slug}/outcomes/{pk}/">'
        "Évaluer ce rendez-vous</a></p>\n"
    )


def test_request_list_card_in_french_is_all_in_french(buyer_client, edition, buyer, supplier):
    received = services.request_meeting(supplier, recipient=buyer, by=supplier.user)
    received.expires_at = dt.datetime(2031, 6, 1, 22, 30, tzinfo=dt.UTC)
    received.save()

    html = buyer_client.get(_url("request-list", edition), headers={"accept-language": "fr"})

    pk, html = received.pk, html.content.decode()
    card = html[html.index(f'<article class="card request" id="request-{pk}">') :]
    card = re.sub(r"<form .*?</form>", "FORM", card[: card.index("</article>")], flags=re.S)
    assert card == (
        f'<article class="card request" id="request-{pk}">\n  \n'
        "  <h3>De Sophie Laser, Impression 3D Ouest</h3>\n  \n"
        '  <p>\n    <span class="badge pending">En attente de réponse</span>\n'
        '    <span class="badge">Important</span>\n    \n    \n  </p>\n'
        "  \n  \n  \n"
        '  <p class="muted">Expire le 2 juin 2031 sans réponse.</p>\n  \n  \n  \n'
        '  <div class="actions">\n    \n      FORM\n'
        "      <details>\n"
        '        <summary class="button secondary">Refuser…</summary>\n'
        "        FORM\n      </details>\n    \n    \n  </div>\n"
    )


def _cards_named(section):
    """The section with each meeting card replaced by `CARD <pk>`."""
    return re.sub(
        r'<article class="card meeting[^"]*" id="meeting-(\d+)">.*?</article>\n',
        r"CARD \1",
        section,
        flags=re.S,
    )


def _section(html, heading_id):
    start = html.index(f'<section aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start) + len("</section>")]


def test_agenda_scheduled_meetings_under_a_heading_a_day_in_french(
    buyer_client, edition, buyer, placed_meeting, table
):
    edition.status = EditionStatus.LIVE
    edition.save()
    first, pks = placed_meeting.slot, [placed_meeting.pk]
    for days, minutes in [(0, 60), (1, 0)]:
        start = first.start + dt.timedelta(days=days, minutes=minutes)
        slot = TimeSlot.objects.create(
            edition=edition,
            session=first.session,
            start=start,
            end=start + dt.timedelta(minutes=30),
        )
        meeting = place(accepted_meeting(buyer, other_participant(edition)), slot=slot, table=table)
        pks.append(meeting.pk)
    buyer_client.cookies["django_language"] = "fr"

    html = buyer_client.get(_url("agenda", edition)).content.decode()

    assert _cards_named(_section(html, "scheduled-heading")) == (
        '<section aria-labelledby="scheduled-heading">\n'
        '  <h2 id="scheduled-heading">Rendez-vous planifiés</h2>\n'
        "  \n  \n"
        '    <h3 class="day">jeudi 12 juin 2031</h3>\n'
        f"    \nCARD {pks[0]}\n  \n"
        "    \n"
        f"    \nCARD {pks[1]}\n  \n"
        '    <h3 class="day">vendredi 13 juin 2031</h3>\n'
        f"    \nCARD {pks[2]}\n  \n  \n"
        '  <p class="muted">Les heures sont dans le fuseau horaire de l’édition '
        "(Europe/Paris).</p>\n"
        "</section>"
    )


def test_agenda_of_a_published_schedule_without_a_place_for_my_meeting(
    buyer_client, edition, buyer, supplier
):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    meeting = accepted_meeting(buyer, supplier)

    html = buyer_client.get(_url("agenda", edition)).content.decode()

    assert [
        _cards_named(_section(html, "scheduled-heading")),
        _cards_named(_section(html, "to-schedule-heading")),
    ] == [
        '<section aria-labelledby="scheduled-heading">\n'
        '  <h2 id="scheduled-heading">Scheduled meetings</h2>\n'
        "  \n  \n"
        '    <p class="muted">None of your meetings could be placed in the schedule.</p>\n'
        "  \n  \n"
        '  <p class="muted">Times are in the edition’s time zone (Europe/Paris).</p>\n'
        "</section>",
        '<section aria-labelledby="to-schedule-heading">\n'
        '  <h2 id="to-schedule-heading">Not in the schedule yet</h2>\n'
        "  \n"
        f"  \n    \nCARD {meeting.pk}\n  \n"
        "</section>",
    ]


def test_agenda_before_any_meeting_in_french(buyer_client, edition):
    buyer_client.cookies["django_language"] = "fr"

    html = buyer_client.get(_url("agenda", edition)).content.decode()

    assert _section(html, "to-schedule-heading") == (
        '<section aria-labelledby="to-schedule-heading">\n'
        '  <h2 id="to-schedule-heading">À planifier</h2>\n'
        '  <p class="muted">Les horaires et les tables apparaîtront ici dès que les '
        "organisateurs auront publié le planning.</p>\n"
        '  \n    <p class="muted">Aucun rendez-vous accepté pour l’instant\u00a0: demandez des '
        "rendez-vous depuis le catalogue, ou répondez à vos demandes.</p>\n  \n"
        "</section>"
    )


def test_agenda_and_its_feed_compile_no_query(buyer_client, edition, buyer, placed_meeting):
    edition.status = EditionStatus.LIVE
    edition.save()
    agenda = _url("agenda", edition)
    buyer_client.get(agenda)
    feed = _url("agenda-feed", edition, buyer.agenda_feed.token)
    buyer_client.get(feed)

    with compiled_models() as models:
        pages = buyer_client.get(agenda), buyer_client.get(feed)

    assert ([page.status_code for page in pages], models) == ([200, 200], [])


def test_request_list_compiles_no_query(buyer_client, edition, buyer, supplier):
    services.request_meeting(supplier, recipient=buyer, by=supplier.user)
    services.request_meeting(buyer, recipient=other_participant(edition), by=buyer.user)
    accepted_meeting(buyer, other_participant(edition))
    buyer_client.get(_url("request-list", edition))

    with compiled_models() as models:
        page = buyer_client.get(_url("request-list", edition))

    received = page.context["cards"]["received"].count('<article class="card request"')
    assert (page.status_code, received, models) == (200, 1, [])


def test_sending_a_request_compiles_no_query(
    buyer_client, edition, supplier, django_capture_on_commit_callbacks, mailoutbox
):
    first = other_participant(edition)
    with django_capture_on_commit_callbacks(execute=True):
        buyer_client.post(_url("request-create", edition, first.pk), {"priority": "could"})

    with compiled_models() as models, django_capture_on_commit_callbacks(execute=True):
        sent = buyer_client.post(
            _url("request-create", edition, supplier.pk), {"priority": "could"}
        )

    assert (sent.status_code, models, [mail.to for mail in mailoutbox]) == (
        302,
        [],
        [[first.user.email], [supplier.user.email]],
    )
