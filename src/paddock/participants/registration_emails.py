"""The emails of registration, each rendered in its recipient's language
(`accounts.mail.language_for`), with absolute links (`settings.SITE_URL`)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from paddock.accounts.delivery import shared_connection
from paddock.accounts.enums import MailKind, OutgoingMailKind, TokenPurpose
from paddock.accounts.mail import (
    absolute_url,
    language_for,
    send_optional_mail,
    send_templated_mail,
)
from paddock.accounts.models import User
from paddock.accounts.outbox import queued_mail
from paddock.accounts.services import LIFETIMES
from paddock.events.enums import EditionRole
from paddock.events.models import Edition
from paddock.participants.enums import JoinRequestStatus, ParticipantStatus
from paddock.participants.models import JoinRequest, Participant, PendingRegistration

EMAILS = "participants/email"


def never_confirmed(user: User) -> bool:
    """An open form's account (made or taken) whose address nobody confirmed: its password
    and names are a form's, typed by anyone, not necessarily the address owner's."""
    return not user.is_active and user.last_login is None and user.has_usable_password()


def _greeting_name(user: User) -> str:
    """The first name a mail greets with: none while it may be a stranger's words, which
    would otherwise reach any address in the site's own mail."""
    return "" if never_confirmed(user) else user.first_name


def _expiry(purpose: TokenPurpose) -> Any:
    return timezone.now() + LIFETIMES[purpose]


def _earlier_edition(participant: Participant) -> Edition | None:
    """The latest earlier edition of the same series the person took part in (validated), for
    the invitation to recall it; other series are never named."""
    if participant.user_id is None:  # a declined row without account: no one to match
        return None
    earlier = (
        Participant.objects.filter(
            user_id=participant.user_id,
            edition__series_id=participant.edition.series_id,
            edition__start_date__lt=participant.edition.start_date,
            status=ParticipantStatus.VALIDATED,
        )
        .select_related("edition")
        .order_by("-edition__start_date")
        .first()
    )
    return earlier.edition if earlier is not None else None


def editions_to_recall(edition: Edition, user_ids: Iterable[int]) -> dict[int, Edition]:
    """`_earlier_edition` of each of these accounts in `edition`, in two queries: for a sender
    of many invitations."""
    latest = dict(
        Participant.objects.filter(
            user_id__in=list(user_ids),
            edition__series_id=edition.series_id,
            edition__start_date__lt=edition.start_date,
            status=ParticipantStatus.VALIDATED,
        )
        .order_by("edition__start_date")
        .values_list("user_id", "edition_id")
    )
    editions = Edition.objects.in_bulk(set(latest.values()))
    return {user_id: editions[edition_id] for user_id, edition_id in latest.items()}


# `send_invitation`'s default: the earlier edition is read for the one mail.
_READ_IT = object()


def send_invitation(
    participant: Participant, secret: str, *, language: str, earlier_edition: Any = _READ_IT
) -> None:
    """The invitation: who invites the person to what, with a link to accept (logging in
    first when the address has an account already) and one to decline. `earlier_edition`:
    what `editions_to_recall` read for the person (None: none), when the caller read it."""
    if earlier_edition is _READ_IT:
        earlier_edition = _earlier_edition(participant)
    edition, user = participant.edition, participant.user
    context = {
        "user": user,
        "greeting_name": _greeting_name(user),
        "edition": edition,
        "company": participant.company,
        "link": absolute_url("participants-portal:accept-invitation", edition.slug, secret),
        "decline_link": absolute_url(
            "participants-portal:decline-invitation", edition.slug, secret
        ),
        "has_account": user.is_active and user.has_usable_password(),
        "earlier_edition": earlier_edition,
        "expires": _expiry(TokenPurpose.INVITATION),
    }
    send_templated_mail(
        participant.user.email, template=f"{EMAILS}/invitation", context=context, language=language
    )


def _send_link(
    participant: Participant | JoinRequest,
    *,
    template: str,
    link: str,
    purpose: TokenPurpose,
    **extra: Any,
) -> None:
    """A personal link by email, in the participant's language, with the date it expires;
    `extra` goes to the template."""
    edition, user = participant.edition, participant.user
    context = {
        "user": user,
        "greeting_name": _greeting_name(user),
        "edition": edition,
        "company": participant.company,
        "link": link,
        "expires": _expiry(purpose),
        **extra,
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/{template}",
        context=context,
        language=language_for(user, edition),
    )


def send_verification(participant: Participant | JoinRequest, secret: str) -> None:
    """The link confirming an open form's address, for a registration made before forms were
    kept. Whether its page asks for the form's password is decided when the link is followed
    (`registration.confirmation_asks_password`), so the mail says both cases."""
    link = absolute_url("participants-portal:verify-email", participant.edition.slug, secret)
    _send_link(
        participant, template="verification", link=link, purpose=TokenPurpose.EMAIL_VERIFICATION
    )


def send_pending_verification(pending: PendingRegistration, secret: str, *, language: str) -> None:
    """The link confirming an open form's address, for a form kept until then
    (`PendingRegistration`): greeting nobody by name, since anyone may have typed the names.
    As `send_verification`, it says both cases of the password; and that the link confirms
    any form of the address with that form's password (`forms_a_link_confirms`)."""
    edition = pending.edition
    context = {
        "greeting_name": "",
        "edition": edition,
        "link": absolute_url("participants-portal:verify-email", edition.slug, secret),
        "expires": pending.expires_at,
        "kept_form": True,
    }
    send_templated_mail(
        pending.email, template=f"{EMAILS}/verification", context=context, language=language
    )


def send_taking_part(taking_part: Participant | JoinRequest, *, ask_link: str = "") -> None:
    """Tells the owner of an address that someone sent the edition's open form with it, while
    it takes part already, and what they can do: log in, answer their invitation (`ask_link`
    asks the organisers for a new one), or wait for the answer to their request to join a
    company. Nothing of the form is repeated."""
    edition, user = taking_part.edition, taking_part.user
    if isinstance(taking_part, JoinRequest):
        advice = "wait"
    elif taking_part.status == ParticipantStatus.INVITED:
        advice = "answer"
    else:
        advice = "log_in"
    context = {
        "user": user,
        "greeting_name": _greeting_name(user),
        "edition": edition,
        "company": taking_part.company,
        "advice": advice,
        "link": ask_link or absolute_url("participants-portal:home", edition.slug),
    }
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/taking_part",
        context=context,
        language=language_for(user, edition),
    )


def send_password_link(participant: Participant, secret: str) -> None:
    """Tells someone an organiser added by hand how to choose a password, and log in."""
    link = absolute_url("accounts:set-password", secret)
    _send_link(participant, template="password_link", link=link, purpose=TokenPurpose.PASSWORD)


def organisers_of(edition: Edition) -> list[User]:
    """Active organisers of the edition's series and its organiser and staff roles."""
    roles = [EditionRole.ORGANISER, EditionRole.STAFF]
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(organisers=edition.series.organiser_id)
            | Q(edition_memberships__edition=edition, edition_memberships__role__in=roles)
        )
        .distinct()
        .order_by("email")
    )


def send_new_link_request(participant: Participant) -> None:
    edition = participant.edition
    context = {
        "participant": participant,
        "edition": edition,
        "link": absolute_url("participants:participant-detail", edition.slug, participant.pk),
    }
    _send_to_each(organisers_of(edition), template=f"{EMAILS}/new_link_request", context=context)


def _send_to_each(
    users: Iterable[User], *, template: str, context: dict[str, Any], kind: str = ""
) -> None:
    """The same mail to each user in their own language, over one connection; a mail of a
    non-essential `kind` only to those who did not unsubscribe from it."""
    with shared_connection():
        for user in users:
            language = language_for(user, context["edition"])
            if kind:
                send_optional_mail(
                    user, kind=kind, template=template, context=context, language=language
                )
            else:
                send_templated_mail(
                    user.email, template=template, context=context, language=language
                )


def send_validation_email(participant: Participant) -> None:
    """Tells the participant that the organiser validated them, with the portal's address."""
    send_validation_emails([participant])


def send_validation_emails(participants: Iterable[Participant]) -> None:
    """`send_validation_email` to each, over one connection (a bulk validation)."""
    with shared_connection():
        for participant in participants:
            edition = participant.edition
            context = {
                "user": participant.user,
                "edition": edition,
                "link": absolute_url("participants-portal:home", edition.slug),
            }
            send_templated_mail(
                participant.user.email,
                template=f"{EMAILS}/validated",
                context=context,
                language=language_for(participant.user, edition),
            )


def queue_validation_emails(edition: Edition, participants: list[Participant]) -> None:
    """`send_validation_emails` written to the outbox, within the bulk validation's
    transaction: the task worker sends them (`accounts.outbox`)."""
    with queued_mail(kind=OutgoingMailKind.VALIDATION, edition=edition):
        send_validation_emails(participants)


def send_join_answer(join: JoinRequest) -> None:
    """Tells the person whether their request to join a company was accepted or declined."""
    edition, user = join.edition, join.user
    context = {
        "user": user,
        "edition": edition,
        "company": join.company,
        "link": absolute_url("participants-portal:home", edition.slug),
    }
    accepted = join.status == JoinRequestStatus.ACCEPTED
    send_templated_mail(
        user.email,
        template=f"{EMAILS}/join_{'accepted' if accepted else 'declined'}",
        context=context,
        language=language_for(user, edition),
    )


def send_join_request_notice(join: JoinRequest) -> None:
    """Tells the company's validated representatives, each in their language, that someone
    asks to represent it; the organisers when it has none, as only they can answer then."""
    edition = join.edition
    representatives = [
        participant.user
        for participant in join.company.participants.filter(status=ParticipantStatus.VALIDATED)
        .select_related("user")
        .order_by("pk")
    ]
    if representatives:
        recipients, link = (
            representatives,
            absolute_url("participants-portal:join-requests", edition.slug),
        )
    else:
        recipients = organisers_of(edition)
        link = absolute_url("participants:join-request-list", edition.slug)
    context = {
        "join": join,
        "user": join.user,
        "company": join.company,
        "edition": edition,
        "link": link,
    }
    _send_to_each(
        recipients,
        template=f"{EMAILS}/join_request",
        context=context,
        kind=MailKind.JOIN_REQUESTS,
    )
