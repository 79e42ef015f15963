"""What the organisers see of the reminders, and where they set them."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from paddock.core.dates import weekday_date
from paddock.events.enums import EditionStatus
from paddock.events.models import Edition
from tests.edit_forms import post_edit
from tests.html_text import text_of
from tests.reminders.conftest import at, book

pytestmark = pytest.mark.integration


TITLES = {"en": "Agenda reminders", "fr": "Rappels de l’agenda"}


def _card(client, edition, language="en") -> list[str]:
    """The lines of the reminders' card on the edition's overview, in `language`."""
    url = reverse("events:edition-home", args=[edition.slug])
    content = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    found = re.search(rf"<h2>{TITLES[language]}</h2>(.*?)</div>", content, re.S)
    if found is None:
        return []
    return [text_of(line) for line in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", found[1], re.S)]


def _short(day, language="en"):
    with translation.override(language):
        return weekday_date(day, year=False)


def test_overview_shows_when_reminders_are_due_and_how_many_went_out(
    client, organiser_user, meeting
):
    edition = meeting.edition
    call_command("periodic", stdout=io.StringIO())
    client.force_login(organiser_user)
    eve, first, second = (
        _short(edition.start_date + dt.timedelta(days=offset)) for offset in (-1, 0, 1)
    )

    assert _card(client, edition) == [
        "The evening before each day, at 11:00, each participant with meetings or visits that "
        "day gets their agenda by email.",
        f"{first}: due {eve} at 11:00, 2 sent",
        f"{second}: due {first} at 11:00",
        "Change in the settings",
    ]


NOBODY = {
    "en": "none sent: nobody with meetings or visits that day",
    "fr": "aucun envoyé\u00a0: personne n’a de rendez-vous ni de visite ce jour-là",
}


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "{1}: due {0} at 11:00, {nobody}",
                "{2}: due {1} at 11:00, none sent",
                "{3}: due {2} at 11:00, {nobody}",
                "{4}: due {3} at 11:00, 2 sent",
                "{5}: due {4} at 11:00",
            ],
        ),
        (
            "fr",
            [
                "{1}\u00a0: prévus le {0} à 11:00, {nobody}",
                "{2}\u00a0: prévus le {1} à 11:00, aucun envoyé",
                "{3}\u00a0: prévus le {2} à 11:00, {nobody}",
                "{4}\u00a0: prévus le {3} à 11:00, 2 envoyés",
                "{5}\u00a0: prévus le {4} à 11:00",
            ],
        ),
    ],
)
def test_overview_says_what_went_for_past_days(client, organiser_user, meeting, language, lines):
    # Before, each past day said "0 sent", whether anybody had anything that day or not.
    # Days: the day before yesterday, yesterday (a visit of Bruno), today (nothing), tomorrow
    # (the meeting, reminded today), the day after (due tomorrow).
    edition = meeting.edition
    Edition.objects.filter(pk=edition.pk).update(
        start_date=edition.start_date - dt.timedelta(days=3),
        end_date=edition.end_date,
        status=EditionStatus.LIVE,
    )
    edition.refresh_from_db()
    book(meeting.first, at(edition, 1, 14))
    call_command("periodic", stdout=io.StringIO())
    client.force_login(organiser_user)
    days = [_short(edition.start_date + dt.timedelta(days=n), language) for n in range(-1, 5)]

    assert _card(client, edition, language)[1:-1] == [
        line.format(*days, nobody=NOBODY[language]) for line in lines
    ]


def test_overview_says_none_sent_yet_for_a_day_due_whose_reminders_wait_for_the_job(
    client, organiser_user, meeting
):
    # The reminder time (11:00) has passed today; the periodic job has not run since.
    edition = meeting.edition
    client.force_login(organiser_user)
    today, first = (_short(edition.start_date + dt.timedelta(days=n)) for n in (-1, 0))

    assert _card(client, edition)[1] == f"{first}: due {today} at 11:00, none sent yet"


def test_overview_says_reminders_are_off_and_keeps_the_count_of_those_sent(
    client, organiser_user, meeting
):
    edition = meeting.edition
    call_command("periodic", stdout=io.StringIO())
    Edition.objects.filter(pk=edition.pk).update(reminder_time=None)
    client.force_login(organiser_user)
    assert _card(client, edition) == [
        "Off: participants get no reminder of their agenda.",
        f"{_short(edition.start_date)}: 2 sent",
        "Change in the settings",
    ]


def test_overview_says_no_reminders_go_for_a_draft(client, organiser_user, meeting):
    Edition.objects.filter(pk=meeting.edition.pk).update(status=EditionStatus.DRAFT)
    client.force_login(organiser_user)

    assert _card(client, meeting.edition) == [
        "Off while the edition is a draft or closed: participants get no reminder of their agenda.",
        "Change in the settings",
    ]


def test_staff_see_no_reminders_card(client, staff_user, edition):
    client.force_login(staff_user)

    assert _card(client, edition) == []


@pytest.mark.parametrize(
    ("sent", "stored"), [("19:30", dt.time(19, 30)), ("23:00", dt.time(23, 0)), ("", None)]
)
def test_settings_set_the_reminder_time_or_turn_reminders_off(
    client, organiser_user, edition, sent, stored
):
    client.force_login(organiser_user)

    response = post_edit(
        client, reverse("events:edition-update", args=[edition.slug]), {"reminder_time": sent}
    )

    edition.refresh_from_db()
    assert (response.status_code, edition.reminder_time) == (302, stored)


@pytest.mark.parametrize("sent", ["23:01", "23:59"])
def test_settings_refuse_a_reminder_time_too_close_to_midnight(
    client, organiser_user, edition, sent
):
    # The reminders go from that time until midnight, at the runs of a job every few minutes:
    # at 23:59 (on a job every two minutes, at 23:58 and 00:00) none would ever go.
    client.force_login(organiser_user)

    response = post_edit(
        client, reverse("events:edition-update", args=[edition.slug]), {"reminder_time": sent}
    )

    edition.refresh_from_db()
    assert (response.context["form"].errors["reminder_time"], edition.reminder_time) == (
        ["23:00 at the latest: the reminders must have time to go before midnight."],
        dt.time(11, 0),
    )


def test_a_new_edition_offers_reminders_at_six_in_the_evening(client, organiser_user):
    client.force_login(organiser_user)

    form = client.get(reverse("events:edition-create")).context["form"]

    assert form["reminder_time"].value() == dt.time(18, 0)


def test_settings_refuse_a_reminder_time_with_seconds(client, organiser_user, edition):
    # Before, 18:00:30 was saved and shown as 18:00.
    client.force_login(organiser_user)

    response = post_edit(
        client, reverse("events:edition-update", args=[edition.slug]), {"reminder_time": "18:00:30"}
    )

    edition.refresh_from_db()
    assert (response.context["form"].errors["reminder_time"], edition.reminder_time) == (
        ["Give the time in hours and minutes, without seconds: 18:00, for instance."],
        dt.time(11, 0),
    )
