from paddock.core.exceptions import DomainError


class PrivacyError(DomainError):
    code = "privacy"
