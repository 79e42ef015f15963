"""Subjects of emails: one line, with French typography kept."""

from types import SimpleNamespace

from django.core import mail

from paddock.accounts.mail import send_templated_mail


def test_subject_in_french_keeps_the_non_breaking_space_before_the_colon():
    session = SimpleNamespace(zone=SimpleNamespace(name="Garage Alpine"))

    send_templated_mail(
        "anne@example.com",
        template="visits/email/seat_freed",
        context={"session": session},
        language="fr",
    )

    assert mail.outbox[0].subject == (
        "Une place s’est libérée\u00a0: votre visite de Garage Alpine est réservée"
    )
