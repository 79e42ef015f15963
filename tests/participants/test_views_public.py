"""The portal's home page (issue 16): the edition, the person's participation and, for a
validated representative, how many people ask to join the company, in the reader's language."""

import datetime as dt

import pytest
from django.urls import reverse

from paddock.participants.enums import JoinRequestStatus, ParticipantRole, ParticipantStatus
from paddock.participants.models import JoinRequest
from tests import factories
from tests.compilations import compiled_models

pytestmark = pytest.mark.integration


# Where the page's content starts: the edition's name as the title.
START = (
    '<main class="page">\n    \n    \n<h1>Rencontres &lt;Aéro&gt;</h1>\n<section class="card">\n'
)


def _main(response):
    html = response.content.decode()
    return html[html.index('<main class="page">') : html.index("</main>") + len("</main>")]


def _ask_to_join(participant, status=JoinRequestStatus.PENDING, company=None):
    return JoinRequest.objects.create(
        edition=participant.edition,
        company=company or participant.company,
        user=factories.make_user(),
        role=ParticipantRole.BUYER,
        status=status,
    )


@pytest.fixture
def home(edition):
    edition.name = "Rencontres <Aéro>"
    edition.start_date, edition.end_date = dt.date(2031, 6, 12), dt.date(2031, 6, 13)
    edition.venue_name = "Hall A & B"
    edition.save()
    return reverse("participants-portal:home", args=[edition.slug])


def test_portal_home_of_a_representative_in_french(client, participant, home):
    participant.company.name = "Usinage & Fils"
    participant.company.save()
    for _index in range(2):
        _ask_to_join(participant)
    _ask_to_join(participant, status=JoinRequestStatus.UNCONFIRMED)
    _ask_to_join(participant, company=factories.make_company(participant.edition))
    client.force_login(participant.user)
    client.cookies["django_language"] = "fr"

    response = client.get(home)

    slug = participant.edition.slug
    assert _main(response) == (
        START + "  <p>12–13 juin 2031 · Hall A &amp; B</p>\n"
        '  <p><span class="badge registration">Inscriptions ouvertes</span></p>\n'
        "  \n"
        "</section>\n"
        '<section class="card" id="my-participation">\n'
        "  <h2>Ma participation</h2>\n"
        "  <p>Usinage &amp; Fils, rôle\u00a0: Fournisseur</p>\n"
        '  <p><span class="badge validated">Validé</span>\n'
        "Votre participation est validée\u00a0: vous pouvez voir les autres participants et leur "
        "demander des rendez-vous.\n</p>\n\n"
        "  \n  \n"
        '  <p class="actions">\n'
        f'    <a class="button secondary" href="/e/{slug}/profile/">Mon profil</a>\n'
        f'    <a class="button" href="/e/{slug}/catalogue/">Catalogue</a>\n'
        "  </p>\n"
        f'  <p><a href="/e/{slug}/withdraw/">Je ne peux plus venir</a></p>\n  \n'
        f'  <p class="message warning"><a href="/e/{slug}/company/join-requests/">'
        "2 personnes demandent à représenter votre entreprise</a></p>\n  \n"
        "</section>\n\n  </main>"
    )


def test_portal_home_of_a_registered_participant(client, participant, home):
    participant.status = ParticipantStatus.REGISTERED
    participant.save()
    _ask_to_join(participant)
    client.force_login(participant.user)

    response = client.get(home)

    slug = participant.edition.slug
    assert _main(response) == (
        START + "  <p>12–13 Jun 2031 · Hall A &amp; B</p>\n"
        '  <p><span class="badge registration">Registration open</span></p>\n'
        "  \n"
        "</section>\n"
        '<section class="card" id="my-participation">\n'
        "  <h2>My participation</h2>\n"
        f"  <p>{participant.company.name}, as Supplier</p>\n"
        '  <p><span class="badge registered">Registered</span>\n'
        "You are registered. The organiser still has to validate your participation; until then "
        "you cannot see the other participants. We will tell you by email.\n</p>\n\n"
        "  \n  \n"
        '  <p class="actions">\n'
        f'    <a class="button secondary" href="/e/{slug}/profile/">My profile</a>\n'
        "    \n"
        "  </p>\n"
        f'  <p><a href="/e/{slug}/withdraw/">I can no longer come</a></p>\n  \n'
        "</section>\n\n  </main>"
    )


def test_portal_home_counts_a_new_join_request_at_once(client, participant, home):
    _ask_to_join(participant)
    client.force_login(participant.user)
    client.get(home)
    _ask_to_join(participant)

    response = client.get(home)

    assert "2 people ask to represent your company" in _main(response)


def test_portal_home_of_a_representative_compiles_no_query(client, participant, home):
    _ask_to_join(participant)
    client.force_login(participant.user)
    client.get(home)

    with compiled_models() as models:
        response = client.get(home)

    assert (response.status_code, models) == (200, [])
