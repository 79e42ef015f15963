"""The emails of erasure requests, each in its recipient's language
(`accounts.mail.language_for`), with absolute links. Both are essential: the law gives the
organisers a month to answer, and the person is owed the answer."""

from django.db.models import Q

from paddock.accounts.enums import OutgoingMailKind
from paddock.accounts.mail import absolute_url, language_for, send_templated_mail
from paddock.accounts.models import User
from paddock.accounts.outbox import queued_mail
from paddock.events.enums import EditionRole
from paddock.events.models import Edition
from paddock.privacy.models import ErasureRequest
from paddock.privacy.queries import accepted_participations

EMAILS = "privacy/email"


def answering_organisers(edition: Edition) -> list[User]:
    """Active members of the series' organiser and holders of the edition's organiser role:
    those who may confirm or decline an erasure (`events.rules.can_manage_edition`)."""
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(organisers=edition.series.organiser_id)
            | Q(
                edition_memberships__edition=edition,
                edition_memberships__role=EditionRole.ORGANISER,
            )
        )
        .distinct()
        .order_by("email")
    )


def queue_erasure_requested(erasure: ErasureRequest) -> None:
    """`send_erasure_requested` written to the outbox, in the request's transaction: the task
    worker sends them, and retries while the mail server fails (`accounts.outbox`)."""
    with queued_mail(kind=OutgoingMailKind.ERASURE_REQUEST):
        send_erasure_requested(erasure)


def send_erasure_requested(erasure: ErasureRequest) -> None:
    """Tell the organisers of every edition the person took part in, since erasing anonymises
    them in each: once each, in their language, about the latest of those editions they may
    answer for, with a link to its erasure requests page. The mail names no other edition."""
    editions = Edition.objects.filter(
        pk__in=accepted_participations(erasure.user).values("edition")
    ).select_related("series")
    told: set[int] = set()
    for edition in editions.order_by("-start_date", "-pk"):
        # Each mail on the Emails page of the edition it names.
        with queued_mail(kind=OutgoingMailKind.ERASURE_REQUEST, edition=edition):
            context = {
                "erasure": erasure,
                "person": erasure.user,
                "edition": edition,
                "link": absolute_url("privacy:erasure-list", edition.slug),
            }
            for user in answering_organisers(edition):
                if user.pk in told:
                    continue
                told.add(user.pk)
                send_templated_mail(
                    user.email,
                    template=f"{EMAILS}/erasure_requested",
                    context=context,
                    language=language_for(user, edition),
                )


def send_erasure_declined(erasure: ErasureRequest) -> None:
    """Give the person the organisers' reason."""
    user, edition = erasure.user, erasure.edition
    context = {
        "erasure": erasure,
        "edition": edition,
        "link": absolute_url("privacy-portal:my-data", edition.slug) if edition else "",
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/erasure_declined",
        context=context,
        language=language_for(user, edition),
    )
