import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from paddock.accounts.models import AccountToken, User
from paddock.core.models import AuditEntry
from paddock.events import services
from paddock.events.enums import EditionRole
from paddock.events.exceptions import TeamError
from paddock.events.models import EditionMembership
from tests import factories
from tests.participants.registration_helpers import link_in, token_in

pytestmark = pytest.mark.integration

NEW_PASSWORD = "paddock-tent-1957"


def _roles(edition):
    return sorted(
        (membership.user.email, membership.role)
        for membership in edition.memberships.select_related("user")
    )


def _add(edition, by, email, role, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.add_team_member(edition, by=by, email=email, role=role)


def _error(call):
    with pytest.raises(TeamError) as raised:
        call()
    return raised.value.code, raised.value.field


def test_add_team_member_with_an_account_mails_the_desk_in_their_language(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    agent = factories.make_user(email="agent@example.com", preferred_language="fr")

    _add(
        edition,
        organiser_user,
        " Agent@Example.com ",
        "checkin",
        django_capture_on_commit_callbacks,
    )

    message = mailoutbox[0]
    assert _roles(edition) == [("agent@example.com", EditionRole.CHECKIN)]
    assert (message.to, message.subject, link_in(message)) == (
        [agent.email],
        f"Vous êtes à l’accueil de l’édition {edition.name}",
        reverse("checkin:desk", args=[edition.slug]),
    )
    assert list(AuditEntry.objects.values_list("action", "data")) == [
        ("team.add", {"email": "agent@example.com", "role": "checkin", "invited": False})
    ]


def test_add_team_member_without_an_account_sends_a_link_to_choose_a_password(
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
    assert _roles(edition) == [("new.staff@example.com", EditionRole.STAFF)]
    assert (user.has_usable_password(), message.to, message.subject, link_in(message)) == (
        False,
        ["new.staff@example.com"],
        f"Rejoindre l’équipe de l’édition {edition.name}",  # the edition's first language
        reverse("events-public:join-team", args=[edition.slug, token_in(message)]),
    )


def test_add_team_member_twice_is_refused_and_changes_nothing(
    edition, organiser_user, staff_user, mailoutbox
):
    code = _error(
        lambda: services.add_team_member(
            edition, by=organiser_user, email=staff_user.email, role="checkin"
        )
    )

    assert (code, _roles(edition), mailoutbox) == (
        ("already_member", "email"),
        [(staff_user.email, EditionRole.STAFF)],
        [],
    )


def test_add_team_member_who_organises_the_series_is_refused(edition, organiser_user):
    code = _error(
        lambda: services.add_team_member(
            edition, by=organiser_user, email=organiser_user.email, role="staff"
        )
    )

    assert (code, _roles(edition)) == (("already_organiser", "email"), [])


@pytest.mark.parametrize("role", ["organiser", "boss", ""])
def test_add_team_member_with_a_role_that_cannot_be_given_is_refused(edition, organiser_user, role):
    code = _error(
        lambda: services.add_team_member(
            edition, by=organiser_user, email="someone@example.com", role=role
        )
    )

    assert (code, _roles(edition), User.objects.filter(email="someone@example.com").exists()) == (
        ("unknown_role", "role"),
        [],
        False,
    )


def test_remove_team_member_deletes_the_role_and_retires_the_invitation(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    membership = _add(
        edition,
        organiser_user,
        "new.staff@example.com",
        "staff",
        django_capture_on_commit_callbacks,
    )

    services.remove_team_member(membership, by=organiser_user)

    token = AccountToken.objects.get()
    assert (_roles(edition), token.replaced_at is not None) == ([], True)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "team.remove",
        "team.add",
    ]


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


def test_join_team_sets_the_password_and_uses_the_link(edition, invitation):
    membership = services.join_team(
        edition, token=invitation, password=NEW_PASSWORD, first_name="Ana", last_name="Silva"
    )

    user = User.objects.get(email="agent@example.com")
    assert (membership.role, user.get_full_name(), user.check_password(NEW_PASSWORD)) == (
        EditionRole.CHECKIN,
        "Ana Silva",
        True,
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


def test_join_team_after_removal_is_refused(edition, organiser_user, invitation):
    EditionMembership.objects.filter(edition=edition).delete()

    code = _error(
        lambda: services.join_team(
            edition, token=invitation, password=NEW_PASSWORD, first_name="A", last_name="S"
        )
    )

    assert (code, User.objects.get(email="agent@example.com").has_usable_password()) == (
        ("removed", None),
        False,
    )
