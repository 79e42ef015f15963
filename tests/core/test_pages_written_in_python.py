"""The pages whose HTML is written in Python rather than by templates (issue 16), fed hostile
values in every field a person fills: each value is shown, escaped, and none reaches the page
as markup. Template autoescaping does not protect these strings; `core.markup.escape` does."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from paddock.checkin.models import CheckIn
from paddock.core.markup import escape
from paddock.events.enums import EditionRole, EditionStatus
from paddock.events.models import Session, TimeSlot
from paddock.matchmaking.services import recompute_recommendations
from paddock.meetings import services as meetings
from paddock.participants.enums import ParticipantRole, ParticipantStatus
from paddock.participants.models import Category, Need, Offer
from paddock.participants.services import set_capabilities
from tests import factories

pytestmark = pytest.mark.integration

# What the raw values would put in the page: an element, an attribute breaking out of its
# quotes, a single-quoted attribute value, an entity.
RAW = ("<script>alert(1)", '"onmouseover=', "x='y'", "'y'&z")


def hostile(tag: str) -> str:
    """A value that is markup in every context, marked by `tag` to find where it is shown."""
    return f"{tag}<script>alert(1)</script>\"onmouseover=alert(2) x='y'&z"


def assert_escaped(html: str, *tags: str) -> None:
    """No raw piece of a hostile value in `html`, and the value of each tag shown escaped."""
    assert [piece for piece in RAW if piece in html] == []
    assert [tag for tag in tags if escape(hostile(tag)) not in html] == []


def person(edition, tag: str, **fields):
    """A participant whose names, job title and company's name and city are hostile."""
    user = factories.make_user(
        email=f"o'neil&{tag}@example.com",
        first_name=hostile(f"{tag}-first"),
        last_name=hostile(f"{tag}-last"),
    )
    company = factories.make_company(
        edition, name=hostile(f"{tag}-company"), city=hostile(f"{tag}-city")
    )
    return factories.make_participant(
        edition, user=user, company=company, job_title=hostile(f"{tag}-title"), **fields
    )


def test_check_in_desk_escapes_what_the_agent_typed_and_the_people_found(client, edition):
    person(edition, "desk", status=ParticipantStatus.REGISTERED)
    agent = factories.make_user()
    factories.give_role(agent, edition, EditionRole.CHECKIN)
    client.force_login(agent)
    url = reverse("checkin:desk", args=[edition.slug])

    # Too long, an unknown place and an unknown participant: the form comes back with errors.
    refused = client.post(
        url,
        {
            "code": hostile("code") + "x" * 200,
            "place": hostile("place"),
            "participant": hostile("participant"),
        },
    )
    # A name typed and sent with Enter: the people it matches.
    found = client.post(url, {"code": "desk-first", "place": ""})

    refused_html, found_html = refused.content.decode(), found.content.decode()
    assert 'class="errorlist' in refused_html
    assert_escaped(refused_html, "code")
    assert_escaped(found_html, "desk-first", "desk-last", "desk-company")
    assert CheckIn.objects.count() == 0


def test_catalogue_escapes_companies_people_taxonomy_and_the_search(client, edition):
    category = factories.make_category(
        edition.series.organiser, label_en=hostile("category"), label_fr=hostile("category")
    )
    listed = person(edition, "listed")
    set_capabilities(listed.company, by=None, offers=[(category.code, "")], needs=[(None, "steel")])
    # A second page, whose links carry the query.
    for n in range(20):  # after the hostile one in the order of names
        factories.make_participant(edition, company=factories.make_company(edition, name=f"zz {n}"))
    viewer = factories.make_participant(edition)
    client.force_login(viewer.user)
    url = reverse("participants-portal:catalogue", args=[edition.slug])

    opened = client.get(url, {hostile("key"): hostile("value")})
    unmatched = client.get(url, {"q": hostile("search"), "sector": hostile("sector")})

    opened_html, unmatched_html = opened.content.decode(), unmatched.content.decode()
    assert 'class="button secondary" href="?' in opened_html
    assert_escaped(
        opened_html,
        "listed-company",
        "listed-city",
        "listed-first",
        "listed-last",
        "category",
    )
    assert "No company matches these filters." in unmatched_html
    assert_escaped(unmatched_html, "search")


def test_participants_list_escapes_every_cell_and_the_filters(client, edition, organiser_user):
    shown = person(edition, "row", status=ParticipantStatus.REGISTERED, languages=["fr"])
    shown.languages = [hostile("language")]
    shown.save(update_fields=["languages"])
    after = factories.make_company(edition, name="zz")  # listed after the hostile row
    for _n in range(50):  # a second page, whose links carry the query
        factories.make_participant(edition, company=after)
    client.force_login(organiser_user)
    url = reverse("participants:participant-list", args=[edition.slug])

    listed = client.get(url, {hostile("key"): hostile("value")})
    unmatched = client.get(url, {"q": hostile("search"), "status": hostile("status")})

    listed_html, unmatched_html = listed.content.decode(), unmatched.content.decode()
    assert 'class="button secondary" href="?' in listed_html
    assert escape("o'neil&row@example.com") in listed_html
    assert_escaped(listed_html, "row-first", "row-last", "row-title", "row-company", "language")
    assert_escaped(unmatched_html, "search")


def test_meeting_requests_page_escapes_names_companies_messages_and_reasons(client, edition):
    viewer = factories.make_participant(edition)
    asking, declining = person(edition, "asking"), person(edition, "declining")
    meetings.request_meeting(asking, recipient=viewer, by=asking.user, message=hostile("message"))
    sent = meetings.request_meeting(viewer, recipient=declining, by=viewer.user)
    meetings.decline_request(sent, by=declining.user, reason=hostile("reason"))
    client.force_login(viewer.user)

    response = client.get(reverse("meetings-portal:request-list", args=[edition.slug]))

    assert_escaped(
        response.content.decode(),
        "asking-first",
        "asking-last",
        "asking-company",
        "message",
        "declining-first",
        "declining-company",
        "reason",
    )


def test_agenda_escapes_the_other_side_the_place_and_the_interpreter(client, edition):
    edition.status = EditionStatus.SCHEDULED
    edition.save()
    viewer, other = factories.make_participant(edition), person(edition, "other")
    request = meetings.request_meeting(
        viewer, recipient=other, by=viewer.user, message=hostile("message")
    )
    meeting = meetings.accept_request(request, by=other.user)
    session = Session.objects.create(edition=edition, name="Morning", date=edition.start_date)
    start = dt.datetime(2031, 6, 12, 7, 0, tzinfo=dt.UTC)
    meeting.slot = TimeSlot.objects.create(
        edition=edition, session=session, start=start, end=start + dt.timedelta(minutes=30)
    )
    room = factories.make_room(edition, name=hostile("room"))
    meeting.table = factories.make_table(room, label=hostile("table")[:20])
    meeting.interpreter = factories.make_interpreter(edition, name=hostile("interpreter"))
    meeting.status = "scheduled"
    meeting.save()
    client.force_login(viewer.user)

    response = client.get(reverse("meetings-portal:agenda", args=[edition.slug]))

    html = response.content.decode()
    assert escape(hostile("table")[:20]) in html
    assert_escaped(
        html,
        "other-first",
        "other-last",
        "other-title",
        "other-company",
        "message",
        "room",
        "interpreter",
    )


def test_recommendations_escape_the_company_the_person_and_the_reasons(client, edition):
    viewer = factories.make_participant(edition, role=ParticipantRole.BUYER)
    Need.objects.create(
        company=viewer.company, category=Category.objects.get(code="additive-metal")
    )
    other = person(edition, "offering")
    Offer.objects.create(
        company=other.company,
        category=Category.objects.get(code="laser-powder-bed-fusion"),
        text=hostile("offer"),
    )
    recompute_recommendations(edition)
    client.force_login(viewer.user)

    response = client.get(reverse("matchmaking-portal:recommendations", args=[edition.slug]))

    assert_escaped(response.content.decode(), "offering-company", "offering-first")


def test_portal_home_escapes_the_edition_and_the_company(client, edition):
    edition.name, edition.venue_name = hostile("edition"), hostile("venue")
    edition.description = hostile("description")
    edition.save()
    shown = person(edition, "home")
    client.force_login(shown.user)

    response = client.get(reverse("participants-portal:home", args=[edition.slug]))

    assert_escaped(response.content.decode(), "edition", "venue", "description", "home-company")


@pytest.mark.parametrize("website", ["javascript:alert(1)", "data:text/html,<script>"])
def test_a_company_website_is_a_web_address_or_nothing(edition, website):
    """The catalogue's company page links to the website: every way in (the profile form, the
    API through `full_clean`, the import's own check) takes http(s) addresses only."""
    company = factories.make_company(edition, website=website)

    with pytest.raises(ValidationError) as refused:
        company.full_clean()

    assert list(refused.value.message_dict) == ["website"]


# Translations are written unescaped, as `{% translate %}` leaves them; these three go inside
# double-quoted attributes (the desk's camera error, the request's confirmation, the pages'
# navigation label).
IN_ATTRIBUTES = (
    "The camera could not be opened.",
    "Cancel this meeting request? The other side will be told.",
    "Pages",
)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_translations_written_in_attributes_do_not_close_them(language):
    with translation.override(language):
        closing = [text for text in IN_ATTRIBUTES if '"' in gettext(text)]

    assert closing == []
