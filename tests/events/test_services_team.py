import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken, User
from paddock.accounts.services import TokenError, find_token
from paddock.core.models import AuditEntry
from paddock.events import services
from paddock.events.enums import EditionRole, TeamInvitationStatus
from paddock.events.exceptions import TeamError
from paddock.events.models import TeamInvitation
from paddock.participants import registration
from paddock.privacy.services import erase_person
from tests import factories
from tests.participants.registration_helpers import link_in, token_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _roles(edition):
    return sorted(
        (membership.user.email, membership.role)
        for membership in edition.memberships.select_related("user")
    )


def _invitations(edition):
    return sorted(
        (invitation.email, invitation.role, invitation.status)
        for invitation in edition.team_invitations.all()
    )


def _add(edition, by, email, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.invite_team_member(edition, by=by, email=email, role=role)


def _error(call):
    with pytest.raises(TeamError) as raised:
        call()
    return raised.value.code, raised.value.field


def test_invite_team_member_with_an_account_gives_no_role_until_they_accept(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    agent = factories.make_user(
        email="agent@example.com", first_name="Samuel", preferred_language="fr"
    )

    _add(
        edition,
        organiser_user,
        " Agent@Example.com ",
        "checkin",
        django_capture_on_commit_callbacks,
    )

    message = mailoutbox[0]
    assert (_roles(edition), _invitations(edition)) == (
        [],
        [("agent@example.com", EditionRole.CHECKIN, TeamInvitationStatus.PENDING)],
    )
    assert (message.to, message.subject, link_in(message)) == (
        [agent.email],
        f"Rejoindre l’équipe de l’édition {edition.name}",
        reverse("events-public:join-team", args=[edition.slug, token_in(message)]),
    )
    assert "votre mot de passe" in message.body
    assert list(AuditEntry.objects.values_list("action", "actor", "object_repr", "data")) == [
        ("team.invite", organiser_user.pk, "agent@example.com", {"role": "checkin"})
    ]


def test_invite_team_member_without_an_account_sends_a_link_to_choose_a_password(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    _add(
        edition,
        organiser_user,
        "new.staff@example.com",
        "staff",
        django_capture_on_commit_callbacks,
    )

    user = User.objects.get(email="new.staff@example.com")
    message = mailoutbox[0]
    assert (_roles(edition), _invitations(edition)) == (
        [],
        [("new.staff@example.com", EditionRole.STAFF, TeamInvitationStatus.PENDING)],
    )
    assert (user.has_usable_password(), message.to, message.subject, link_in(message)) == (
        False,
        ["new.staff@example.com"],
        f"Rejoindre l’équipe de l’édition {edition.name}",  # the edition's first language
        reverse("events-public:join-team", args=[edition.slug, token_in(message)]),
    )


def test_invite_team_member_of_the_team_is_refused_and_changes_nothing(
    edition, organiser_user, staff_user, mailoutbox
):
    code = _error(
        lambda: services.invite_team_member(
            edition, by=organiser_user, email=staff_user.email, role="checkin"
        )
    )

    assert (code, _roles(edition), _invitations(edition), mailoutbox) == (
        ("already_member", "email"),
        [(staff_user.email, EditionRole.STAFF)],
        [],
        [],
    )


def test_invite_team_member_twice_is_refused(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    _add(
        edition, organiser_user, "agent@example.com", "checkin", django_capture_on_commit_callbacks
    )

    code = _error(
        lambda: services.invite_team_member(
            edition, by=organiser_user, email="agent@example.com", role="staff"
        )
    )

    assert (code, _invitations(edition), len(mailoutbox)) == (
        ("already_invited", "email"),
        [("agent@example.com", EditionRole.CHECKIN, TeamInvitationStatus.PENDING)],
        1,
    )


def test_invite_team_member_who_organises_the_series_is_refused(edition, organiser_user):
    code = _error(
        lambda: services.invite_team_member(
            edition, by=organiser_user, email=organiser_user.email, role="staff"
        )
    )

    assert (code, _roles(edition)) == (("already_organiser", "email"), [])


@pytest.mark.parametrize("role", ["organiser", "boss", ""])
def test_invite_team_member_with_a_role_that_cannot_be_given_is_refused(
    edition, organiser_user, role
):
    code = _error(
        lambda: services.invite_team_member(
            edition, by=organiser_user, email="someone@example.com", role=role
        )
    )

    assert (code, _roles(edition), User.objects.filter(email="someone@example.com").exists()) == (
        ("unknown_role", "role"),
        [],
        False,
    )


def test_withdraw_team_invitation_deletes_it_and_retires_the_link(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = _add(
        edition,
        organiser_user,
        "new.staff@example.com",
        "staff",
        django_capture_on_commit_callbacks,
    )

    services.withdraw_team_invitation(invitation, by=organiser_user)

    token = AccountToken.objects.get()
    assert (_invitations(edition), _roles(edition), token.replaced_at is not None) == (
        [],
        [],
        True,
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "team.withdraw",
        "team.invite",
    ]


def test_remove_team_member_deletes_the_role(edition, organiser_user, staff_user):
    membership = edition.memberships.get()

    services.remove_team_member(membership, by=organiser_user)

    assert _roles(edition) == []


def test_remove_team_member_refuses_the_last_organiser(edition):
    only_organiser = factories.make_user()
    membership = factories.give_role(only_organiser, edition, EditionRole.ORGANISER)

    code = _error(lambda: services.remove_team_member(membership, by=only_organiser))

    assert (code, _roles(edition)) == (
        ("last_organiser", None),
        [(only_organiser.email, EditionRole.ORGANISER)],
    )


def test_remove_team_member_lets_an_organiser_role_go_when_the_series_has_organisers(
    edition, organiser_user
):
    other = factories.make_user()
    membership = factories.give_role(other, edition, EditionRole.ORGANISER)

    services.remove_team_member(membership, by=other)

    assert _roles(edition) == []


@pytest.fixture
def invitation(edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks):
    _add(
        edition, organiser_user, "agent@example.com", "checkin", django_capture_on_commit_callbacks
    )
    return token_in(mailoutbox[-1])


def test_join_team_sets_the_password_gives_the_role_and_uses_the_link(edition, invitation):
    membership = services.join_team(
        edition, token=invitation, password=NEW_PASSWORD, first_name="Ana", last_name="Silva"
    )

    user = User.objects.get(email="agent@example.com")
    assert (membership.role, user.get_full_name(), user.check_password(NEW_PASSWORD)) == (
        EditionRole.CHECKIN,
        "Ana Silva",
        True,
    )
    assert (_roles(edition), _invitations(edition)) == (
        [("agent@example.com", EditionRole.CHECKIN)],
        [],
    )
    assert AccountToken.objects.get().used_at is not None


def test_join_team_with_a_weak_password_names_the_field_and_keeps_the_link(edition, invitation):
    with pytest.raises(ValidationError) as raised:
        services.join_team(
            edition, token=invitation, password="123", first_name="Ana", last_name="Silva"
        )

    user = User.objects.get(email="agent@example.com")
    assert list(raised.value.message_dict) == ["password"]
    assert (user.has_usable_password(), AccountToken.objects.get().used_at) == (False, None)
    assert _roles(edition) == []


def test_join_team_after_the_invitation_is_withdrawn_is_refused(
    edition, organiser_user, invitation
):
    TeamInvitation.objects.filter(edition=edition).delete()

    code = _error(
        lambda: services.join_team(
            edition, token=invitation, password=NEW_PASSWORD, first_name="A", last_name="S"
        )
    )

    assert (code, User.objects.get(email="agent@example.com").has_usable_password()) == (
        ("removed", None),
        False,
    )


@pytest.fixture
def sam_invited(edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks):
    """Sam has an account; the organiser invited the address as a check-in agent."""
    sam = factories.make_user(email="sam@example.com")
    _add(edition, organiser_user, "sam@example.com", "checkin", django_capture_on_commit_callbacks)
    return sam, token_in(mailoutbox[-1])


def test_accept_team_invitation_gives_the_role_to_the_person_invited(edition, sam_invited):
    sam, token = sam_invited

    membership = services.accept_team_invitation(edition, token=token, by=sam)

    assert (membership.user, _roles(edition), _invitations(edition)) == (
        sam,
        [("sam@example.com", EditionRole.CHECKIN)],
        [],
    )


def test_accept_team_invitation_by_someone_else_is_refused(edition, sam_invited, staff_user):
    _sam, token = sam_invited

    with pytest.raises(TokenError) as raised:
        services.accept_team_invitation(edition, token=token, by=staff_user)

    assert (raised.value.code, _roles(edition), AccountToken.objects.get().used_at) == (
        "invalid",
        [("staff@example.com", EditionRole.STAFF)],
        None,
    )


def test_decline_team_invitation_gives_no_role_and_the_link_stops_working(edition, sam_invited):
    sam, token = sam_invited

    services.decline_team_invitation(edition, token=token)

    assert (_roles(edition), _invitations(edition)) == (
        [],
        [("sam@example.com", EditionRole.CHECKIN, TeamInvitationStatus.DECLINED)],
    )
    with pytest.raises(TokenError) as raised:
        services.accept_team_invitation(edition, token=token, by=sam)
    assert raised.value.code == "used"


def test_invite_team_member_again_after_a_decline_is_refused_and_sends_nothing(
    edition, organiser_user, sam_invited, mailoutbox, django_capture_on_commit_callbacks
):
    """As for a participant's invitation: the person said no, and is not asked again."""
    _sam, token = sam_invited
    services.decline_team_invitation(edition, token=token)

    code = _error(
        lambda: _add(
            edition, organiser_user, " SAM@example.com", "staff", django_capture_on_commit_callbacks
        )
    )

    assert (code, _invitations(edition), len(mailoutbox)) == (
        ("declined", "email"),
        [("sam@example.com", EditionRole.CHECKIN, TeamInvitationStatus.DECLINED)],
        1,
    )


def test_withdraw_team_invitation_declined_is_refused_so_the_answer_stays(
    edition, organiser_user, sam_invited
):
    """Withdrawing the declined row would let the address be invited again."""
    _sam, token = sam_invited
    services.decline_team_invitation(edition, token=token)

    code = _error(
        lambda: services.withdraw_team_invitation(TeamInvitation.objects.get(), by=organiser_user)
    )

    assert (code, _invitations(edition)) == (
        ("declined", None),
        [("sam@example.com", EditionRole.CHECKIN, TeamInvitationStatus.DECLINED)],
    )
    assert "team.withdraw" not in AuditEntry.objects.values_list("action", flat=True)


def test_invite_team_member_after_a_decline_in_another_edition_is_asked_again(
    edition, organiser_user, sam_invited, mailoutbox, django_capture_on_commit_callbacks
):
    """A decline answers one edition's invitation: the next edition may ask again."""
    _sam, token = sam_invited
    services.decline_team_invitation(edition, token=token)
    next_edition = factories.make_edition(series=edition.series)

    _add(
        next_edition, organiser_user, "sam@example.com", "staff", django_capture_on_commit_callbacks
    )

    assert (_invitations(next_edition), len(mailoutbox)) == (
        [("sam@example.com", EditionRole.STAFF, TeamInvitationStatus.PENDING)],
        2,
    )


def _invite_participant(edition, by, email, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        registration.invite_participant(
            edition,
            by=by,
            email=email,
            first_name="Jeanne",
            last_name="Martin",
            company=factories.make_company(edition, name="Écuries Sarthoises"),
            role="supplier",
            languages=["fr"],
            language="en",
        )
    return token_in(mailoutbox[-1])


def _link_state(secret, purpose, edition):
    try:
        find_token(secret, purpose=purpose, edition=edition)
    except TokenError as error:
        return error.code
    return "usable"


def test_a_team_invitation_and_a_participant_invitation_of_one_person_keep_their_own_links(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    participant_link = _invite_participant(
        edition,
        organiser_user,
        "jeanne@example.com",
        django_capture_on_commit_callbacks,
        mailoutbox,
    )
    _add(
        edition,
        organiser_user,
        "jeanne@example.com",
        "zone_host",
        django_capture_on_commit_callbacks,
    )
    team_link = token_in(mailoutbox[-1])

    services.join_team(
        edition, token=team_link, password=NEW_PASSWORD, first_name="Jeanne", last_name="Martin"
    )

    # The team's link opens no participant's page; joining the team leaves the participant's
    # invitation to its own answer.
    assert (
        _link_state(team_link, TokenPurpose.INVITATION, edition),
        _link_state(participant_link, TokenPurpose.INVITATION, edition),
        _roles(edition),
    ) == ("invalid", "usable", [("jeanne@example.com", EditionRole.ZONE_HOST)])


def test_a_participant_declining_leaves_their_team_invitation_link_working(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    _add(
        edition,
        organiser_user,
        "jeanne@example.com",
        "zone_host",
        django_capture_on_commit_callbacks,
    )
    team_link = token_in(mailoutbox[-1])
    participant_link = _invite_participant(
        edition,
        organiser_user,
        "jeanne@example.com",
        django_capture_on_commit_callbacks,
        mailoutbox,
    )

    registration.decline_invitation(edition, token=participant_link)
    jeanne = User.objects.get(email="jeanne@example.com")

    assert _invitations(edition) == [
        ("jeanne@example.com", EditionRole.ZONE_HOST, TeamInvitationStatus.PENDING)
    ]
    membership = services.join_team(
        edition, token=team_link, password=NEW_PASSWORD, first_name="Jeanne", last_name="Martin"
    )
    assert (membership.user, _roles(edition)) == (
        jeanne,
        [("jeanne@example.com", EditionRole.ZONE_HOST)],
    )


def test_withdraw_team_invitation_accepted_meanwhile_is_refused_and_keeps_the_role(
    edition, organiser_user, sam_invited
):
    sam, token = sam_invited
    opened = TeamInvitation.objects.get()  # the organiser's confirmation page, still open
    services.accept_team_invitation(edition, token=token, by=sam)

    code = _error(lambda: services.withdraw_team_invitation(opened, by=organiser_user))

    assert (code, _roles(edition)) == (
        ("answered", None),
        [("sam@example.com", EditionRole.CHECKIN)],
    )
    assert "team.withdraw" not in AuditEntry.objects.values_list("action", flat=True)


def test_remove_team_member_removed_meanwhile_is_refused(edition, organiser_user, staff_user):
    opened = edition.memberships.get()  # two tabs on the confirmation page
    services.remove_team_member(opened, by=organiser_user)

    code = _error(lambda: services.remove_team_member(opened, by=organiser_user))

    assert (code, _roles(edition)) == (("gone", None), [])
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["team.remove"]


def test_erasing_a_person_leaves_their_address_and_name_in_no_entry_of_the_team(
    edition, organiser_user, sam_invited, mailoutbox, django_capture_on_commit_callbacks
):
    sam, token = sam_invited  # invited with an account
    services.accept_team_invitation(edition, token=token, by=sam)
    services.remove_team_member(edition.memberships.get(user=sam), by=organiser_user)
    _add(edition, organiser_user, "ana@example.com", "staff", django_capture_on_commit_callbacks)
    services.withdraw_team_invitation(TeamInvitation.objects.get(), by=organiser_user)
    _add(edition, organiser_user, "ana@example.com", "staff", django_capture_on_commit_callbacks)
    services.decline_team_invitation(edition, token=token_in(mailoutbox[-1]))
    ana = User.objects.get(email="ana@example.com")
    traces = {"sam@example.com", sam.first_name, sam.last_name, "ana@example.com"}

    with transaction.atomic():
        erase_person(sam, by=organiser_user, edition=None, origin="request")
        erase_person(ana, by=organiser_user, edition=None, origin="request")

    entries = [
        (entry.action, entry.object_repr, entry.data)
        for entry in AuditEntry.objects.filter(action__startswith="team.").order_by("pk")
    ]
    assert [action for action, _repr, _data in entries] == [
        "team.invite",
        "team.join",
        "team.remove",
        "team.invite",
        "team.withdraw",
        "team.invite",
        "team.decline",
    ]
    assert [entry for entry in entries if any(trace in str(entry) for trace in traces)] == []


def test_join_team_for_an_account_with_a_password_changes_nothing(edition, sam_invited):
    """The link alone never sets a password (a request racing the password chosen elsewhere):
    an account that has one accepts logged in."""
    sam, token = sam_invited

    with pytest.raises(TokenError) as raised:
        services.join_team(
            edition, token=token, password=NEW_PASSWORD, first_name="Eve", last_name="Thief"
        )

    sam.refresh_from_db()
    assert (raised.value.code, sam.check_password(factories.PASSWORD), _roles(edition)) == (
        "password_set",
        True,
        [],
    )
    assert AccountToken.objects.get().used_at is None


def test_invite_team_member_again_once_the_link_expired_sends_a_new_one(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The expired link's page says to ask the organiser to add the person again: adding
    them again works, without withdrawing first."""
    _add(
        edition, organiser_user, "agent@example.com", "checkin", django_capture_on_commit_callbacks
    )
    expired = token_in(mailoutbox[-1])
    AccountToken.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))

    _add(edition, organiser_user, "agent@example.com", "staff", django_capture_on_commit_callbacks)
    membership = services.join_team(
        edition,
        token=token_in(mailoutbox[-1]),
        password=NEW_PASSWORD,
        first_name="A",
        last_name="S",
    )

    assert (len(mailoutbox), token_in(mailoutbox[-1]) != expired, membership.role) == (
        2,
        True,
        EditionRole.STAFF,
    )


def test_join_team_leaves_an_account_disabled_in_the_admin_disabled(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    """An account that logged in and has no usable password had it disabled by the site's
    administrators (as the password reset reads it): an invitation does not give it back."""
    ada = factories.make_user(email="ada@example.com", last_login=timezone.now())
    ada.set_unusable_password()
    ada.save()
    _add(edition, organiser_user, "ada@example.com", "staff", django_capture_on_commit_callbacks)

    with pytest.raises(TokenError) as raised:
        services.join_team(
            edition,
            token=token_in(mailoutbox[-1]),
            password=NEW_PASSWORD,
            first_name="Ada",
            last_name="L",
        )

    ada.refresh_from_db()
    assert (raised.value.code, ada.has_usable_password(), _roles(edition)) == (
        "disabled",
        False,
        [],
    )
