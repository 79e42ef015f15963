"""Errors of the events domain: each has a stable code and names the field to correct."""

from paddock.core.exceptions import DomainError


class VenueError(DomainError):
    """A room or table change that would break the venue's rules."""

    code = "venue"


class EditionError(DomainError):
    """A change of an edition's settings that would break what people were told."""

    code = "edition"


class GridError(DomainError):
    """A time grid or slot change that would break the grid's rules."""

    code = "grid"


class ProtocolError(DomainError):
    code = "protocol"


class TeamError(DomainError):
    """A change of an edition's team (staff, check-in agents) that cannot be made."""

    code = "team"


class OrganiserError(DomainError):
    """A change of an organiser's members that cannot be made."""

    code = "organiser"


class PrivacyNoticeError(DomainError):
    """A change of an edition's privacy notice that cannot be made."""

    code = "privacy_notice"


class InterpreterError(DomainError):
    """An interpreter change the edition refuses."""

    code = "interpreter"
