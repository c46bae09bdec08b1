"""Who a user is in the register: the secretariat, or a person who coordinates or sits
in networks. Facts only; what each may do is decided in `rules.py`."""

from natverk.people.models import Coordination, Person, Representation

SECRETARIAT_GROUP = "Sekretariat"


def person_of(user) -> Person | None:
    """The register's person behind a login, cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_natverk_person"):
        user._natverk_person = Person.objects.filter(user=user, erased_at__isnull=True).first()
    return user._natverk_person


def is_secretariat(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if not hasattr(user, "_natverk_secretariat"):
        user._natverk_secretariat = (
            user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()
        )
    return user._natverk_secretariat


def coordinated_network_ids(user) -> set[int]:
    person = person_of(user)
    if person is None:
        return set()
    if not hasattr(user, "_natverk_coordinated"):
        user._natverk_coordinated = set(
            Coordination.objects.current()
            .filter(person=person)
            .values_list("network_id", flat=True)
        )
    return user._natverk_coordinated


def represented_network_ids(user) -> set[int]:
    person = person_of(user)
    if person is None:
        return set()
    if not hasattr(user, "_natverk_represented"):
        user._natverk_represented = set(
            Representation.objects.current()
            .filter(person=person)
            .values_list("network_id", flat=True)
        )
    return user._natverk_represented
