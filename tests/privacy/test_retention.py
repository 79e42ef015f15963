"""Retention: personal data of past editions erased some months after their end."""

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from paddock.core.dates import add_months
from paddock.core.models import AuditEntry
from paddock.events.enums import EditionRole
from paddock.events.models import Interpreter
from paddock.events.services.team import invite_team_member
from paddock.participants import registration
from paddock.participants.enums import JoinRequestStatus, ParticipantRole, ParticipantStatus
from paddock.participants.models import JoinRequest, Participant
from paddock.participants.profile import update_participant_details
from paddock.privacy.enums import ErasureOrigin, ErasureStatus
from paddock.privacy.models import ErasureRequest
from paddock.privacy.services import erase_expired_personal_data
from tests import factories
from tests.participants.registration_helpers import token_in

pytestmark = pytest.mark.integration


def _months_ago(months: int) -> dt.date:
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, min(today.day, 28))


@pytest.fixture
def series(db):
    return factories.make_series(retention_months=6)


def _edition(series, ended: dt.date):
    return factories.make_edition(series=series, start_date=ended, end_date=ended)


def _emails(users) -> list[str]:
    for user in users:
        user.refresh_from_db()
    return [user.email for user in users]


def test_retention_erases_the_people_of_an_edition_ended_past_the_period(series):
    old = _edition(series, _months_ago(7))
    recent = _edition(series, _months_ago(5))
    gone = factories.make_participant(old, user=factories.make_user(email="gone@example.com"))
    back = factories.make_participant(old, user=factories.make_user(email="back@example.com"))
    factories.make_participant(recent, user=back.user)
    fresh = factories.make_participant(recent, user=factories.make_user(email="new@example.com"))

    count = erase_expired_personal_data()

    assert count == 1
    assert _emails([gone.user, back.user, fresh.user]) == [
        f"erased-{gone.user.pk}@erased.invalid",
        "back@example.com",
        "new@example.com",
    ]
    assert list(ErasureRequest.objects.values_list("user", "edition", "origin", "status")) == [
        (gone.user.pk, old.pk, ErasureOrigin.RETENTION, ErasureStatus.DONE)
    ]
    assert list(AuditEntry.objects.values_list("action", "actor", "data")) == [
        (
            "privacy.erase",
            None,
            {
                "origin": "retention",
                "participations": 1,
                "files": 0,
                "roles": 0,
                "organisers": 0,
                "team_invitations": 0,
                "api_tokens": 0,
            },
        )
    ]


def test_retention_keeps_everything_when_the_series_has_no_period(db):
    old = _edition(factories.make_series(), _months_ago(120))
    kept = factories.make_participant(old, user=factories.make_user(email="kept@example.com"))

    count = erase_expired_personal_data()

    assert (count, _emails([kept.user])) == (0, ["kept@example.com"])


def test_retention_runs_once_per_person(series):
    old = _edition(series, _months_ago(7))
    factories.make_participant(old)
    erase_expired_personal_data()

    count = erase_expired_personal_data()

    assert (count, ErasureRequest.objects.count()) == (0, 1)


def test_periodic_erases_expired_personal_data(series):
    factories.make_participant(_edition(series, _months_ago(7)))
    out = io.StringIO()

    call_command("periodic", stdout=out)

    erasure = [line for line in out.getvalue().splitlines() if line.startswith("erase_")]
    assert erasure == ["erase_expired_personal_data: 1 person erased."]


def test_erase_expired_personal_data_command_says_how_many(series):
    factories.make_participant(_edition(series, _months_ago(7)))
    factories.make_participant(_edition(series, _months_ago(8)))
    out = io.StringIO()

    call_command("erase_expired_personal_data", stdout=out)

    assert out.getvalue() == "2 people erased.\n"


def test_retention_of_one_series_keeps_people_another_series_still_keeps(series):
    # Another organiser's series keeps its data; this series, with its short period, added
    # one of its past participants to an edition that ended after theirs.
    theirs = _edition(factories.make_series(), _months_ago(24))
    kept = factories.make_participant(theirs, user=factories.make_user(email="kept@example.com"))
    agent = factories.make_user(email="agent@example.com")
    factories.give_role(agent, theirs, EditionRole.CHECKIN)
    here = _edition(series, _months_ago(7))
    factories.make_participant(here, user=kept.user)
    factories.make_participant(here, user=agent)

    count = erase_expired_personal_data()

    assert (count, _emails([kept.user, agent])) == (0, ["kept@example.com", "agent@example.com"])


def test_retention_counts_the_months_to_the_day_where_the_edition_was_held(series):
    # The edition's zone is a day off UTC: the last day kept and the first day erased are
    # those of the edition's calendar, not the server's.
    zone, today = factories.zone_off_utc_today()
    cutoff = add_months(today, -6)
    erased = factories.make_participant(
        factories.make_edition(series, timezone=zone, start_date=cutoff - dt.timedelta(days=1)),
        user=factories.make_user(email="erased@example.com"),
    )
    kept = factories.make_participant(
        factories.make_edition(series, timezone=zone, start_date=cutoff),
        user=factories.make_user(email="kept@example.com"),
    )

    count = erase_expired_personal_data()

    assert (count, _emails([erased.user, kept.user])) == (
        1,
        [f"erased-{erased.user.pk}@erased.invalid", "kept@example.com"],
    )


def test_retention_erases_beside_declined_invitations_left_without_account(series):
    old = _edition(series, _months_ago(7))
    recent = _edition(series, _months_ago(5))
    gone = factories.make_participant(old, user=factories.make_user(email="gone@example.com"))
    for edition in (old, recent):
        declined = factories.make_participant(
            edition, status=ParticipantStatus.DECLINED, invited_first_name="Ada",
            invited_email="ada@example.com",
        )  # fmt: skip
        Participant.objects.filter(pk=declined.pk).update(user=None)  # its account deleted

    count = erase_expired_personal_data()

    typed = Participant.objects.filter(user=None).order_by("edition__end_date")
    typed = list(typed.values_list("invited_first_name", "invited_email"))
    assert (count, _emails([gone.user]), typed) == (
        1,
        [f"erased-{gone.user.pk}@erased.invalid"],
        [("", ""), ("Ada", "ada@example.com")],
    )


def test_retention_removes_a_declined_invitations_typed_names_from_the_audit_log(
    series, mailoutbox, django_capture_on_commit_callbacks
):
    # The account made for the invitation goes when the person declines; the audit entries
    # named the invitation by its names, which nothing erases with the account.
    old, organiser = _edition(series, _months_ago(7)), factories.make_user()
    recent = _edition(series, _months_ago(5))
    for edition in (old, recent):
        _declined_invitation(edition, organiser, mailoutbox, django_capture_on_commit_callbacks)
    old_invitation = Participant.objects.get(edition=old)

    erase_expired_personal_data()

    entries = AuditEntry.objects.exclude(action="account.delete_unused")
    entries = entries.order_by("edition__end_date", "pk").values_list("edition", "object_repr")
    assert list(entries) == [  # added, invited, declined
        *[(old.pk, f"participant #{old_invitation.pk}")] * 3,
        *[(recent.pk, "Jeanne Martin (Écuries)")] * 3,
    ]


def _declined_invitation(edition, organiser, mailoutbox, capture, *, rename_to: str = ""):
    """Jeanne Martin of Écuries, invited, then (with `rename_to`) renamed by the organisers
    before she declines: her account, made for the invitation, goes."""
    with capture(execute=True):
        invited = registration.invite_participant(
            edition,
            by=organiser,
            email="jeanne@example.com",
            first_name="Jeanne",
            last_name="Martin",
            company=factories.make_company(edition, name="Écuries"),
            role="supplier",
            languages=["fr"],
            language="en",
        )
    token = token_in(mailoutbox[-1])
    if rename_to:
        update_participant_details(
            invited, by=organiser, first_name="Jeanne", last_name=rename_to, job_title="",
            phone="", languages=["fr"], role=ParticipantRole.SUPPLIER, show_email=False,
            show_phone=False, show_job_title=False,
        )  # fmt: skip
    registration.decline_invitation(edition, token=token)
    return Participant.objects.get(pk=invited.pk)


def test_retention_finds_the_entries_of_an_invitation_whose_typed_name_changed_by_their_row(
    series, mailoutbox, django_capture_on_commit_callbacks
):
    # The entries named the invitation by its account's names, "Jeanne Martin"; the name
    # typed became "Jeanne Dupont" since, and matching by that name missed them.
    old = _edition(series, _months_ago(7))
    invitation = _declined_invitation(
        old, factories.make_user(), mailoutbox, django_capture_on_commit_callbacks,
        rename_to="Dupont",
    )  # fmt: skip

    erase_expired_personal_data()

    entries = AuditEntry.objects.exclude(action="account.delete_unused").order_by("pk")
    assert list(entries.values_list("action", "object_repr")) == [
        ("participant.add", f"participant #{invitation.pk}"),
        ("participant.invite", f"participant #{invitation.pk}"),
        ("participant.update_profile", f"participant #{invitation.pk}"),
        ("participant.decline_invitation", f"participant #{invitation.pk}"),
    ]


def test_retention_finds_older_entries_of_an_invitation_that_record_no_row_by_name(
    series, mailoutbox, django_capture_on_commit_callbacks
):
    old = _edition(series, _months_ago(7))
    invitation = _declined_invitation(
        old, factories.make_user(), mailoutbox, django_capture_on_commit_callbacks
    )
    # As entries were written before they recorded their row.
    AuditEntry.objects.update(object_model="", object_id=None)

    erase_expired_personal_data()

    entries = AuditEntry.objects.exclude(action="account.delete_unused")
    assert set(entries.values_list("object_repr", flat=True)) == {f"participant #{invitation.pk}"}


def test_retention_removes_the_names_and_addresses_of_past_interpreters(series):
    old = factories.make_interpreter(
        _edition(series, _months_ago(7)), name="Iris Lang", email="iris@example.com"
    )
    factories.make_interpreter(
        _edition(series, _months_ago(5)), name="Otto Wort", email="otto@example.com"
    )
    old_link = old.link_token

    erase_expired_personal_data()
    erase_expired_personal_data()

    old.refresh_from_db()
    rows = Interpreter.objects.order_by("edition__end_date").values_list("name", "email")
    assert (list(rows), old.link_token != old_link) == (
        [(f"interpreter #{old.pk}", ""), ("Otto Wort", "otto@example.com")],
        True,
    )


def test_retention_deletes_expired_sessions_and_failed_logins_past_the_lock_out(
    client, settings, db
):
    settings.LOGIN_LOCKOUT_MINUTES = 15
    client.force_login(factories.make_user())
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - dt.timedelta(days=1)
    )
    for minutes, ip in ((16, "192.0.2.1"), (14, "192.0.2.2")):
        attempt = AccessAttempt.objects.create(
            username="ada@example.com",
            ip_address=ip,
            user_agent="Firefox",
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=timezone.now() - dt.timedelta(minutes=minutes)
        )

    erase_expired_personal_data()

    assert (
        list(Session.objects.values_list("session_key", flat=True)),
        list(AccessAttempt.objects.values_list("ip_address", flat=True)),
    ) == ([client.session.session_key], ["192.0.2.2"])


def test_retention_deletes_the_task_workers_results_after_two_weeks(db):
    for days in (15, 13):
        DBTaskResult.objects.create(
            task_path="paddock.scheduling.tasks.build_document",
            args_kwargs={"args": [1, 1], "kwargs": {}},
            queue_name="default",
            backend_name="default",
            run_after=None,
            finished_at=timezone.now() - dt.timedelta(days=days),
            traceback="SMTPRecipientsRefused: {'ada@example.com': (550, b'No such user')}",
        )

    erase_expired_personal_data()

    finished = DBTaskResult.objects.values_list("finished_at", flat=True)
    assert [(timezone.now() - when).days for when in finished] == [13]


def test_retention_is_not_held_off_by_a_declined_invitation_to_a_later_edition(series):
    # Invited from the earlier edition to the next, the person declined: they take no part
    # in it, so the period of the edition they did take part in still runs.
    old = _edition(series, _months_ago(7))
    recent = _edition(series, _months_ago(5))
    declined = factories.make_participant(old, user=factories.make_user(email="no@example.com"))
    factories.make_participant(recent, user=declined.user, status=ParticipantStatus.DECLINED)
    invited = factories.make_participant(old, user=factories.make_user(email="maybe@example.com"))
    factories.make_participant(recent, user=invited.user, status=ParticipantStatus.INVITED)

    count = erase_expired_personal_data()

    assert (count, _emails([declined.user, invited.user])) == (
        1,
        [f"erased-{declined.user.pk}@erased.invalid", "maybe@example.com"],
    )


def test_retention_erases_those_who_only_asked_to_join_a_company_of_a_past_edition(series):
    old = _edition(series, _months_ago(7))
    recent = _edition(series, _months_ago(5))
    asked = {}
    for email, status in (
        ("declined@example.com", JoinRequestStatus.DECLINED),
        ("unconfirmed@example.com", JoinRequestStatus.UNCONFIRMED),
        ("again@example.com", JoinRequestStatus.DECLINED),
    ):
        asked[email] = JoinRequest.objects.create(
            edition=old,
            company=factories.make_company(old),
            user=factories.make_user(email=email),
            job_title="Buyer",
            role=ParticipantRole.BUYER,
            status=status,
        )
    JoinRequest.objects.create(  # waits for an answer in an edition still kept
        edition=recent,
        company=factories.make_company(recent),
        user=asked["again@example.com"].user,
        role=ParticipantRole.BUYER,
        status=JoinRequestStatus.PENDING,
    )

    count = erase_expired_personal_data()

    users = [request.user for request in asked.values()]
    assert (count, _emails(users)) == (
        2,
        [
            f"erased-{users[0].pk}@erased.invalid",
            f"erased-{users[1].pk}@erased.invalid",
            "again@example.com",
        ],
    )


def test_retention_keeps_a_past_participant_invited_to_the_team_of_an_edition_still_kept(
    series, mailoutbox
):
    # Someone of an old edition, since hired by the organisers: their invitation to the next
    # edition's team waits for their click. Erasing them would delete it and its link.
    old = _edition(series, _months_ago(7))
    upcoming = _edition(series, _months_ago(-2))
    hired = factories.make_participant(old, user=factories.make_user(email="hired@example.com"))
    organiser = factories.make_user(email="boss@example.com")
    invite_team_member(upcoming, by=organiser, email="hired@example.com", role=EditionRole.STAFF)

    count = erase_expired_personal_data()

    assert (count, _emails([hired.user])) == (0, ["hired@example.com"])
    assert upcoming.team_invitations.filter(user=hired.user).exists()


def test_retention_keeps_a_superuser_who_took_part_in_a_past_edition(series):
    # A superuser without the admin site (is_staff unticked) still runs the platform.
    old = _edition(series, _months_ago(7))
    admin = factories.make_user(email="root@example.com", is_superuser=True, is_staff=False)
    factories.make_participant(old, user=admin)

    count = erase_expired_personal_data()

    assert (count, _emails([admin])) == (0, ["root@example.com"])


def test_retention_erases_a_check_in_agent_whose_only_role_is_in_a_past_edition(series):
    # Their only link to the platform: scanning badges at an edition that ended long ago.
    old = _edition(series, _months_ago(7))
    agent = factories.make_user(email="agent@example.com", first_name="Alex")
    factories.give_role(agent, old, EditionRole.CHECKIN)

    count = erase_expired_personal_data()

    agent.refresh_from_db()
    assert (count, agent.email, agent.first_name, agent.is_active) == (
        1,
        f"erased-{agent.pk}@erased.invalid",
        "",
        False,
    )
    assert not old.memberships.exists()
    assert list(ErasureRequest.objects.values_list("user", "edition", "origin")) == [
        (agent.pk, old.pk, ErasureOrigin.RETENTION)
    ]
    assert list(AuditEntry.objects.values_list("action", "edition", "data")) == [
        (
            "privacy.erase",
            old.pk,
            {
                "origin": "retention",
                "participations": 0,
                "files": 0,
                "roles": 1,
                "organisers": 0,
                "team_invitations": 0,
                "api_tokens": 0,
            },
        )
    ]


def test_retention_erases_someone_only_invited_to_a_past_editions_team(series):
    old = _edition(series, _months_ago(7))
    invite_team_member(
        old, by=factories.make_user(), email="never@example.com", role=EditionRole.STAFF
    )
    invited = old.team_invitations.get().user

    count = erase_expired_personal_data()

    assert (count, _emails([invited]), old.team_invitations.count()) == (
        1,
        [f"erased-{invited.pk}@erased.invalid"],
        0,
    )


def test_retention_keeps_a_team_member_of_a_later_edition_with_their_past_roles(series):
    old, recent = _edition(series, _months_ago(7)), _edition(series, _months_ago(5))
    agent = factories.make_user(email="agent@example.com")
    for edition in (old, recent):
        factories.give_role(agent, edition, EditionRole.CHECKIN)

    count = erase_expired_personal_data()

    assert (count, _emails([agent]), agent.edition_memberships.count()) == (
        0,
        ["agent@example.com"],
        2,
    )


def test_retention_keeps_organisers_and_superusers_with_roles_in_past_editions_only(db):
    organiser_member = factories.make_user(email="boss@example.com")
    series = factories.make_series(
        factories.make_organiser(members=[organiser_member]), retention_months=6
    )
    old = _edition(series, _months_ago(7))
    root = factories.make_user(email="root@example.com", is_superuser=True)
    site_staff = factories.make_user(email="staff@example.com", is_staff=True)
    for user in (organiser_member, root, site_staff):
        factories.give_role(user, old, EditionRole.ORGANISER)

    count = erase_expired_personal_data()

    assert (count, old.memberships.count()) == (0, 3)
    assert _emails([organiser_member, root, site_staff]) == [
        "boss@example.com",
        "root@example.com",
        "staff@example.com",
    ]


def test_retention_keeps_a_past_participant_whose_open_form_to_a_kept_edition_waits(
    series, mailoutbox
):
    # Back for the next edition by the open form, the person has not followed its link yet:
    # nothing but the kept form (`PendingRegistration`) says so. Erasing them would delete it,
    # and the link they are about to follow with it.
    old = _edition(series, _months_ago(7))
    upcoming = _edition(series, _months_ago(-2))
    upcoming.registration_open = True
    upcoming.save()
    back = factories.make_participant(old, user=factories.make_user(email="back@example.com"))
    registration.register_openly(
        upcoming,
        email="back@example.com",
        password=factories.PASSWORD,
        first_name="Bea",
        last_name="Back",
        job_title="Buyer",
        company_fields={"name": "Back Again", "country": "FR", "sector": "plastics"},
        role="buyer",
        languages=["fr"],
        language="en",
        consent_version="default",
    )

    count = erase_expired_personal_data()

    assert (count, _emails([back.user]), upcoming.pending_registrations.count()) == (
        0,
        ["back@example.com"],
        1,
    )


def test_retention_blanks_the_admin_sites_history_that_names_a_team_member(series):
    # A role given on the admin site's edition page: the edition's history names the inline
    # row as it printed (name, en dash, role, en dash, edition), JSON-escaped.
    old = _edition(series, _months_ago(7))
    admin = factories.make_user(is_staff=True, is_superuser=True)
    agent = factories.make_user(email="agent@example.com", first_name="Zoé", last_name="Agent")
    other = factories.make_user(first_name="Zoé", last_name="Agents")
    for person in (agent, other):
        role = factories.give_role(person, old, EditionRole.CHECKIN)
        added = [{"added": {"name": "edition role", "object": str(role)}}]
        LogEntry.objects.log_actions(
            user_id=admin.pk, queryset=[old], action_flag=CHANGE, change_message=added
        )
    factories.give_role(other, _edition(series, _months_ago(1)), EditionRole.CHECKIN)

    count = erase_expired_personal_data()

    entries = LogEntry.objects.order_by("pk").values_list("object_repr", "change_message")
    kept = '[{"added": {"name": "edition role", "object": "Zo\\u00e9 Agents \\u2013 '
    assert count == 1
    assert [(name, message[: len(kept)]) for name, message in entries] == [
        (str(old), ""),
        (str(old), kept),
    ]
