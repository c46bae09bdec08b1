"""Applying a reading of a networks page to the register, as one transaction.

Only what differs is written, so applying the same reading twice changes nothing, and
applying a reading of an edited page changes only what the edit changed. Every write
carries `reason` into the history, so the history says it was done by the import.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from natverk.core.history import assign_changed, delete_recorded, save_recorded
from natverk.importing.reading import NetworkReading, Reading, ReferencedBody
from natverk.importing.vocabulary import FOCUS_TAGS
from natverk.registry.enums import Formality, MembershipRole, OrganisationKind
from natverk.registry.models import (
    FocusTag,
    Membership,
    Network,
    Organisation,
    PageSettings,
    Relation,
)
from natverk.registry.sanitising import sanitise_rich_text


@dataclass
class Change:
    subject: str  # network, membership, relation, page
    action: str  # create, update, end, delete
    description: str


@dataclass
class ApplyReport:
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False

    def add(self, subject: str, action: str, description: str) -> None:
        self.changes.append(Change(subject, action, description))

    @property
    def counts(self) -> Counter:
        return Counter((change.subject, change.action) for change in self.changes)

    @property
    def changed_anything(self) -> bool:
        return bool(self.changes)


class _DryRun(Exception):
    pass


def network_slug(name: str) -> str:
    return slugify(name)[:120]


def paragraphs_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def reading_apply(reading: Reading, *, reason: str, dry_run: bool = False) -> ApplyReport:
    """Write the reading into the register. With `dry_run`, report what would change and
    roll everything back."""
    report = ApplyReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            _Applier(reading, reason, report).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


class _Applier:
    def __init__(self, reading: Reading, reason: str, report: ApplyReport):
        self.reading = reading
        self.reason = reason
        self.report = report
        self.today = timezone.localdate()

    def run(self) -> None:
        self.organisations = self._organisations_named()
        for body in self.reading.referenced_bodies:
            self._apply_referenced_body(body)
        for network_reading in self.reading.networks:
            network = self._apply_network(network_reading)
            self._apply_memberships(network, network_reading)
            self._apply_relations(network, network_reading)
        self._apply_page()

    def _organisations_named(self) -> dict[str, Organisation]:
        keys = {
            key
            for network in self.reading.networks
            for mention in [*network.conveners, *network.members]
            for key in mention.resolved
        }
        keys |= {
            relation.target_key
            for network in self.reading.networks
            for relation in network.relations
            if relation.target_kind == "organisation"
        }
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=keys)}
        missing = sorted(keys - set(found))
        if missing:
            raise ValidationError(
                _("These organisations are not in the register: %(keys)s. Load the reference "
                  "data first, or create them.") % {"keys": ", ".join(missing)}
            )  # fmt: skip
        return found

    def _save(self, instance) -> None:
        save_recorded(instance, reason=self.reason)

    def _apply_referenced_body(self, body: ReferencedBody) -> None:
        if Network.objects.filter(slug=body.slug).exists():
            return  # someone may have reviewed and completed it since; leave it be
        network = Network(
            slug=body.slug,
            name=body.name,
            introduction=paragraphs_html([body.described_as]) if body.described_as else "",
            is_public=False,
            needs_review=True,
        )
        self._save(network)
        self.report.add(
            "network", "create", _("%(name)s (not public until reviewed)") % {"name": body.name}
        )

    def _apply_network(self, reading: NetworkReading) -> Network:
        slug = reading.slug or network_slug(reading.name)
        values = {
            "name": reading.name,
            "short_name": reading.short_name or "",
            "short_name_expansion": reading.short_name_expansion or "",
            # Compared as saving would store it, so an unchanged page compares equal.
            "introduction": sanitise_rich_text(paragraphs_html(reading.description)),
            "audience": reading.audience or "",
            "formality": Formality.INFORMAL if reading.informal else Formality.FORMAL,
            "meetings_per_year": reading.cadence.meetings_per_year if reading.cadence else None,
            "residential_meetings_per_year": (
                reading.cadence.residential_per_year if reading.cadence else None
            ),
            "residential_places": reading.cadence.residential_places if reading.cadence else [],
        }
        if reading.function:
            values["function"] = reading.function
        if reading.ambition_level:
            values["ambition_level"] = reading.ambition_level
        network = Network.objects.filter(slug=slug).first()
        created = network is None
        if created:
            network = Network(slug=slug, **values)
            self._save(network)
            self.report.add("network", "create", network.name)
        elif assign_changed(network, values):
            self._save(network)
            self.report.add("network", "update", network.name)
        self._apply_focus(network, reading.focus, report=not created)
        return network

    def _apply_focus(self, network: Network, focus: list[str], *, report: bool) -> None:
        if not focus:
            return
        tags = []
        for slug in focus:
            name, name_en = FOCUS_TAGS.get(slug, (slug, ""))
            tag, _created = FocusTag.objects.get_or_create(
                slug=slug, defaults={"name": name, "name_en": name_en}
            )
            tags.append(tag)
        if set(network.focus_tags.all()) != set(tags):
            network._change_reason = self.reason
            network.focus_tags.set(tags)
            if report:
                self.report.add("network", "update", _("%(name)s: focus") % {"name": network.name})

    def _apply_memberships(self, network: Network, reading: NetworkReading) -> None:
        wanted: dict[str, dict] = {}
        position = 0
        for mention in reading.conveners:
            role = MembershipRole.CO_CONVENER if mention.joint else MembershipRole.CONVENER
            for key in mention.resolved:
                wanted[key] = {"role": role, "described_as": "", "position": position}
                position += 1
        for mention in reading.members:
            grouped = any(
                self.organisations[key].kind == OrganisationKind.GROUPING
                for key in mention.resolved
            )
            for key in mention.resolved:
                entry = wanted.setdefault(
                    key, {"role": MembershipRole.MEMBER, "position": position}
                )
                entry["position"] = min(entry["position"], position)
                entry["described_as"] = mention.as_written if grouped else ""
                position += 1
        current = {
            m.organisation.slug: m
            for m in network.memberships.current(self.today).select_related("organisation")
        }
        for key, values in wanted.items():
            organisation = self.organisations[key]
            membership = current.get(key)
            label = f"{organisation.name} – {network.name}"
            if membership is None:
                earlier = network.memberships.filter(organisation=organisation).exists()
                membership = Membership(
                    network=network,
                    organisation=organisation,
                    start_date=self.today if earlier else None,
                    **values,
                )
                self._save(membership)
                self.report.add(
                    "membership", "create", f"{label} ({membership.get_role_display()})"
                )
            elif assign_changed(membership, values):
                self._save(membership)
                self.report.add(
                    "membership", "update", f"{label} ({membership.get_role_display()})"
                )
        for key, membership in current.items():
            if key in wanted:
                continue
            label = f"{membership.organisation.name} – {network.name}"
            if membership.start_date is not None and membership.start_date >= self.today:
                delete_recorded(membership, reason=self.reason)
                self.report.add("membership", "delete", label)
            else:
                membership.end_date = self.today - datetime.timedelta(days=1)
                self._save(membership)
                self.report.add("membership", "end", label)

    def _apply_relations(self, network: Network, reading: NetworkReading) -> None:
        wanted = set()
        for mention in reading.relations:
            if mention.target_kind == "network":
                target = Network.objects.filter(slug=mention.target_key).first()
                if target is None:
                    raise ValidationError(
                        _("%(network)s relates to the network '%(key)s', which does not exist.")
                        % {"network": network.name, "key": mention.target_key}
                    )
                wanted.add((mention.kind, target, None))
            elif mention.target_kind == "organisation":
                wanted.add((mention.kind, None, self.organisations[mention.target_key]))
        existing = {
            (r.kind, r.target_network, r.target_organisation): r
            for r in network.relations.select_related("target_network", "target_organisation")
        }
        for kind, target_network, target_organisation in wanted - set(existing):
            relation = Relation(
                source=network,
                kind=kind,
                target_network=target_network,
                target_organisation=target_organisation,
            )
            self._save(relation)
            self.report.add("relation", "create", str(relation))
        for key in set(existing) - wanted:
            relation = existing[key]
            self.report.add("relation", "delete", str(relation))
            delete_recorded(relation, reason=self.reason)

    def _apply_page(self) -> None:
        page_reading = self.reading.page
        page = PageSettings.load()
        values = {
            "title": page_reading.title,
            "introduction": sanitise_rich_text(paragraphs_html(page_reading.intro)),
            "page_owner": page_reading.page_owner or "",
        }
        if assign_changed(page, values):
            self._save(page)
            self.report.add("page", "update", page.title)
