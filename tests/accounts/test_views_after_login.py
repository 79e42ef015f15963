"""Where each role lands after logging in."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from paddock.events.enums import EditionRole
from paddock.participants.enums import ParticipantStatus
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _edition(days_from_today, **fields):
    start = timezone.localdate() + dt.timedelta(days=days_from_today)
    return factories.make_edition(start_date=start, end_date=start + dt.timedelta(days=1), **fields)


def _land(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:after-login"), follow=True)
    notes = [str(message) for message in response.context["messages"]]
    return response.redirect_chain[0][0], notes


def test_after_login_sends_check_in_agents_to_the_desk_of_todays_edition(client):
    agent = factories.make_user()
    factories.give_role(agent, _edition(-30), EditionRole.CHECKIN)
    today = _edition(0)
    factories.give_role(agent, today, EditionRole.CHECKIN)
    factories.give_role(agent, _edition(20), EditionRole.CHECKIN)

    landing = _land(client, agent)

    assert landing == (reverse("checkin:desk", args=[today.slug]), [])


def test_after_login_sends_check_in_agents_to_the_next_desk_with_a_note(client):
    agent = factories.make_user()
    factories.give_role(agent, _edition(-30), EditionRole.CHECKIN)
    start = timezone.localdate() + dt.timedelta(days=5)
    upcoming = _edition(5, name="IBD 2031")
    factories.give_role(agent, upcoming, EditionRole.CHECKIN)

    landing = _land(client, agent)

    day = date_format(start)
    assert landing == (
        reverse("checkin:desk", args=[upcoming.slug]),
        [f"No edition of yours is held today: here is the desk of IBD 2031, which opens on {day}."],
    )


def test_after_login_sends_staff_to_the_overview_of_their_edition(client):
    staff = factories.make_user()
    factories.give_role(staff, _edition(-30), EditionRole.STAFF)
    upcoming = _edition(3)
    factories.give_role(staff, upcoming, EditionRole.STAFF)

    landing = _land(client, staff)

    assert landing == (reverse("events:edition-home", args=[upcoming.slug]), [])


def test_after_login_sends_organisers_to_their_editions_even_when_they_check_in_too(client):
    organiser = factories.make_user()
    edition = _edition(0)
    edition.series.organiser.members.add(organiser)
    factories.give_role(organiser, _edition(0), EditionRole.CHECKIN)

    landing = _land(client, organiser)

    assert landing == (reverse("events:dashboard"), [])


def test_after_login_sends_zone_hosts_to_their_visits(client):
    host = factories.make_user()
    upcoming = _edition(3)
    factories.give_role(host, upcoming, EditionRole.ZONE_HOST)

    landing = _land(client, host)

    assert landing == (reverse("visits:host", args=[upcoming.slug]), [])


def _editions_around_the_local_day(zone, day):
    """In `zone`, where today is `day`: one edition over yesterday, one held today only, one
    starting in five days. UTC's today is another day, so only the local one picks right."""
    series = factories.make_series()
    return [
        factories.make_edition(
            series,
            name=name,
            timezone=zone,
            start_date=day + dt.timedelta(days=offset),
            end_date=day + dt.timedelta(days=offset + length),
        )
        for name, offset, length in (("Over", -3, 2), ("Today", 0, 0), ("Next", 5, 1))
    ]


def test_after_login_sends_check_in_agents_to_the_desk_of_the_edition_held_today_where_it_is(
    client,
):
    zone, day = factories.zone_off_utc_today()
    editions = _editions_around_the_local_day(zone, day)
    agent = factories.make_user()
    for edition in editions:
        factories.give_role(agent, edition, EditionRole.CHECKIN)

    landing = _land(client, agent)

    assert landing == (reverse("checkin:desk", args=[editions[1].slug]), [])


def test_after_login_sends_participants_to_the_edition_held_today_where_it_is(client):
    zone, day = factories.zone_off_utc_today()
    editions = _editions_around_the_local_day(zone, day)
    user = factories.make_user()
    for edition in editions:
        factories.make_participant(edition, user=user, status=ParticipantStatus.REGISTERED)

    landing = _land(client, user)

    assert landing == (reverse("participants-portal:home", args=[editions[1].slug]), [])
