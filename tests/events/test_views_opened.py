"""The edition's edit forms keep what another organiser saved since the page was opened
(`core.opened`): each page is opened, a colleague saves a change of one field through the
service, the page is saved with another field changed, and both changes stay."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.events import services
from paddock.events.models import (
    Edition,
    Interpreter,
    SanitaryProtocol,
    Session,
    Table,
    TimeSlot,
)
from tests import factories
from tests.edit_forms import opened_data, page_data
from tests.scheduling.helpers import NINE_PARIS, make_slots, person

pytestmark = pytest.mark.integration


def _url(name, edition, *args):
    return reverse(f"events:{name}", args=[edition.slug, *args])


def _save_after(client, url, colleague, changes):
    """Open `url`, let `colleague()` save meanwhile, then post the page with `changes`."""
    opened = opened_data(client, url)
    colleague()
    return client.post(url, {**opened, **changes})


def test_table_relabelled_keeps_the_home_participant_set_meanwhile(organiser_client, edition):
    table = factories.make_table(factories.make_room(edition), label="T1")
    anna = person(edition, "Anna")

    def colleague():
        services.update_table(Table.objects.get(pk=table.pk), by=None, label="T1",
                              home_participant=anna)  # fmt: skip

    response = _save_after(
        organiser_client, _url("table-update", edition, table.pk), colleague, {"label": "T9"}
    )

    table.refresh_from_db()
    assert (response.status_code, table.label, table.home_participant) == (302, "T9", anna)


def test_slot_moved_keeps_the_session_changed_meanwhile(organiser_client, edition):
    slot = make_slots(edition, 1)[0]
    afternoon = Session.objects.create(edition=edition, name="Afternoon", date=edition.start_date)

    def colleague():
        services.update_slot(TimeSlot.objects.get(pk=slot.pk), by=None, start=slot.start,
                             end=slot.end, session=afternoon)  # fmt: skip

    response = _save_after(
        organiser_client, _url("slot-update", edition, slot.pk), colleague, {"end": "09:45"}
    )

    slot.refresh_from_db()
    assert (response.status_code, slot.session, slot.start, slot.end) == (
        302,
        afternoon,
        NINE_PARIS,
        NINE_PARIS + dt.timedelta(minutes=45),
    )


def test_edition_settings_keep_the_status_and_limit_changed_meanwhile(organiser_client, edition):
    def colleague():
        services.update_edition(
            Edition.objects.get(pk=edition.pk), by=None, status="scheduled",
            max_requests_per_participant=7,
        )  # fmt: skip

    response = _save_after(
        organiser_client, _url("edition-update", edition), colleague, {"venue_name": "Tent"}
    )

    edition.refresh_from_db()
    assert (response.status_code, edition.venue_name, edition.status) == (302, "Tent", "scheduled")
    assert edition.max_requests_per_participant == 7


def test_protocol_keeps_the_cap_lowered_meanwhile(organiser_client, edition):
    def colleague():
        services.update_protocol(edition, by=None, max_persons_per_room=8,
                                 health_pass_required=False, visits_allowed=True)  # fmt: skip

    response = _save_after(
        organiser_client, _url("protocol", edition), colleague, {"health_pass_required": "on"}
    )

    protocol = SanitaryProtocol.objects.get(edition=edition)
    assert (response.status_code, protocol.max_persons_per_room, protocol.health_pass_required) == (
        302,
        8,
        True,
    )


def test_interpreter_renamed_keeps_the_slots_changed_meanwhile(organiser_client, edition):
    first, second = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en"])

    def colleague():
        read = Interpreter.objects.get(pk=yuki.pk)
        services.update_interpreter(
            read, by=None, name="Yuki", email="", languages=["fr", "en"], available_slots=[first]
        )

    response = _save_after(
        organiser_client,
        _url("interpreter-update", edition, yuki.pk),
        colleague,
        {"name": "Yuki Tanaka"},
    )

    yuki.refresh_from_db()
    assert (response.status_code, yuki.name, list(yuki.unavailable_slots.all())) == (
        302,
        "Yuki Tanaka",
        [second],
    )


def _add_slot_after(slot):
    """A slot added by a colleague after `slot`, in its session."""
    start = slot.end
    return services.add_slot(
        slot.session, by=None, start=start, end=start + dt.timedelta(minutes=30)
    )


def test_interpreter_slots_changed_keep_a_slot_added_meanwhile(organiser_client, edition):
    first, second = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en"])
    added = []

    response = _save_after(
        organiser_client,
        _url("interpreter-update", edition, yuki.pk),
        lambda: added.append(_add_slot_after(second)),
        {"available_slots": [str(first.pk)]},
    )

    available = set(edition.slots.exclude(pk__in=yuki.unavailable_slots.all()))
    assert (response.status_code, list(yuki.unavailable_slots.all()), available) == (
        302,
        [second],
        {first, added[0]},
    )


def test_interpreter_slots_both_changed_are_refused(organiser_client, edition):
    first, second = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en"])

    def colleague():
        services.update_interpreter(
            Interpreter.objects.get(pk=yuki.pk), by=None, name="Yuki", email="",
            languages=["fr", "en"], available_slots=[second],
        )  # fmt: skip
        _add_slot_after(second)

    response = _save_after(
        organiser_client,
        _url("interpreter-update", edition, yuki.pk),
        colleague,
        {"available_slots": [str(first.pk)]},
    )

    assert (response.status_code, list(response.context["form"].errors)) == (
        200,
        ["available_slots"],
    )
    assert list(yuki.unavailable_slots.all()) == [first]


def test_interpreter_slots_saved_again_after_a_conflict_are_kept(organiser_client, edition):
    first, second = make_slots(edition, 2)
    yuki = factories.make_interpreter(edition, name="Yuki", languages=["fr", "en"])
    url = _url("interpreter-update", edition, yuki.pk)
    opened = opened_data(organiser_client, url)
    services.update_interpreter(
        Interpreter.objects.get(pk=yuki.pk), by=None, name="Yuki", email="",
        languages=["fr", "en"], available_slots=[second],
    )  # fmt: skip
    added = _add_slot_after(second)
    refused = organiser_client.post(url, {**opened, "available_slots": [str(first.pk)]})

    response = organiser_client.post(url, page_data(refused.context["form"]))

    available = set(edition.slots.exclude(pk__in=yuki.unavailable_slots.all()))
    assert (response.status_code, available) == (302, {first, added})


def test_privacy_notice_keeps_the_english_text_changed_meanwhile(organiser_client, edition):
    services.change_privacy_notice(edition, by=None, text_en="Old", text_fr="Ancien")

    def colleague():
        services.change_privacy_notice(edition, by=None, text_en="New", text_fr="Ancien")

    response = _save_after(
        organiser_client, _url("privacy", edition), colleague, {"text_fr": "Nouveau"}
    )

    latest = edition.privacy_notices.order_by("-version").first()
    assert (response.status_code, latest.text_en, latest.text_fr) == (302, "New", "Nouveau")


def test_update_slot_writes_only_the_changed_fields(edition):
    slot = make_slots(edition, 1)[0]
    afternoon = Session.objects.create(edition=edition, name="Afternoon", date=edition.start_date)
    first_read, second_read = (TimeSlot.objects.get(pk=slot.pk) for _ in range(2))

    services.update_slot(first_read, by=None, start=slot.start, end=slot.end, session=afternoon)
    later = slot.end + dt.timedelta(minutes=15)
    services.update_slot(second_read, by=None, start=slot.start, end=later, session=slot.session)

    slot.refresh_from_db()
    assert (slot.session, slot.end) == (afternoon, later)


def test_update_interpreter_writes_only_the_changed_fields(edition):
    yuki = factories.make_interpreter(edition, name="Yuki", email="", languages=["fr"])
    first_read, second_read = (Interpreter.objects.get(pk=yuki.pk) for _ in range(2))

    services.update_interpreter(first_read, by=None, name="Yuki T", email="", languages=["fr"],
                                available_slots=[])  # fmt: skip
    services.update_interpreter(second_read, by=None, name="Yuki", email="",
                                languages=["fr", "de"], available_slots=[])  # fmt: skip

    yuki.refresh_from_db()
    assert (yuki.name, yuki.languages) == ("Yuki T", ["de", "fr"])
