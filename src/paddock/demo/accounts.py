"""The demo's accounts: organiser team, Django admin, and the shared demo password.

The password is hashed once and the hash assigned to every demo account: hashing it for each of
the hundred-odd participants would take half a minute.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet

from paddock.accounts.models import User
from paddock.demo.spec import DEMO_DOMAIN, DEMO_PASSWORD


@dataclass(frozen=True)
class TeamMember:
    key: str
    first_name: str
    last_name: str
    superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DEMO_DOMAIN}"


TEAM: tuple[TeamMember, ...] = (
    TeamMember("organiser", "Bernard", "Tessandier"),
    TeamMember("staff", "Lucie", "Marchetti"),
    TeamMember("checkin", "Kevin", "Duval"),
    TeamMember("admin", "Admin", "Paddock", superuser=True),
)


def demo_accounts() -> QuerySet[User]:
    """Every account the demo made, and only those: they share the demo domain."""
    return User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")


def create_team(password_hash: str) -> dict[str, User]:
    """The organiser's team and the Django admin, keyed by TeamMember.key."""
    users = {}
    for member in TEAM:
        user = User(
            email=member.email,
            first_name=member.first_name,
            last_name=member.last_name,
            password=password_hash,
            is_staff=member.superuser,
            is_superuser=member.superuser,
        )
        user.save()
        users[member.key] = user
    return users


def hash_demo_password() -> str:
    return make_password(DEMO_PASSWORD)


def give_demo_password(password_hash: str, *, french_emails: set[str]) -> None:
    """Let every demo account log in with the demo password; French speakers get French mail."""
    accounts = demo_accounts()
    accounts.update(password=password_hash)
    accounts.filter(email__in=french_emails).update(preferred_language="fr")
