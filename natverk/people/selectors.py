"""Reads about people. Personal data: callers have checked who asks."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from natverk.people.models import Person, Representation
from natverk.registry.models import Membership

REVIEW_AFTER_DAYS = 730  # 24 months without a seat in any network


@dataclass
class VacantSeat:
    membership: Membership

    @property
    def network(self):
        return self.membership.network

    @property
    def organisation(self):
        return self.membership.organisation


def vacant_seats(networks: QuerySet) -> list[VacantSeat]:
    """Current member organisations of the networks that have no current representative."""
    today = timezone.localdate()
    seated = Representation.objects.current(today).filter(
        network=OuterRef("network"), organisation=OuterRef("organisation")
    )
    memberships = (
        Membership.objects.current(today)
        .filter(network__in=networks)
        .annotate(seated=Exists(seated))
        .filter(seated=False)
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name")
    )
    return [VacantSeat(m) for m in memberships]


def people_for_review(today: datetime.date | None = None) -> QuerySet[Person]:
    """People with no seat in any network for 24 months: is there still a reason to hold
    their data?"""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=REVIEW_AFTER_DAYS)
    recent = Representation.objects.filter(person=OuterRef("pk")).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    )
    return (
        Person.objects.filter(erased_at__isnull=True, created_at__date__lte=since)
        .annotate(recent=Exists(recent))
        .filter(recent=False)
    )


def current_representatives(network) -> QuerySet[Representation]:
    return (
        Representation.objects.current()
        .filter(network=network, person__erased_at__isnull=True)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__family_name", "person__given_name")
    )


# The change log -------------------------------------------------------------------------
# The register's and the people's history (django-simple-history) read as one list, newest
# first. A page costs two queries per kind of record (its rows, each with the key of the
# entry before it; then those entries), and one per kind of record the rows name, however
# many rows or however far back: pages go back by date, never by counting rows.

CHANGE_LOG_PAGE = 50


@dataclass(frozen=True)
class LoggedKind:
    key: str
    model: Any
    #: the field that names the network an entry is about, for a network's own history
    network_field: str | None


def logged_kinds() -> list[LoggedKind]:
    from natverk.people.models import ContactPerson, Coordination
    from natverk.registry.models import (
        Affiliation,
        FocusTag,
        Network,
        Organisation,
        OrganisationName,
        PageSettings,
        Relation,
    )

    return [
        LoggedKind("network", Network, "id"),
        LoggedKind("membership", Membership, "network_id"),
        LoggedKind("relation", Relation, "source_id"),
        LoggedKind("organisation", Organisation, None),
        LoggedKind("organisationname", OrganisationName, None),
        LoggedKind("affiliation", Affiliation, None),
        LoggedKind("focustag", FocusTag, None),
        LoggedKind("pagesettings", PageSettings, None),
        LoggedKind("person", Person, None),
        LoggedKind("representation", Representation, "network_id"),
        LoggedKind("coordination", Coordination, "network_id"),
        LoggedKind("contactperson", ContactPerson, None),
    ]


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class LoggedChange:
    kind: LoggedKind
    record: Any  # the historical record
    label: str
    changes: list[FieldChange]
    url: str = ""

    @property
    def when(self) -> datetime.datetime:
        return self.record.history_date

    @property
    def kind_name(self) -> str:
        return str(self.kind.model._meta.verbose_name)


@dataclass
class ChangeLogPage:
    entries: list[LoggedChange]
    #: the moment to read on from for the next (older) page; None on the last page
    older_than: datetime.datetime | None


def change_log(
    *,
    kind: str | None = None,
    user_id: int | None = None,
    by_nobody: bool = False,
    network_id: int | None = None,
    older_than: datetime.datetime | None = None,
    size: int = CHANGE_LOG_PAGE,
) -> ChangeLogPage:
    """One page of changes, newest first: of one kind of record, or all; made by one
    account, or by none (commands and imports); about one network (its own record, its
    memberships, relations, representatives and coordinators), or the whole register;
    older than `older_than`."""
    kinds = [k for k in logged_kinds() if kind in (None, "", k.key)]
    if network_id is not None:
        kinds = [k for k in kinds if k.network_field]
    read: list[tuple[LoggedKind, object]] = []
    for logged in kinds:
        history = logged.model.history
        rows = history.all()
        if network_id is not None and logged.network_field:
            rows = rows.filter(**{logged.network_field: network_id})
        if by_nobody:
            # Compared through an expression, so that the rows are read along the date
            # (nearly all are made by nobody: the index of who would read them all).
            rows = rows.alias(who=Coalesce("history_user_id", Value(0))).filter(who=0)
        elif user_id is not None:
            rows = rows.filter(history_user_id=user_id)
        if older_than is not None:
            rows = rows.filter(history_date__lt=older_than)
        before = history.filter(
            id=OuterRef("id"), history_date__lt=OuterRef("history_date")
        ).order_by("-history_date")
        rows = rows.annotate(before_id=Subquery(before.values("history_id")[:1]))
        rows = rows.select_related("history_user").order_by("-history_date")[: size + 1]
        read.extend((logged, row) for row in rows)
    read.sort(key=lambda pair: pair[1].history_date, reverse=True)  # type: ignore[attr-defined]
    more = len(read) > size
    read = read[:size]
    previous = _previous_records(read)
    names = _related_names([row for _k, row in read] + list(previous.values()))
    entries = []
    for logged, row in read:
        before_row = previous.get((logged.key, row.before_id))  # type: ignore[attr-defined]
        instance = _named_instance(row, names)
        entries.append(
            LoggedChange(
                kind=logged,
                record=row,
                label=str(instance),
                changes=_changes(logged, row, before_row, names),
            )
        )
    return ChangeLogPage(entries=entries, older_than=entries[-1].when if more and entries else None)


def _previous_records(read) -> dict:
    """The entry before each row's, in one query per kind of record."""
    wanted: dict[str, tuple[LoggedKind, list[int]]] = {}
    for logged, row in read:
        if row.before_id is not None:
            wanted.setdefault(logged.key, (logged, []))[1].append(row.before_id)
    previous = {}
    for key, (logged, ids) in wanted.items():
        for pk, row in logged.model.history.in_bulk(ids).items():
            previous[(key, pk)] = row
    return previous


def _foreign_keys(model) -> list:
    return [f for f in model._meta.concrete_fields if f.many_to_one]


def _related_names(rows) -> dict:
    """The records the rows point to, by model and key, one query per model."""
    wanted: dict[Any, set] = {}
    for row in rows:
        for field in _foreign_keys(row.instance_type):
            value = getattr(row, field.attname, None)
            if value is not None:
                wanted.setdefault(field.related_model, set()).add(value)
    return {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}


def _named_instance(row, names):
    """The record as it was, its links filled from `names` (no query: the library's
    own `instance` reads the fields the history leaves out from the live row)."""
    model = row.instance_type
    instance = model(
        **{
            field.attname: getattr(row, field.attname)
            for field in model._meta.concrete_fields
            if hasattr(row, field.attname)
        }
    )
    for field in _foreign_keys(row.instance_type):
        value = getattr(row, field.attname, None)
        found = names.get(field.related_model, {}).get(value)
        if found is None and value is not None:
            found = field.related_model(pk=value)
        if found is not None:
            setattr(instance, field.name, found)
    return instance


def _shown(field, value, names) -> str:
    from django.utils.formats import localize
    from django.utils.html import strip_tags
    from django.utils.text import Truncator
    from django.utils.translation import gettext as _

    if value is None or value == "" or value == []:
        return "–"
    if field is not None and field.many_to_one:
        found = names.get(field.related_model, {}).get(value)
        return str(found) if found is not None else f"#{value}"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return Truncator(strip_tags(str(localize(value)))).chars(120)


def _changes(logged: LoggedKind, row, before, names) -> list[FieldChange]:
    """What changed from the entry before: each field's name, and its value before and
    after, as the back office shows them."""
    meta = logged.model._meta
    if before is None or row.history_type != "~":
        return []
    m2m = [field.name for field in meta.many_to_many]
    delta = row.diff_against(before, excluded_fields=m2m)
    changes = []
    for change in delta.changes:
        try:
            field = meta.get_field(change.field)
        except Exception:  # a field the model no longer has
            field = None
        changes.append(
            FieldChange(
                field=str(field.verbose_name) if field is not None else change.field,
                old=_shown(field, change.old, names),
                new=_shown(field, change.new, names),
            )
        )
    return changes


def change_log_accounts():
    """The accounts that may appear in the log as who made a change: the secretariat's
    and the coordinators'."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(Q(is_staff=True) | Q(person__coordinations__isnull=False))
        .distinct()
        .order_by("email", "username")
    )
