"""Who the token's owner is in an edition, asked of the same predicates as the web pages.

An edition outside the token's scope, or where its owner has no role and no participation,
answers 404, so that nothing tells it exists. Someone who withdrew from it, with no role
there, is answered 403 `withdrawn` by every endpoint of the edition (`access_to`)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from paddock.api.models import ApiToken
from paddock.api.problems import ApiProblemError
from paddock.api.queries import reachable_editions
from paddock.events import rules
from paddock.events.models import Edition
from paddock.participants.enums import AWAITING_CONSENT, ParticipantStatus
from paddock.participants.models import Participant
from paddock.participants.rules import participation_of


@dataclass
class Access:
    edition: Edition
    user: Any
    token: ApiToken
    participant: Participant | None  # the owner's participation, in any status

    @property
    def validated(self) -> Participant | None:
        if self.participant is not None and self.participant.status == ParticipantStatus.VALIDATED:
            return self.participant
        return None

    @property
    def team(self) -> bool:
        """Organisers and their staff: the organiser pages' rule (can_manage_participants)."""
        return rules.can_manage_participants(self.user, self.edition)

    @property
    def catalogue(self) -> bool:
        """Who sees the catalogue: validated participants and the organisers' team."""
        return self.validated is not None or self.team


def scoped_editions(token: ApiToken) -> QuerySet[Edition]:
    """The token's editions where its owner holds a role or takes part, newest first."""
    return reachable_editions(token.user).filter(pk__in=token.editions.values("pk"))


def access_to(request: HttpRequest, slug: str) -> Access:
    """The token owner's access to the edition `slug`, which every endpoint of an edition asks
    first: 404 outside the token's reach; 403 `withdrawn` for someone who withdrew from it and
    holds no role there, whatever the endpoint (the venue and the grid included), as the
    portal's pages close to them."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    edition = scoped_editions(token).filter(slug=slug).first()
    if edition is None:
        raise Http404
    access = Access(
        edition=edition,
        user=token.user,
        token=token,
        participant=participation_of(token.user, edition),
    )
    if not rules.roles_for(access.user, edition):
        _check_not_withdrawn(access)
    return access


def forbidden(detail: str, code: str = "forbidden") -> ApiProblemError:
    return ApiProblemError(403, code, detail)


def require_team(access: Access) -> None:
    if not access.team:
        raise forbidden(_("Only the edition's organisers and staff may do this."))


def require_catalogue(access: Access) -> None:
    if not access.catalogue:
        _check_not_withdrawn(access)  # one with a role in the edition reaches this
        raise forbidden(
            _("Only validated participants and the organisers' team see the participants."),
        )


def require_taking_part(access: Access) -> Access:
    """The venue and the time grid are for the edition's team and roles, and for participants
    once they accepted (the profile's pages, with its availability, on the web). An
    invitation unanswered or declined reaches the edition itself only, as the portal's home
    page does."""
    participant = access.participant
    accepted = participant is not None and participant.status not in AWAITING_CONSENT
    if not accepted and not rules.roles_for(access.user, access.edition):
        raise forbidden(
            _("Only the edition's team and the participants who accepted see its venue and times.")
        )
    return access


def _check_not_withdrawn(access: Access) -> None:
    """Someone who withdrew is told so (`withdrawn`), as the portal's pages tell them, rather
    than that they are not validated."""
    participant = access.participant
    if participant is not None and participant.status == ParticipantStatus.WITHDRAWN:
        raise forbidden(
            _(
                "You withdrew from this edition: only the organisers can undo it, and you then "
                "wait for their validation again."
            ),
            code="withdrawn",
        )


def require_participant(access: Access) -> Participant:
    """The owner's validated participation, as the portal's pages require it."""
    if access.validated is None:
        _check_not_withdrawn(access)  # one with a role in the edition reaches this
        raise forbidden(_("Only validated participants of the edition may do this."))
    return access.validated


def require_checkin_agent(access: Access) -> None:
    if not rules.is_checkin_agent(access.user, access.edition):
        raise forbidden(_("Only check-in agents and the organisers' team may do this."))
