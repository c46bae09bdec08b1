"""The data protection duties towards a person: a register extract (registerutdrag) of
everything held about them, and erasure that anonymises them while every count they
are part of stays right. Both are logged with who did them."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.models import AuditEntry
from natverk.people.models import Coordination, Person, Representation

ERASED_GIVEN_NAME = "Anonymiserad"
PERSONAL_FIELDS = ["given_name", "family_name", "title", "email", "phone"]

# Other apps add what they hold about a person (invitations, attendance, posts):
# each provider takes a person and returns (section title, list of row dicts).
EXTRACT_PROVIDERS: list[Callable[[Person], tuple[str, list[dict]]]] = []


def extract_provider(provider):
    EXTRACT_PROVIDERS.append(provider)
    return provider


def _date(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


def person_extract(*, person: Person, by) -> dict:
    """Everything the register holds about the person, as plain data (for JSON and for a
    readable page). Logged as an export of personal data."""
    user = person.user
    sections = {
        _("Person"): [
            {
                _("given name"): person.given_name,
                _("family name"): person.family_name,
                _("title"): person.title,
                _("employer"): str(person.employer) if person.employer else "",
                _("email"): person.email,
                _("phone"): person.phone,
                _("preferred language"): person.get_preferred_language_display(),
                _("legal basis"): person.get_legal_basis_display(),
                _("last confirmed"): _date(person.last_confirmed),
                _("created"): _date(person.created_at),
                _("updated"): _date(person.updated_at),
            }
        ],
        _("Account"): [
            {
                _("user name"): user.username,
                _("email"): user.email,
                _("active"): user.is_active,
                _("joined"): _date(user.date_joined),
                _("last login"): _date(user.last_login),
            }
        ]
        if user
        else [],
        _("Representations"): [
            {
                _("network"): r.network.name,
                _("on behalf of"): r.organisation.name,
                _("role"): r.get_role_display(),
                _("from"): _date(r.start_date),
                _("until"): _date(r.end_date),
            }
            for r in Representation.objects.filter(person=person).select_related(
                "network", "organisation"
            )
        ],
        _("Coordinates"): [
            {
                _("network"): c.network.name,
                _("from"): _date(c.start_date),
                _("until"): _date(c.end_date),
            }
            for c in Coordination.objects.filter(person=person).select_related("network")
        ],
        _("Contact person for"): [
            {_("organisation"): c.organisation.name}
            for c in person.contact_for.select_related("organisation")
        ],
        _("Changes to the record"): [
            {
                _("when"): _date(h.history_date),
                _("change"): h.get_history_type_display(),
                _("by"): h.history_user.get_username() if h.history_user else _("the system"),
                **{name: getattr(h, name) for name in PERSONAL_FIELDS},
            }
            for h in person.history.select_related("history_user").order_by("history_date")
        ],
        _("Exports and other actions concerning the person"): [
            {_("when"): _date(e.at), _("action"): e.action}
            for e in AuditEntry.objects.filter(
                subject_type=Person._meta.label_lower, subject_id=str(person.pk)
            )
        ],
    }
    for provider in EXTRACT_PROVIDERS:
        title, rows = provider(person)
        sections[title] = rows
    audit_log(actor=by, action="people.person.extracted", subject=person)
    return {
        "person_id": person.pk,
        "made": _date(timezone.now()),
        "sections": sections,
    }


@transaction.atomic
def person_erase(*, person: Person, by) -> None:
    """Anonymise the person: names, contact details and account are removed, here and in
    the record's history; their seats, posts and attendance stay, so every count is
    unchanged. Cannot be undone."""
    if person.erased_at:
        return
    anonymous = {
        "given_name": ERASED_GIVEN_NAME,
        "family_name": f"person {person.pk}",
        "title": "",
        "email": "",
        "phone": "",
    }
    for name, value in anonymous.items():
        setattr(person, name, value)
    person.last_confirmed = None
    person.erased_at = timezone.now()
    user = person.user
    person.user = None
    person._change_reason = "erased"
    person.save()
    person.history.update(**anonymous)
    if user is not None:
        user.username = f"raderad-{person.pk}-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    person.contact_for.all().delete()
    audit_log(actor=by, action="people.person.erased", subject=person)
