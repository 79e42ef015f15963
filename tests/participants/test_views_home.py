"""The portal home and the "waiting for validation" page say the same about one's status."""

import re

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from tests import factories

pytestmark = pytest.mark.integration

STATUS = re.compile(
    r'<p><span class="badge (?:invited|registered|validated|declined|withdrawn)">.*?</p>', re.S
)

TEXTS = {
    "en": {
        "invited": "Invited</span>\nYour registration is not complete: open the link in the email "
        "we sent you (invitation or address confirmation).",
        "registered": "Registered</span>\nYou are registered. The organiser still has to "
        "validate your participation; until then you cannot see the other participants. We "
        "will tell you by email.\n",
        "validated": "Validated</span>\nYour participation is validated: you can see the other "
        "participants and ask them for meetings.\n",
        "declined": "Declined</span>\nYou declined the invitation: you do not take part in this "
        "edition.\n",
        "withdrawn": "Withdrawn</span>\nYou withdrew from this edition: your meetings were "
        "cancelled, your requests withdrawn and your visit seats given back. If you can come "
        "after all, ask the organisers: they can undo your withdrawal, and you will then wait "
        "for their validation again.\n",
    },
    "fr": {
        "invited": "Invité</span>\nVotre inscription n’est pas terminée\u00a0: ouvrez le lien de "
        "l’e-mail que nous vous avons envoyé (invitation ou confirmation d’adresse).",
        "registered": "Inscrit</span>\nVous êtes inscrit. L’organisateur doit encore valider "
        "votre participation\u00a0; d’ici là, vous ne pouvez pas voir les autres participants. "
        "Nous vous préviendrons par e-mail.\n",
        "validated": "Validé</span>\nVotre participation est validée\u00a0: vous pouvez voir les "
        "autres participants et leur demander des rendez-vous.\n",
        "declined": "Décliné</span>\nVous avez décliné l’invitation\u00a0: vous ne participez pas "
        "à cette édition.\n",
        "withdrawn": "Désisté</span>\nVous vous êtes désisté(e) de cette édition\u00a0: vos "
        "rendez-vous ont été annulés, vos demandes retirées et vos places de visite rendues. Si "
        "vous pouvez finalement venir, adressez-vous aux organisateurs\u00a0: ils peuvent annuler "
        "votre désistement, et vous attendrez alors de nouveau leur validation.\n",
    },
}


def status_paragraphs(client, url: str, language: str) -> list[str]:
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return STATUS.findall(page)


# Pages for validated people only: the others get the "waiting for validation" page, from
# ValidatedParticipantMixin (join requests) or from the catalogue's own access check.
VALIDATED_ONLY = ["participants-portal:join-requests", "participants-portal:catalogue"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("status", list(ParticipantStatus))
@pytest.mark.parametrize("validated_only", VALIDATED_ONLY)
def test_status_paragraph_same_on_home_and_waiting_page(
    client, edition, status, language, validated_only
):
    participant = factories.make_participant(edition, status=status)
    client.force_login(participant.user)
    home = reverse("participants-portal:home", args=[edition.slug])
    waiting = reverse(validated_only, args=[edition.slug])
    paragraph = f'<p><span class="badge {status}">{TEXTS[language][status]}</p>'

    shown = [status_paragraphs(client, url, language) for url in (home, waiting)]

    on_waiting_page = [] if status == ParticipantStatus.VALIDATED else [paragraph]
    assert shown == [[paragraph], on_waiting_page]


@pytest.mark.parametrize(
    ("status", "links"),
    [
        (ParticipantStatus.INVITED, []),
        (ParticipantStatus.DECLINED, []),
        (
            ParticipantStatus.REGISTERED,
            ["participants-portal:profile", "participants-portal:withdraw"],
        ),
        (
            ParticipantStatus.VALIDATED,
            [
                "participants-portal:profile",
                "participants-portal:catalogue",
                "participants-portal:withdraw",
            ],
        ),
        # What still works once withdrawn (tests/participants/test_withdrawn_portal.py).
        (ParticipantStatus.WITHDRAWN, ["outcomes-portal:network", "privacy-portal:my-data"]),
    ],
)
def test_home_links_only_to_pages_the_person_may_open(client, edition, status, links):
    """Someone invited or who declined has no profile (it answers 404): no link to it."""
    participant = factories.make_participant(edition, status=status)
    client.force_login(participant.user)
    page = client.get(reverse("participants-portal:home", args=[edition.slug])).content.decode()
    section = re.search(r'<section class="card" id="my-participation">(.*?)</section>', page, re.S)

    shown = re.findall(r'href="([^"]+)"', section[1])

    expected = [reverse(name, args=[edition.slug]) for name in links]
    assert (shown, [client.get(url).status_code for url in shown]) == (
        expected,
        [200] * len(expected),
    )
