"""Many invitations at once (`many_invitations.invite_many`) follow the rules of one
(`registration.invite_participant`): the mail's language, the language an unused account
keeps, one usable link per person, and a declined invitation's address refused."""

from dataclasses import replace

import pytest

from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import AccountToken, User
from paddock.participants.enums import ParticipantStatus
from paddock.participants.many_invitations import Invitee, invite_many
from paddock.participants.models import Participant
from paddock.participants.services import ParticipantError
from paddock.privacy.audit import audit_entries_about
from tests import factories

pytestmark = pytest.mark.integration


def _invitee(email, company, language="fr"):
    return Invitee(
        email=email,
        first_name="Ada",
        last_name="Doe",
        company=company,
        role="buyer",
        languages=["fr"],
        language=language,
    )


def test_invite_many_chooses_each_mails_language_and_replaces_earlier_links(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(edition)
    factories.make_user("english@example.com", preferred_language="en")
    unused = User.objects.create_user("unused@example.com", None)
    old = AccountToken.objects.create(
        user=unused,
        edition=edition,
        purpose=TokenPurpose.INVITATION,
        digest="0" * 64,
        expires_at="2040-01-01T00:00Z",
    )

    with django_capture_on_commit_callbacks(execute=True):
        invite_many(
            edition,
            by=organiser_user,
            invitees=[
                _invitee("english@example.com", company, language="fr"),
                _invitee("unused@example.com", company, language="fr"),
                _invitee("new@example.com", company, language="en"),
            ],
        )

    old.refresh_from_db()
    usable = AccountToken.objects.filter(
        edition=edition, purpose=TokenPurpose.INVITATION, replaced_at=None
    )
    assert {
        "mails": sorted((m.to[0], m.extra_headers["Content-Language"]) for m in mailoutbox),
        "kept": dict(
            User.objects.exclude(pk=organiser_user.pk).values_list("email", "preferred_language")
        ),
        "old link replaced": old.replaced_at is not None,
        "links": sorted(usable.values_list("user__email", flat=True)),
        "statuses": set(
            Participant.objects.filter(edition=edition).values_list("status", flat=True)
        ),
    } == {
        "mails": [
            ("english@example.com", "en"),
            ("new@example.com", "en"),
            ("unused@example.com", "fr"),
        ],
        "kept": {
            "english@example.com": "en",
            "new@example.com": "en",
            "unused@example.com": "fr",
        },
        "old link replaced": True,
        "links": ["english@example.com", "new@example.com", "unused@example.com"],
        "statuses": {ParticipantStatus.INVITED},
    }


def test_invite_many_refuses_an_address_that_declined_and_writes_nothing(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    company = factories.make_company(edition)
    declined = factories.make_participant(
        edition, status=ParticipantStatus.DECLINED, invited_email="gone@example.com"
    )
    Participant.objects.filter(pk=declined.pk).update(user=None)

    with (
        pytest.raises(ParticipantError) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        invite_many(
            edition,
            by=organiser_user,
            invitees=[
                _invitee("fine@example.com", company),
                _invitee("gone@example.com", company),
            ],
        )

    assert (
        refused.value.code,
        Participant.objects.filter(edition=edition).count(),
        mailoutbox,
    ) == (
        "already_participating",
        1,
        [],
    )


def test_invite_many_records_who_invited_each_person_as_one_invitation_does(
    edition, organiser_user, django_capture_on_commit_callbacks
):
    """A summary with a count alone did not say who invited a given person: not to the
    organiser asking, nor in the person's own export (`privacy.export`), which finds the
    entries about their participation."""
    company = factories.make_company(edition)

    with django_capture_on_commit_callbacks(execute=True):
        added = invite_many(
            edition,
            by=organiser_user,
            invitees=[
                _invitee("ada@example.com", company, language="en"),
                replace(_invitee("bob@example.com", company, language="fr"), first_name="Bob"),
            ],
        )

    about_ada = audit_entries_about(added[0].user, [added[0]])
    assert sorted(
        (entry.action, entry.actor_id, entry.edition_id, entry.data.get("language"))
        for entry in about_ada
    ) == [("participant.invite", organiser_user.pk, edition.pk, "en")]
