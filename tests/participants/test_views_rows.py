"""The rows of the organiser's participants list, written by `participants/views/rows.py`
rather than a template per row (issue 16): the same cells, labels and forms."""

import re

import pytest
from django.urls import reverse

from paddock.participants.enums import ParticipantStatus
from tests import factories

pytestmark = pytest.mark.integration


def _rows(content):
    """Each `<tr id="participant-…">` of a page, its CSRF token blanked (it changes)."""
    content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrf" value=""', content)
    return re.findall(r'<tr id="participant-\d+">.*?</tr>', content, re.S)


def _person(edition, status, first_name, **fields):
    user = factories.make_user(
        email=f"{first_name.lower() or 'nobody'}@example.com",
        first_name=first_name,
        last_name="Martin" if first_name else "",
    )
    company = factories.make_company(edition, name=f"{first_name or 'Nobody'} & Fils")
    return factories.make_participant(
        edition, user=user, company=company, status=status, languages=["fr", "xx"], **fields
    )


def test_participant_list_rows_show_each_status_with_its_action(organiser_client, edition):
    ada = _person(edition, ParticipantStatus.REGISTERED, "Ada", job_title="Buyer <R&D>")
    bob = _person(edition, ParticipantStatus.VALIDATED, "Bob", role="buyer")
    nobody = _person(edition, ParticipantStatus.INVITED, "", role="both")
    url = reverse("participants:participant-list", args=[edition.slug])

    rows = _rows(organiser_client.get(url, {"q": "e"}).content.decode())

    base = f"/orga/e/{edition.slug}/participants"
    back = '<input type="hidden" name="next" value="/orga/e/ibd-2031/participants/?q=e">'
    back = back.replace("ibd-2031", edition.slug)
    withdraw = f"{base}/{bob.pk}/withdraw-validation/"
    assert rows == [
        f'<tr id="participant-{ada.pk}">\n'  # noqa: S608 (HTML, not SQL)
        f'  <td data-label="Select"><input type="checkbox" name="participants" value="{ada.pk}" '
        'form="bulk-validate" aria-label="Select Ada Martin"></td>\n'
        f'  <td data-label="Name"><a href="{base}/{ada.pk}/">Ada Martin</a><br>'
        '<span class="muted">Buyer &lt;R&amp;D&gt;</span></td>\n'
        '  <td data-label="Email" class="address">ada@example.com</td>\n'
        '  <td data-label="Company">Ada &amp; Fils</td>\n'
        '  <td data-label="Country">France</td>\n'
        '  <td data-label="Role">Supplier</td>\n'
        '  <td data-label="Languages">French, xx</td>\n'
        '  <td data-label="Status"><span class="badge registered">Registered</span></td>\n'
        f'  <td data-label="Actions"><form method="post" action="{base}/{ada.pk}/validate/" '
        f'hx-post="{base}/{ada.pk}/validate/" hx-target="closest tr" hx-swap="outerHTML" '
        f'class="inline"><input type="hidden" name="csrf" value="">\n{back}\n'
        '<button type="submit">Validate</button>\n</form>\n'
        f'<a href="{base}/{ada.pk}/withdraw/">Withdraw from the edition…</a></td>\n'
        "</tr>",
        f'<tr id="participant-{bob.pk}">\n'
        '  <td data-label="Select"></td>\n'
        f'  <td data-label="Name"><a href="{base}/{bob.pk}/">Bob Martin</a></td>\n'
        '  <td data-label="Email" class="address">bob@example.com</td>\n'
        '  <td data-label="Company">Bob &amp; Fils</td>\n'
        '  <td data-label="Country">France</td>\n'
        '  <td data-label="Role">Buyer</td>\n'
        '  <td data-label="Languages">French, xx</td>\n'
        '  <td data-label="Status"><span class="badge validated">Validated</span></td>\n'
        f'  <td data-label="Actions"><form method="post" action="{withdraw}" '
        f'hx-post="{withdraw}" hx-target="closest tr" hx-swap="outerHTML" '
        f'class="inline"><input type="hidden" name="csrf" value="">\n{back}\n'
        '<button type="submit" class="link">Withdraw validation</button>\n</form>\n'
        f'<a href="{base}/{bob.pk}/withdraw/">Withdraw from the edition…</a></td>\n'
        "</tr>",
        f'<tr id="participant-{nobody.pk}">\n'
        '  <td data-label="Select"></td>\n'
        f'  <td data-label="Name"><a href="{base}/{nobody.pk}/">nobody@example.com</a></td>\n'
        '  <td data-label="Email" class="address">nobody@example.com</td>\n'
        '  <td data-label="Company">Nobody &amp; Fils</td>\n'
        '  <td data-label="Country">France</td>\n'
        '  <td data-label="Role">Buyer and supplier</td>\n'
        '  <td data-label="Languages">French, xx</td>\n'
        '  <td data-label="Status"><span class="badge invited">Invited</span></td>\n'
        '  <td data-label="Actions"><span class="muted">Invited, waiting for their answer</span>\n'
        f'<form method="post" action="{base}/{nobody.pk}/resend-invitation/" class="inline">'
        f'<input type="hidden" name="csrf" value="">\n{back}\n'
        '<button type="submit" class="link">Resend the invitation</button>\n</form></td>\n'
        "</tr>",
    ]


def test_participant_row_sent_back_to_htmx_is_the_row_of_the_list(organiser_client, edition):
    ada = _person(edition, ParticipantStatus.REGISTERED, "Ada")
    list_url = reverse("participants:participant-list", args=[edition.slug])
    validate = reverse("participants:participant-validate", args=[edition.slug, ada.pk])
    page_url = f"{list_url}?q=Ada"

    sent_back = organiser_client.post(
        validate, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{page_url}"
    )
    listed = organiser_client.get(page_url)

    assert _rows(sent_back.content.decode()) == _rows(listed.content.decode())


def test_participant_list_rows_are_in_french_for_a_french_organiser(organiser_client, edition):
    _person(edition, ParticipantStatus.INVITED, "Ada", role="both")
    url = reverse("participants:participant-list", args=[edition.slug])

    rows = _rows(organiser_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode())

    cells = re.findall(r'<td data-label="([^"]*)"[^>]*>([^<]*)(?:<span[^>]*>([^<]*))?', rows[0])
    assert cells == [
        ("Sélectionner", "", ""),
        ("Nom", "", ""),
        ("E-mail", "ada@example.com", ""),
        ("Entreprise", "Ada &amp; Fils", ""),
        ("Pays", "France", ""),
        ("Rôle", "Acheteur et fournisseur", ""),
        ("Langues", "Français, xx", ""),
        ("Statut", "", "Invité"),
        ("Actions", "", "Invité, en attente de sa réponse"),
    ]


def test_participant_list_rows_follow_each_request_s_language_at_once(organiser_client, edition):
    _person(edition, ParticipantStatus.INVITED, "Ada", role="both")
    url = reverse("participants:participant-list", args=[edition.slug])

    # The rows' words are remembered per language (issue 16): each answer in its own.
    pages = [organiser_client.get(url, HTTP_ACCEPT_LANGUAGE=code) for code in ("fr", "en", "fr")]

    labels = [re.findall(r'<td data-label="([^"]*)"', _rows(p.content.decode())[0]) for p in pages]
    french = ["Sélectionner", "Nom", "E-mail", "Entreprise", "Pays", "Rôle", "Langues"]
    english = ["Select", "Name", "Email", "Company", "Country", "Role", "Languages"]
    assert labels == [
        [*french, "Statut", "Actions"],
        [*english, "Status", "Actions"],
        [*french, "Statut", "Actions"],
    ]
