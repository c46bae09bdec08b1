"""People in every role around two seed networks: the secretariat, the coordinators of
SKUR-nätverket and of Landsbygdspartnerskapet, a representative in SKUR, someone with an
account but no seat, and the anonymous public."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from natverk.people.models import Person
from natverk.registry.models import Network, Organisation

PASSWORD = "ett-långt-lösenord-2026"  # noqa: S105 - a test account's

ROLES = [
    "anonymous",
    "outsider",
    "representative",
    "other_coordinator",
    "coordinator",
    "secretariat",
]
MEMBERS = {"representative", "coordinator", "secretariat"}
MANAGERS = {"coordinator", "secretariat"}
LOGGED_IN = set(ROLES) - {"anonymous"}


@dataclass
class Case:
    """One request in an access matrix: who may make it, and who may see what it is
    about. Refused, those who may see it are told so (403); for the others it does not
    exist (404); the anonymous are asked to log in."""

    name: str
    method: str
    url: Callable
    allowed: set
    data: Callable = field(default=lambda cast: {})
    visible_to: set = field(default_factory=lambda: set(MEMBERS))

    def refusal(self, role: str) -> int:
        return 403 if role in self.visible_to else 404


@dataclass
class Cast:
    skur: Network
    other: Network
    users: dict  # role name -> user (None for anonymous)
    people: dict


def make_person(key: str, *, organisation: str, language="sv", email=None) -> Person:
    user = get_user_model().objects.create_user(
        username=f"{key}@example.se", email=email or f"{key}@example.se", password=PASSWORD
    )
    return Person.objects.create(
        given_name=key.capitalize(),
        family_name="Testsson",
        email=email or f"{key}@example.se",
        phone="040-12 34 56",
        employer=Organisation.objects.get(slug=organisation),
        preferred_language=language,
        user=user,
    )
