"""Two rows of the register that are one organisation, made one.

Everything that points at the organisation removed is found through the model's
relations (`_meta`), so that a relation added later is moved too rather than lost:
memberships, representations and employees, relations, groupings, invitations to
meetings, import findings. Rows that would repeat one the kept organisation already has
(the same relation, an open affiliation to the same group, a second boundary or contact
person) are dropped instead. The removed organisation's name, aliases and former names
become the kept one's, so that search and page imports still find it by them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ForeignObjectRel, Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from natverk.registry.enums import NameKind
from natverk.registry.models import (
    Affiliation,
    Membership,
    Organisation,
    OrganisationName,
    Relation,
    normalise_name,
)


def organisation_relations() -> list[ForeignObjectRel]:
    """Every relation of another row to an organisation, kept history apart (it records
    what was, and stays as it was)."""
    return [
        relation
        for relation in Organisation._meta.get_fields(include_hidden=True)
        if isinstance(relation, ForeignObjectRel)
        and not relation.many_to_many  # groupings are the Affiliation rows, below
        and not hasattr(relation.related_model, "instance_type")  # a historical model
    ]


def _model(relation: ForeignObjectRel) -> type[Model]:
    return cast(type[Model], relation.related_model)


@dataclass
class MergePlan:
    """What a merge will do, for the page that asks to confirm it."""

    keep: Organisation
    remove: Organisation
    moved: list[tuple[str, int]] = field(default_factory=list)  # (what, how many)
    dropped: list[tuple[str, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def possible(self) -> bool:
        return not self.conflicts


def _label(relation: ForeignObjectRel) -> str:
    opts = _model(relation)._meta
    name = str(capfirst(opts.verbose_name_plural))
    if relation.remote_field.name != "organisation":
        name += f" ({relation.remote_field.verbose_name})"
    return name


def _repeats(relation: ForeignObjectRel, row: Model, keep: Organisation) -> bool:
    """Whether the row, moved to `keep`, would repeat one `keep` already has."""
    name = relation.remote_field.name
    if relation.one_to_one:
        return _model(relation)._default_manager.filter(**{name: keep}).exists()
    if isinstance(row, Affiliation) and row.end_date is None:
        other = "group" if name == "member" else "member"
        return Affiliation.objects.filter(
            **{name: keep, other: getattr(row, f"{other}_id"), "end_date__isnull": True}
        ).exists()
    if isinstance(row, Relation):
        return Relation.objects.filter(
            source_id=row.source_id, kind=row.kind, target_organisation=keep
        ).exists()
    return False


def _membership_conflicts(keep: Organisation, remove: Organisation) -> list[str]:
    """Memberships of the two in one network for periods that overlap: the merged
    organisation would sit there twice at once."""
    kept = defaultdict(list)
    for membership in Membership.objects.filter(organisation=keep).select_related("network"):
        kept[membership.network_id].append(membership)
    conflicts = []
    for membership in Membership.objects.filter(organisation=remove).select_related("network"):
        for other in kept.get(membership.network_id, []):
            if membership.overlaps(other):
                conflicts.append(
                    _(
                        "Both are in %(network)s at the same time: %(remove)s as %(role)s "
                        "for %(period)s, %(keep)s as %(other_role)s for %(other_period)s. "
                        "End or change one of the memberships first."
                    )
                    % {
                        "network": membership.network.name,
                        "remove": remove.name,
                        "role": membership.get_role_display(),
                        "period": membership.period_display,
                        "keep": keep.name,
                        "other_role": other.get_role_display(),
                        "other_period": other.period_display,
                    }
                )
    return conflicts


def _names_taken_over(keep: Organisation, remove: Organisation) -> list[str]:
    kept = {normalise_name(keep.name)} | set(
        OrganisationName.objects.filter(organisation=keep).values_list("normalised", flat=True)
    )
    names = [remove.name] if normalise_name(remove.name) not in kept else []
    names += [
        name.name for name in OrganisationName.objects.filter(organisation=remove).order_by("name")
    ]
    return names


def merge_preview(*, keep: Organisation, remove: Organisation) -> MergePlan:
    """What merging `remove` into `keep` would move, drop and refuse; changes nothing."""
    plan = MergePlan(keep=keep, remove=remove)
    if keep.pk == remove.pk:
        plan.conflicts.append(_("An organisation cannot be merged with itself."))
        return plan
    if Affiliation.objects.filter(member=keep, group=remove).exists() or (
        Affiliation.objects.filter(member=remove, group=keep).exists()
    ):
        plan.conflicts.append(
            _(
                "%(one)s and %(other)s are a grouping and one of its members; a grouping "
                "cannot be merged with its own member."
            )
            % {"one": keep.name, "other": remove.name}
        )
    plan.conflicts += _membership_conflicts(keep, remove)
    for relation in organisation_relations():
        name = relation.remote_field.name
        rows = list(_model(relation)._default_manager.filter(**{name: remove}))
        if relation.related_model is Organisation:
            rows = [row for row in rows if row.pk != keep.pk]  # `keep` under `remove`
        dropped = sum(1 for row in rows if _repeats(relation, row, keep))
        if len(rows) - dropped:
            plan.moved.append((_label(relation), len(rows) - dropped))
        if dropped:
            plan.dropped.append((_label(relation), dropped))
    plan.names = _names_taken_over(keep, remove)
    return plan


def _save(row: Any, *, by, reason: str) -> None:
    row._change_reason, row._history_user = reason, by  # read by the history
    row.save()


def _delete(row: Any, *, by, reason: str) -> None:
    row._change_reason, row._history_user = reason, by
    row.delete()


@transaction.atomic
def merge_organisations(*, keep: Organisation, remove: Organisation, by, reason: str) -> MergePlan:
    """Make `remove` part of `keep` and delete it: everything that pointed at it points
    at `keep`, its names become `keep`'s aliases and former names, and what `keep` lacks
    of its details (organisation number, codes, website) comes from it. The history of
    every row changed records `by` and `reason`.

    Refused, with nothing changed, when the two are one, when one is a grouping the
    other belongs to, or when both are in a network for periods that overlap; the
    message names each conflict."""
    reason = (reason or _("Merged duplicate organisations")).strip()[:100]
    keep = Organisation.objects.select_for_update().get(pk=keep.pk)
    remove = Organisation.objects.select_for_update().get(pk=remove.pk)
    plan = merge_preview(keep=keep, remove=remove)
    if plan.conflicts:
        raise ValidationError(plan.conflicts)
    try:
        with transaction.atomic():
            _merge(keep, remove, plan, by=by, reason=reason)
    except IntegrityError as error:  # a rule of the database the preview did not foresee
        raise ValidationError(
            _("%(remove)s could not be merged into %(keep)s: %(error)s")
            % {"remove": remove.name, "keep": keep.name, "error": error}
        ) from error
    return plan


def _merge(keep: Organisation, remove: Organisation, plan: MergePlan, *, by, reason) -> None:
    for relation in organisation_relations():
        name = relation.remote_field.name
        model = _model(relation)
        for row in model._default_manager.filter(**{name: remove}):
            if model is Organisation and row.pk == keep.pk:
                # `keep` was under `remove`: it takes `remove`'s place above it.
                keep.parent_id = remove.parent_id
                continue
            if _repeats(relation, row, keep):
                _delete(row, by=by, reason=reason)
                continue
            setattr(row, name, keep)
            if not isinstance(row, Membership):  # memberships were compared above
                try:
                    row.validate_constraints()
                except ValidationError as error:
                    raise ValidationError(
                        _("%(row)s cannot move to %(keep)s: %(problem)s")
                        % {"row": row, "keep": keep.name, "problem": " ".join(error.messages)}
                    ) from error
            _save(row, by=by, reason=reason)
    taken = {
        attribute: getattr(remove, attribute)
        for attribute in ("short_name", "org_number", "municipality_code", "county_code", "website")
        if getattr(remove, attribute) and not getattr(keep, attribute)
    }
    notes = remove.notes
    old_name = remove.name
    _delete(remove, by=by, reason=reason)
    for attribute, value in taken.items():
        setattr(keep, attribute, value)
    if notes and notes not in keep.notes:
        keep.notes = f"{keep.notes}\n\n{notes}".strip()
    if old_name in plan.names:
        alias = OrganisationName(organisation=keep, name=old_name, kind=NameKind.ALIAS)
        alias.full_clean()
        _save(alias, by=by, reason=reason)
    keep.full_clean()
    _save(keep, by=by, reason=reason)
