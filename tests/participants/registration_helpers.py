"""Reading the links that registration emails carry; the organiser's add form and the open
registration form, filled in."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from paddock.accounts import services as accounts
from paddock.accounts.enums import TokenPurpose
from paddock.accounts.models import User
from paddock.participants import registration
from paddock.participants.enums import ParticipantStatus
from tests import factories

OPEN_FORM_PASSWORD = "A-long-pass-phrase-9"


def _links(message) -> list[str]:
    return [
        urlsplit(link).path
        for link in re.findall(rf"{re.escape(settings.SITE_URL)}(/\S*)", message.body)
        if not link.startswith("/accounts/unsubscribe/")
    ]


def link_in(message) -> str:
    """The path of the one site link in an email's body, besides the unsubscribe link and an
    invitation's link to decline it."""
    links = [link for link in _links(message) if not link.endswith("/decline/")]
    assert len(links) == 1, links
    return links[0]


def decline_link_in(message) -> str:
    """The path of an invitation's link to decline it."""
    links = [link for link in _links(message) if link.endswith("/decline/")]
    assert len(links) == 1, links
    return links[0]


def token_in(message) -> str:
    """The secret at the end of the email's link."""
    return link_in(message).rstrip("/").split("/")[-1]


def add_form_data(**fields):
    """The organiser's add form for Ada Martin of a new company, with `fields` changed."""
    data = {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Martin",
        "company": "",
        "new_company_name": "Soudure Sarthoise",
        "new_company_country": "FR",
        "new_company_sector": "metalwork",
        "job_title": "Purchasing buyer",
        "role": "buyer",
        "languages": ["fr", "en"],
        "language": "en",
    }
    data.update(fields)
    return data


def register_url(edition) -> str:
    """The edition's open registration form."""
    return reverse("participants-portal:register", args=[edition.slug])


def open_form_data(email="ada@example.com", password=OPEN_FORM_PASSWORD, **overrides):
    """The open form for Ada Martin of a new French company, with `overrides` changed."""
    return {
        "email": email,
        "password": password,
        "password_again": password,
        "first_name": "Ada",
        "last_name": "Martin",
        "company_name": "Soudure Sarthoise",
        "company_country": "FR",
        "company_sector": "metalwork",
        "role": "buyer",
        "languages": ["fr"],
        "consent": "on",
        "consent_version": "default",
        **overrides,
    }


def invite_ada(edition, *, by, email="ada@example.com"):
    """Ada Martin, a buyer of a company of her own, invited to `edition` by `by` (mailed in
    English); the participant made."""
    return registration.invite_participant(
        edition,
        by=by,
        email=email,
        first_name="Ada",
        last_name="Martin",
        company=factories.make_company(edition),
        role="buyer",
        languages=["fr"],
        language="en",
    )


def earlier_registration(edition, password=OPEN_FORM_PASSWORD, **participant):
    """A registration of ada@example.com as the open form wrote it before forms were kept: an
    inactive account, a participant `invited` (with `participant`'s fields, a company say),
    and its link's secret, carrying the form's password. The account and the secret."""
    ada = User.objects.create_user("ada@example.com", password, is_active=False)
    factories.make_participant(edition, user=ada, status=ParticipantStatus.INVITED, **participant)
    secret = accounts.issue_token(
        ada,
        purpose=TokenPurpose.EMAIL_VERIFICATION,
        edition=edition,
        by=ada,
        password=make_password(password),
    )
    return ada, secret
