"""The Django admin's pages of the participants' rows that registration alone writes."""

import hashlib

import pytest
from django.urls import reverse

from paddock.participants import registration
from paddock.participants.models import DeclinedInvitationLink
from tests import factories
from tests.participants.registration_helpers import token_in

pytestmark = pytest.mark.integration


@pytest.fixture
def declined_link(edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks):
    """Jeanne declined her invitation: the link's digest is kept, the secret is the test's."""
    with django_capture_on_commit_callbacks(execute=True):
        registration.invite_participant(
            edition,
            by=organiser_user,
            email="jeanne@example.com",
            first_name="Jeanne",
            last_name="Martin",
            company=factories.make_company(edition, name="Écuries Sarthoises"),
            role="supplier",
            languages=["fr"],
            language="en",
        )
    secret = token_in(mailoutbox[-1])
    registration.decline_invitation(edition, token=secret)
    return DeclinedInvitationLink.objects.get(), hashlib.sha256(secret.encode()).hexdigest()


def test_declined_links_admin_lists_them_without_a_whole_digest(client, declined_link):
    link, digest = declined_link
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:participants_declinedinvitationlink_changelist"))
    detail = client.get(reverse("admin:participants_declinedinvitationlink_change", args=[link.pk]))

    pages = [listing.content.decode(), detail.content.decode()]
    assert (listing.status_code, detail.status_code, link.digest == digest) == (200, 200, True)
    assert [digest in page for page in pages] == [False, False]
    assert [f"{digest[:8]}…" in page for page in pages] == [True, True]


def test_declined_links_admin_refuses_to_add_change_or_delete_even_for_a_superuser(
    client, declined_link
):
    link, _digest = declined_link
    client.force_login(factories.make_user(is_staff=True, is_superuser=True))
    change_url = reverse("admin:participants_declinedinvitationlink_change", args=[link.pk])

    statuses = [
        client.get(reverse("admin:participants_declinedinvitationlink_add")).status_code,
        client.post(change_url, {"digest": "0" * 64}).status_code,
        client.get(
            reverse("admin:participants_declinedinvitationlink_delete", args=[link.pk])
        ).status_code,
    ]

    assert (statuses, list(DeclinedInvitationLink.objects.values_list("digest", flat=True))) == (
        [403, 403, 403],
        [link.digest],
    )
