import pytest
from django.core.exceptions import ValidationError

from paddock.participants.bulk_invitations import (
    invite_participants_in_bulk,
    parse_invitation_lines,
)
from paddock.participants.enums import ParticipantStatus
from paddock.participants.models import Company, Participant
from tests import factories

pytestmark = pytest.mark.integration

NEW_COMPANIES = {"country": "FR", "sector": "metalwork"}


def _invite(edition, by, text, **kwargs):
    kwargs.setdefault("new_company_fields", NEW_COMPANIES)
    return invite_participants_in_bulk(
        edition, by=by, text=text, role="buyer", languages=["fr"], language="fr", **kwargs
    )


def test_parse_invitation_lines_names_each_faulty_line():
    text = "\n".join(
        [
            "jeanne@example.com; Jeanne; Martin; Soudures Martin",
            "",
            "not-an-email; Tom; Baker; Baker Racing",
            "tom@example.com; Tom; Baker",
            "JEANNE@example.com\tJeanne\tMartin\tSoudures Martin",
        ]
    )

    lines, errors = parse_invitation_lines(text)

    assert ([line.email for line in lines], errors) == (
        ["jeanne@example.com"],
        [
            "Line 3: not-an-email is not an email address.",
            "Line 4: expected “email; first name; last name; company”.",
            "Line 5: jeanne@example.com is listed twice.",
        ],
    )


def test_bulk_invitation_invites_everyone_and_mails_each(
    edition, organiser_user, mailoutbox, django_capture_on_commit_callbacks
):
    existing = factories.make_company(edition, name="Soudures Martin")
    text = (
        "jeanne@example.com; Jeanne; Martin; soudures martin\n"
        "paul@example.com; Paul; Roux; Fabrication Additive Sarthe\n"
        "lea@example.com; Léa; Petit; Fabrication Additive Sarthe, SAS\n"
        "luc@example.com; Luc; Roux; Fabrication Additive Sarthe\n"
    )

    with django_capture_on_commit_callbacks(execute=True):
        invited = _invite(edition, organiser_user, text)

    assert {
        "people": [(p.user.email, p.company.name, p.status) for p in invited],
        "companies": Company.objects.filter(edition=edition).count(),
        "first company": invited[0].company == existing,
        "mails": sorted(message.to[0] for message in mailoutbox),
    } == {
        "people": [
            ("jeanne@example.com", "Soudures Martin", ParticipantStatus.INVITED),
            ("paul@example.com", "Fabrication Additive Sarthe", ParticipantStatus.INVITED),
            ("lea@example.com", "Fabrication Additive Sarthe, SAS", ParticipantStatus.INVITED),
            ("luc@example.com", "Fabrication Additive Sarthe", ParticipantStatus.INVITED),
        ],
        "companies": 3,
        "first company": True,
        "mails": ["jeanne@example.com", "lea@example.com", "luc@example.com", "paul@example.com"],
    }


def test_bulk_invitation_is_all_or_nothing(
    edition, organiser_user, participant, mailoutbox, django_capture_on_commit_callbacks
):
    text = (
        "jeanne@example.com; Jeanne; Martin; Soudures Martin\n"
        f"{participant.user.email}; Again; Here; Soudures Martin\n"
    )

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as raised,
    ):
        _invite(edition, organiser_user, text)

    assert {
        "errors": raised.value.message_dict,
        "participants": Participant.objects.filter(edition=edition).count(),
        "companies": Company.objects.filter(edition=edition).count(),
        "mails": mailoutbox,
    } == {
        "errors": {
            "lines": [f"Line 2: {participant.user.email} already takes part in this edition."]
        },
        "participants": 1,
        "companies": 1,
        "mails": [],
    }


def test_bulk_invitation_needs_country_and_sector_for_new_companies(edition, organiser_user):
    with pytest.raises(ValidationError) as raised:
        _invite(
            edition,
            organiser_user,
            "jeanne@example.com; Jeanne; Martin; Soudures Martin",
            new_company_fields=None,
        )

    assert raised.value.message_dict == {
        "lines": [
            "Line 1: Soudures Martin is a new company: choose the country and sector of new "
            "companies."
        ]
    }


def test_bulk_invitation_recognises_a_company_written_with_other_spacing(edition, organiser_user):
    existing = factories.make_company(edition, name="Soudures Martin")

    invited = _invite(
        edition, organiser_user, "jeanne@example.com; Jeanne; Martin; SOUDURES  martin"
    )

    assert ([participant.company for participant in invited], Company.objects.count()) == (
        [existing],
        1,
    )
