"""The data protection duties towards a person: a register extract (registerutdrag) of
everything held about them, and erasure that anonymises them while every count they
are part of stays right. Both are logged with who did them."""

import datetime
import json
from collections.abc import Callable

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from natverk.core.audit import audit_log
from natverk.core.history import delete_recorded, save_recorded
from natverk.core.models import AuditEntry
from natverk.core.outbox import messages_forget_recipient
from natverk.people.enums import AppointmentOutcome
from natverk.people.models import Coordination, Person, Representation, new_calendar_token
from natverk.people.services import representation_end, seats_changed

ERASED_GIVEN_NAME = "Anonymiserad"
PERSONAL_FIELDS = ["given_name", "family_name", "title", "email", "phone"]

# Other apps add what they hold about a person (invitations, attendance, posts):
# each provider takes a person and returns (section title, list of row dicts).
EXTRACT_PROVIDERS: list[Callable[[Person], tuple[str, list[dict]]]] = []


def extract_provider(provider):
    EXTRACT_PROVIDERS.append(provider)
    return provider


# Other apps forget what they hold about an erased person (what they wrote with their
# answers, say): each handler takes the person, in the erasure's transaction.
ERASURE_HANDLERS: list[Callable[[Person], object]] = []


def erasure_handler(handler):
    ERASURE_HANDLERS.append(handler)
    return handler


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
        _("Seats asked for, to be confirmed"): [
            {
                _("network"): r.network.name,
                _("on behalf of"): r.organisation.name,
                _("from"): _date(r.start_date),
                _("outcome"): r.get_outcome_display(),
            }
            for r in person.appointment_requests.select_related("network", "organisation")
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


def _seats_end(person: Person, *, by, base_url: str) -> None:
    """An erased person sits nowhere from today: their seats and coordinations end with
    yesterday as the last day (so the seat is vacant and can be filled), and those not
    yet begun are withdrawn. Past days stay, and so every count."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    holding = Q(end_date__isnull=True) | Q(end_date__gte=today)
    for representation in person.representations.filter(holding).select_related(
        "network", "organisation"
    ):
        if representation.start_date is not None and representation.start_date >= today:
            delete_recorded(representation, reason="erased before it began")
            seats_changed(people=[person.pk], networks=[representation.network_id], by=by)
        else:
            representation_end(
                representation=representation, on=yesterday, by=by, base_url=base_url
            )
    for coordination in person.coordinations.filter(holding):
        if coordination.start_date is not None and coordination.start_date >= today:
            delete_recorded(coordination, reason="erased before it began")
        else:
            coordination.end_date = yesterday
            save_recorded(coordination, reason="erased")


def _renamed_in(message, names: dict[str, str]):
    """The admin's change message (lists and dicts of strings) with each named object
    under its new name."""
    if isinstance(message, list):
        return [_renamed_in(part, names) for part in message]
    if isinstance(message, dict):
        return {key: _renamed_in(value, names) for key, value in message.items()}
    return names.get(message, message) if isinstance(message, str) else message


def _admin_log_rename(renamed: list[tuple[models.Model, str, str]]) -> None:
    """The admin's log names objects as they were when changed: the log entries of each
    object, and the inline changes (on a network's or the person's form) that name it,
    get its new name."""
    for obj, _old, new in renamed:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).update(object_repr=new[:200])
    names = {old: new for _obj, old, new in renamed if old != new}
    if not names:
        return
    mentions = Q()
    for old in names:
        # Stored as JSON with everything beyond ASCII escaped; search it the same way.
        mentions |= Q(change_message__contains=json.dumps(old)[1:-1])
    for entry in LogEntry.objects.filter(mentions):
        try:
            message = json.loads(entry.change_message)
        except ValueError:
            continue
        entry.change_message = json.dumps(_renamed_in(message, names))
        entry.save(update_fields=["change_message"])


def _login_attempts_forget(*logins: str) -> None:
    """Failed and successful logins are logged by the address typed."""
    typed = Q()
    for login in filter(None, logins):
        typed |= Q(username__iexact=login)
    if typed:
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(typed).delete()


@transaction.atomic
def person_erase(*, person: Person, by, base_url: str = "") -> None:
    """Anonymise the person: names, contact details and account are removed, here, in
    the record's history, in the admin's log, in the log of logins and in the outbox
    (what was not yet sent to them never is). The seats they
    hold end, so that others can be named; their past seats, posts and attendance
    stay, so every count is unchanged. Cannot be undone."""
    if person.erased_at:
        return
    # Everything whose name in the admin's log holds the person's, with that name now.
    roles = [
        *person.representations.select_related("network", "organisation"),
        *person.coordinations.select_related("network"),
        *person.contact_for.select_related("organisation"),
    ]
    named = [person, *roles, *([person.user] if person.user else [])]
    old_names = [str(obj) for obj in named]
    logins = [person.email]
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
    # Whoever kept the secret calendar address learns nothing more from it.
    person.calendar_token = new_calendar_token()
    user = person.user
    person.user = None
    save_recorded(person, reason="erased", validate=False)
    person.history.update(**anonymous)
    if user is not None:
        logins += [user.email, user.username]
        user.username = f"raderad-{person.pk}-{user.pk}"
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
    for role in roles:
        role.person = person
    _admin_log_rename([(obj, old, str(obj)) for obj, old in zip(named, old_names, strict=True)])
    _login_attempts_forget(*logins)
    for address in {login for login in logins if "@" in login}:
        messages_forget_recipient(address)
    person.contact_for.all().delete()
    person.appointment_requests.filter(outcome=AppointmentOutcome.WAITING).update(
        outcome=AppointmentOutcome.REFUSED, decided_at=timezone.now()
    )
    _seats_end(person, by=by, base_url=base_url)
    for handler in ERASURE_HANDLERS:
        handler(person)
    audit_log(actor=by, action="people.person.erased", subject=person)
