"""Bringing the register in line with a reading of a networks page.

One code path both previews and applies: `import_preview` reads the register and lists
the changes without writing; `reading_apply` does the same inside a transaction and
writes them. Only what differs is written, so applying the same reading twice changes
nothing, and applying a reading of an edited page changes only what the edit changed.
Every write carries `reason` into the history, so it shows as done by the import.

Nothing is changed on a guess: a membership the page no longer names is not ended while
the page names someone the register does not know (it may be the same organisation
under a new name; a person decides by mapping the name or creating it); networks the page
only hints at, and organisations an import creates, are not public until reviewed; and
the dates an import writes are shown before it is applied, taken from the page's own
"Senast uppdaterad" where it gives one.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from natverk.core.history import assign_changed, delete_recorded, save_recorded, with_reason
from natverk.importing.errors import ImportProblem
from natverk.importing.parser import PageImport, page_read
from natverk.importing.reading import NameMention, NetworkReading, Reading, ReferencedBody
from natverk.importing.swedish import is_plural_phrase
from natverk.importing.vocabulary import FOCUS_TAGS
from natverk.registry.enums import Formality, MembershipRole, OrganisationKind
from natverk.registry.models import (
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
    normalise_name,
)
from natverk.registry.sanitising import sanitise_rich_text


@dataclass
class Change:
    subject: str  # organisation, network, membership, relation, page
    action: str  # create, update, end, delete
    description: str
    network: str = ""  # the network's name, to group the preview
    date: str = ""  # the day a membership starts or ends, ISO
    date_basis: str = ""  # "page" (its "Senast uppdaterad") or "import" (the day of it)

    def as_dict(self) -> dict:
        return {
            "subject": self.subject,
            "action": self.action,
            "description": self.description,
            "network": self.network,
            "date": self.date,
            "date_basis": self.date_basis,
        }


@dataclass
class Held:
    """A membership the page no longer names, kept until a person says whether a name
    the register does not know is the same organisation."""

    network: str
    organisation: str  # its current name
    key: str
    unknown: str  # the page's name not in the register that is most like it
    score: float

    def as_dict(self) -> dict:
        return {
            "network": self.network,
            "organisation": self.organisation,
            "key": self.key,
            "unknown": self.unknown,
            "score": self.score,
        }


@dataclass
class ImportReport:
    changes: list[Change] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    applied: bool = False

    def add(self, subject: str, action: str, description: str, network: str = "", **dated) -> None:
        self.changes.append(Change(subject, action, description, network, **dated))

    @property
    def changed_anything(self) -> bool:
        return bool(self.changes)


def paragraphs_html(paragraphs: list[str]) -> str:
    return sanitise_rich_text("".join(f"<p>{escape(p)}</p>" for p in paragraphs if p))


Progress = Callable[[int, int], None]  # (networks done, networks in all)


def import_preview(
    reading: Reading, *, create_unknown: bool = False, lines: dict[str, int] | None = None
) -> ImportReport:
    """What applying the reading would change, without writing anything. `lines` gives the
    line of each network's heading, for the messages."""
    return _Sync(reading, reason="", write=False, create_unknown=create_unknown, lines=lines).run()


def reading_apply(
    reading: Reading,
    *,
    reason: str,
    create_unknown: bool = False,
    lines: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Write the reading into the register, all or nothing."""
    try:
        with transaction.atomic():
            report = _Sync(
                reading,
                reason=reason,
                write=True,
                create_unknown=create_unknown,
                lines=lines,
                progress=progress,
            ).run()
    except ValidationError as error:
        raise ImportProblem(
            _("The page says something the register cannot hold, and nothing was written: "
              "%(error)s") % {"error": " ".join(error.messages)}
        ) from None  # fmt: skip
    except IntegrityError as error:
        raise ImportProblem(
            _("The register refused the change, and nothing was written: %(error)s")
            % {"error": error}
        ) from None
    report.applied = True
    return report


class _Sync:
    """Compares the reading with the register, network by network, and records (and when
    `write` is set, makes) each change. A preview reads the register in a fixed number
    of queries, however long the page; applying adds each write and its checks."""

    def __init__(
        self,
        reading: Reading,
        *,
        reason: str,
        write: bool,
        create_unknown: bool,
        lines: dict[str, int] | None = None,
        progress: Progress | None = None,
    ):
        self.reading = reading
        self.reason = reason
        self.write = write
        self.create_unknown = create_unknown
        self.lines = lines or {}
        self.progress = progress
        self.report = ImportReport()
        self.today = timezone.localdate()
        # The day the page says it was last changed, if it says so and it is not ahead
        # of today: memberships it no longer names ended before it, new ones start on it.
        dated = reading.page.last_updated
        self.page_day = dated if dated and dated <= self.today else None
        # Names not in the register -> the organisations made for them, kept apart from
        # the reading so that it still shows them as not in the register.
        self.created: dict[str, str] = {}

    def run(self) -> ImportReport:
        self._load()
        self._unknown_organisations()
        for body in self.reading.referenced_bodies:
            self._referenced_body(body)
        total = len(self.reading.networks)
        for done, network_reading in enumerate(self.reading.networks, start=1):
            with self._refusal_named(network_reading):
                network = self._network(network_reading)
                self._memberships(network, network_reading)
                self._focus(network, network_reading)
            if self.progress:
                self.progress(done, total)
        for network_reading in self.reading.networks:
            with self._refusal_named(network_reading):
                self._relations(self.networks[self._slug(network_reading)], network_reading)
        self._page()
        return self.report

    @contextmanager
    def _refusal_named(self, reading: NetworkReading):
        """What the register refuses, said with the network and the line of its heading."""
        try:
            yield
        except (ValidationError, IntegrityError) as error:
            problem = " ".join(error.messages) if isinstance(error, ValidationError) else error
            raise ImportProblem(
                _("%(network)s: the register cannot hold what the page says: %(problem)s")
                % {"network": reading.name, "problem": problem},
                line=self.lines.get(reading.name),
            ) from None

    def _save(self, instance) -> None:
        if self.write:
            # Every check the register makes, so that a refusal says what is wrong rather
            # than failing in the database.
            instance.full_clean(validate_unique=False)
            save_recorded(instance, reason=self.reason, validate=False)

    def _keys(self, mention: NameMention) -> list[str]:
        if mention.resolved:
            return mention.resolved
        created = self.created.get(mention.as_written)
        return [created] if created else []

    @staticmethod
    def _slug(reading: NetworkReading) -> str:
        return reading.slug or slugify(reading.name)[:120]

    def _load(self) -> None:
        slugs = {self._slug(n) for n in self.reading.networks}
        slugs |= {b.slug for b in self.reading.referenced_bodies}
        slugs |= {
            r.target_key
            for n in self.reading.networks
            for r in n.relations
            if r.target_kind == "network" and r.target_key
        }
        self.networks = {n.slug: n for n in Network.objects.filter(slug__in=slugs)}
        keys = {
            key
            for n in self.reading.networks
            for mention in [*n.conveners, *n.members]
            for key in mention.resolved
        }
        keys |= {
            r.target_key
            for n in self.reading.networks
            for r in n.relations
            if r.target_kind == "organisation" and r.target_key
        }
        self.organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=keys)}
        self.other_names: dict[int, list[str]] = defaultdict(list)
        self.by_organisation = {o.pk: key for key, o in self.organisations.items()}
        missing = sorted(keys - set(self.organisations))
        if missing:
            raise ImportProblem(
                _("These organisations are not in the register: %(keys)s.")
                % {"keys": ", ".join(missing)}
            )
        existing = [n.pk for n in self.networks.values()]
        self.existing = set(existing)
        self.current: defaultdict[int, dict] = defaultdict(dict)
        # Memberships someone has entered ahead of time.
        self.future: defaultdict[int, dict] = defaultdict(dict)
        not_ended = (
            Membership.objects.filter(network__in=existing)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.today))
            .select_related("organisation")
        )
        for membership in not_ended:
            starts_later = membership.start_date is not None and membership.start_date > self.today
            held = self.future if starts_later else self.current
            held[membership.network_id][membership.organisation_id] = membership
        members = {o for held in self.current.values() for o in held}
        for organisation_id, name in OrganisationName.objects.filter(
            organisation_id__in=members
        ).values_list("organisation_id", "name"):
            self.other_names[organisation_id].append(name)
        self.ever = set(
            Membership.objects.filter(network__in=existing).values_list(
                "network_id", "organisation_id"
            )
        )
        self.relations = defaultdict(list)
        for relation in Relation.objects.filter(source__in=existing).select_related(
            "source", "target_network", "target_organisation"
        ):
            self.relations[relation.source_id].append(relation)
        self.tags = defaultdict(set)
        through = Network.focus_tags.through
        for network_id, slug in through.objects.filter(network__in=existing).values_list(
            "network_id", "focustag__slug"
        ):
            self.tags[network_id].add(slug)
        wanted_tags = {slug for n in self.reading.networks for slug in n.focus}
        self.focus_tags = {t.slug: t for t in FocusTag.objects.filter(slug__in=wanted_tags)}

    def _unknown_organisations(self) -> None:
        """With --create-unknown, each unresolved name becomes an organisation to review."""
        if not self.create_unknown:
            return
        taken = set(Organisation.objects.values_list("slug", flat=True))
        created = self.created
        for network in self.reading.networks:
            for mention in [*network.conveners, *network.members]:
                if mention.resolved:
                    continue
                if mention.as_written not in created:
                    slug = base = slugify(mention.as_written)[:90] or "organisation"
                    counter = 2
                    while slug in taken:
                        slug, counter = f"{base}-{counter}", counter + 1
                    taken.add(slug)
                    organisation = Organisation(
                        slug=slug,
                        name=mention.as_written,
                        kind=OrganisationKind.OTHER,
                        needs_review=True,
                    )
                    self._save(organisation)
                    self.organisations[slug] = organisation
                    if organisation.pk:
                        self.by_organisation[organisation.pk] = slug
                    created[mention.as_written] = slug
                    self.report.add(
                        "organisation",
                        "create",
                        _("%(name)s (to be reviewed)") % {"name": mention.as_written},
                    )

    def _referenced_body(self, body: ReferencedBody) -> None:
        if body.slug in self.networks:
            return  # someone may have reviewed and completed it since; leave it be
        network = Network(
            slug=body.slug,
            name=body.name,
            introduction=paragraphs_html([body.described_as or ""]),
            is_public=False,
            needs_review=True,
        )
        self._save(network)
        self.networks[body.slug] = network
        self.report.add(
            "network",
            "create",
            _("%(name)s (not public until reviewed)") % {"name": body.name},
            body.name,
        )

    def _network(self, reading: NetworkReading) -> Network:
        slug = self._slug(reading)
        cadence = reading.cadence
        values = {
            "name": reading.name,
            "short_name": reading.short_name or "",
            "short_name_expansion": reading.short_name_expansion or "",
            "introduction": paragraphs_html(reading.description),
            "audience": reading.audience or "",
            "formality": Formality.INFORMAL if reading.informal else Formality.FORMAL,
            "meetings_per_year": (
                Decimal(str(cadence.meetings_per_year))
                if cadence and cadence.meetings_per_year is not None
                else None
            ),
            "residential_meetings_per_year": cadence.residential_per_year if cadence else None,
            "residential_places": cadence.residential_places if cadence else [],
        }
        if reading.function:
            values["function"] = reading.function
        if reading.ambition_level:
            values["ambition_level"] = reading.ambition_level
        network = self.networks.get(slug)
        if network is None:
            # A network the page only hints at (a heading, nobody named) waits for review.
            network = Network(
                slug=slug, is_public=reading.certain, needs_review=not reading.certain, **values
            )
            self._save(network)
            self.networks[slug] = network
            description = (
                network.name
                if reading.certain
                else _("%(name)s (not public until reviewed)") % {"name": network.name}
            )
            self.report.add("network", "create", description, network.name)
        elif assign_changed(network, values):
            self._save(network)
            self.report.add("network", "update", network.name, network.name)
        return network

    def _focus(self, network: Network, reading: NetworkReading) -> None:
        """The focus the page's text speaks of; none when it speaks of none."""
        wanted = set(reading.focus)
        existed = network.pk in self.existing
        if wanted == (self.tags.get(network.pk, set()) if existed else set()):
            return
        if existed:  # a new network's focus comes with its creation
            self.report.add(
                "network", "update", _("%(name)s: focus") % {"name": network.name}, network.name
            )
        if not self.write:
            return
        tags = []
        for slug in sorted(wanted):
            if slug not in self.focus_tags:
                name, name_en = FOCUS_TAGS.get(slug, (slug, ""))
                self.focus_tags[slug] = FocusTag.objects.create(
                    slug=slug, name=name, name_en=name_en
                )
            tags.append(self.focus_tags[slug])
        with_reason(network, self.reason)
        network.focus_tags.set(tags)

    def _wanted_memberships(self, reading: NetworkReading) -> dict[str, dict]:
        """Organisation key -> the membership the page describes, in page order."""
        wanted: dict[str, dict] = {}
        mentions: list[tuple[NameMention, str | None]] = [
            (c, MembershipRole.CO_CONVENER if c.joint else MembershipRole.CONVENER)
            for c in reading.conveners
        ] + [(m, None) for m in reading.members]
        position = 0
        for mention, convening_role in mentions:
            keys = self._keys(mention)
            grouped = any(self.organisations[key].kind == OrganisationKind.GROUPING for key in keys)
            for key in keys:
                entry = wanted.setdefault(
                    key, {"role": MembershipRole.MEMBER, "described_as": "", "position": position}
                )
                position += 1
                if convening_role:
                    entry["role"] = convening_role
                elif mention.role in (MembershipRole.OBSERVER, MembershipRole.SECRETARIAT) and (
                    entry["role"] == MembershipRole.MEMBER
                ):
                    entry["role"] = mention.role
                # Kept only for a phrase worded as a group ("representanter från …"); a
                # bare name ("Leader") is shown as the organisation's current name.
                if grouped and not convening_role and is_plural_phrase(mention.as_written):
                    entry["described_as"] = mention.as_written
        return wanted

    def _day(self, *, ending: bool, membership: Membership | None = None) -> tuple:
        """(the day a membership starts or ends, what says so). A page's own date is used
        unless the membership began after it."""
        if self.page_day and (
            membership is None
            or membership.start_date is None
            or membership.start_date < self.page_day
        ):
            day, basis = self.page_day, "page"
        else:
            day, basis = self.today, "import"
        return (day - datetime.timedelta(days=1) if ending else day), basis

    def _unknown_names(self, reading: NetworkReading) -> list[str]:
        return [m.as_written for m in [*reading.conveners, *reading.members] if not self._keys(m)]

    def _most_like(self, organisation: Organisation, unknown: list[str]) -> tuple[str, float]:
        names = [organisation.name, *self.other_names.get(organisation.pk, [])]
        scored = [
            (max(fuzz.WRatio(normalise_name(u), normalise_name(n)) for n in names), u)
            for u in unknown
        ]
        score, name = max(scored)
        return name, round(score)

    def _memberships(self, network: Network, reading: NetworkReading) -> None:
        wanted = self._wanted_memberships(reading)
        current = self.current.get(network.pk, {}) if network.pk else {}
        future = self.future.get(network.pk, {}) if network.pk else {}
        by_organisation = self.by_organisation
        for key, values in wanted.items():
            organisation = self.organisations[key]
            membership = current.get(organisation.pk)
            label = f"{organisation.name} ({MembershipRole(values['role']).label})"
            if membership is None and organisation.pk in future:
                # A membership from today would overlap the one entered ahead of time;
                # which of them is right is for a person to say.
                raise ImportProblem(
                    _("The page names %(organisation)s in %(network)s, but the register has "
                      "it joining on %(date)s. Change that membership's start date, or import "
                      "the page from that day on.")
                    % {
                        "organisation": organisation.name,
                        "network": network.name,
                        "date": future[organisation.pk].start_date.isoformat(),
                    },
                    line=self.lines.get(reading.name),
                )  # fmt: skip
            if membership is None:
                earlier = (network.pk, organisation.pk) in self.ever
                day, basis = self._day(ending=False) if earlier else (None, "")
                membership = Membership(
                    network=network, organisation=organisation, start_date=day, **values
                )
                self._save(membership)
                self.report.add(
                    "membership", "create", label, network.name,
                    date=day.isoformat() if day else "", date_basis=basis,
                )  # fmt: skip
                continue
            differing = {n for n, value in values.items() if getattr(membership, n) != value}
            if assign_changed(membership, values):
                self._save(membership)
                if differing != {"position"}:
                    # A member moved by another's coming or going is not a change to show.
                    self.report.add("membership", "update", label, network.name)
        unknown = self._unknown_names(reading)
        for organisation_id, membership in current.items():
            if by_organisation.get(organisation_id) in wanted:
                continue
            label = membership.organisation.name
            if unknown:
                # The page names someone the register does not know: perhaps this one
                # under a new name. Nothing is ended until a person says.
                name, score = self._most_like(membership.organisation, unknown)
                self.report.held.append(
                    Held(network.name, label, membership.organisation.slug, name, score)
                )
                continue
            if membership.start_date is not None and membership.start_date >= self.today:
                if self.write:
                    delete_recorded(membership, reason=self.reason)
                self.report.add("membership", "delete", label, network.name)
            else:
                day, basis = self._day(ending=True, membership=membership)
                membership.end_date = day
                self._save(membership)
                self.report.add(
                    "membership", "end", label, network.name,
                    date=day.isoformat(), date_basis=basis,
                )  # fmt: skip

    def _relations(self, network: Network, reading: NetworkReading) -> None:
        wanted: set[tuple[str, str | None, str | None]] = set()
        for mention in reading.relations:
            if mention.target_kind == "network":
                target = self.networks.get(mention.target_key)
                if target is None:
                    raise ImportProblem(
                        _("%(network)s relates to the network “%(key)s”, which is neither on "
                          "the page nor in the register.")
                        % {"network": network.name, "key": mention.target_key}
                    )  # fmt: skip
                wanted.add((mention.kind, target.slug, None))
            elif mention.target_kind == "organisation":
                wanted.add((mention.kind, None, mention.target_key))
        existing = {}
        for relation in self.relations.get(network.pk, []) if network.pk else []:
            target_network = relation.target_network.slug if relation.target_network else None
            target_organisation = (
                relation.target_organisation.slug if relation.target_organisation else None
            )
            existing[(relation.kind, target_network, target_organisation)] = relation
        for kind, network_slug, organisation_key in sorted(
            wanted - set(existing), key=lambda t: (t[0], t[1] or "", t[2] or "")
        ):
            relation = Relation(
                source=network,
                kind=kind,
                target_network=self.networks.get(network_slug) if network_slug else None,
                target_organisation=(
                    self.organisations[organisation_key] if organisation_key else None
                ),
            )
            self._save(relation)
            self.report.add("relation", "create", str(relation), network.name)
        for key in set(existing) - wanted:
            relation = existing[key]
            self.report.add("relation", "delete", str(relation), network.name)
            if self.write:
                delete_recorded(relation, reason=self.reason)

    def _page(self) -> None:
        page_reading = self.reading.page
        page = PageSettings.load()
        values = {
            "title": page_reading.title,
            "introduction": paragraphs_html(page_reading.intro),
            "page_owner": page_reading.page_owner or "",
        }
        if assign_changed(page, values):
            self._save(page)
            self.report.add("page", "update", page.title)


@dataclass
class PageResult:
    """A page read and compared with the register: what it says, and what would change
    (or changed)."""

    page: PageImport
    report: ImportReport


def page_import(
    data: bytes,
    *,
    html: bool | None = None,
    create_unknown: bool = False,
    apply: bool = False,
    reason: str = "import",
    progress: Progress | None = None,
) -> PageResult:
    """Read a page and preview it, or with `apply` write it. Raises ImportProblem."""
    if not Organisation.objects.exists():
        raise ImportProblem(
            _("The register has no organisations to resolve names against. Load the reference "
              "data first (manage.py load_reference).")
        )  # fmt: skip
    page = page_read(data, html=html)
    if apply:
        report = reading_apply(
            page.reading,
            reason=reason,
            create_unknown=create_unknown,
            lines=page.lines,
            progress=progress,
        )
    else:
        report = import_preview(page.reading, create_unknown=create_unknown, lines=page.lines)
    return PageResult(page=page, report=report)


def preview_payload(result: PageResult) -> dict:
    """What the back office shows before an import is applied, as JSON."""
    from natverk.importing.report import quality_report, resolutions

    names = dict(Organisation.objects.values_list("slug", "name"))
    reading = result.page.reading.to_dict()
    used = {
        key
        for network in reading["networks"]
        for mention in [*network["conveners"], *network["members"]]
        for key in mention["resolved"]
    }
    return {
        "reading": reading,
        "changes": [change.as_dict() for change in result.report.changes],
        "held": [held.as_dict() for held in result.report.held],
        "findings": [
            {
                "network": f.network,
                "code": f.code,
                "text": f.text,
                "detail": f.detail,
                "organisation": f.organisation,
            }
            for f in quality_report(result.page, names)
        ],
        "resolutions": resolutions(result.page, names),
        "unresolved": _unresolved(result),
        "names": {key: names.get(key, key) for key in sorted(used)},
    }


def _unresolved(result: PageResult) -> list[dict]:
    """The names the register does not know, each once, with its closest organisations:
    what the secretariat is asked to map or create."""
    seen: dict[str, dict] = {}
    for network in result.page.reading.networks:
        for mention in [*network.conveners, *network.members]:
            if mention.resolved or mention.as_written in seen:
                continue
            suggestions = result.page.suggestions.get(mention.as_written, [])
            seen[mention.as_written] = {
                "name": mention.as_written,
                "network": network.name,
                "suggestions": [{"name": n, "key": k, "score": s} for n, k, s in suggestions],
            }
    return list(seen.values())


def _findings_store(run) -> None:
    """The findings of a run's preview, as rows the data-quality report reads."""
    from natverk.importing.models import ImportFinding

    known = set(Organisation.objects.values_list("slug", flat=True))
    by_key = {}
    wanted = {f.get("organisation") for f in run.preview.get("findings", [])} & known
    if wanted:
        by_key = {o.slug: o for o in Organisation.objects.filter(slug__in=wanted)}
    run.findings.all().delete()
    ImportFinding.objects.bulk_create(
        ImportFinding(
            run=run,
            network=finding["network"][:200],
            code=finding["code"][:40],
            detail=finding.get("detail", "")[:300],
            organisation=by_key.get(finding.get("organisation") or ""),
            text=finding["text"],
        )
        for finding in run.preview.get("findings", [])
    )


@transaction.atomic
def import_run_create(
    *, data: bytes, filename: str, user, html: bool | None = None, create_unknown: bool = False
):
    """Read an uploaded page and keep it with its preview and findings. Raises
    ImportProblem."""
    from natverk.importing.models import ImportRun
    from natverk.importing.source import clean_text, decode, looks_like_html

    result = page_import(data, html=html, create_unknown=create_unknown)
    text = clean_text(decode(data))
    run = ImportRun.objects.create(
        filename=filename[:255],
        content=text,
        is_html=looks_like_html(text) if html is None else html,
        create_unknown=create_unknown,
        preview=preview_payload(result),
        created_by=user,
    )
    _findings_store(run)
    return run


@transaction.atomic
def import_run_record(*, data: bytes, filename: str, result: PageResult, html: bool | None):
    """Keep an import applied from the command line, as the back office keeps its own:
    the page, what it changed and what it noticed."""
    from natverk.importing.models import ImportRun
    from natverk.importing.source import clean_text, decode, looks_like_html

    text = clean_text(decode(data))
    run = ImportRun.objects.create(
        filename=filename[:255],
        content=text,
        is_html=looks_like_html(text) if html is None else html,
        preview=preview_payload(result),
        status=ImportRun.Status.APPLIED,
        applied_at=timezone.now(),
        progress_total=len(result.page.reading.networks),
        progress_done=len(result.page.reading.networks),
    )
    _findings_store(run)
    return run


def _preview_again(run) -> dict:
    data = run.content.encode("utf-8")
    fresh = preview_payload(page_import(data, html=run.is_html, create_unknown=run.create_unknown))
    run.preview = fresh
    run.save(update_fields=["preview"])
    _findings_store(run)
    return fresh


def import_run_apply(*, run) -> str:
    """Apply a previewed import: 'applied', 'queued' (too large to apply while the browser
    waits: the task worker applies it, all or nothing) or 'changed' (the register
    changed since the preview, so that the changes would differ from those shown:
    nothing was applied, and the preview is renewed for a person to look again)."""
    from django.conf import settings

    from natverk.importing.models import ImportRun
    from natverk.importing.tasks import apply_import_run

    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status == ImportRun.Status.APPLIED:
            raise ImportProblem(_("This import has already been applied."))
        if run.status in (ImportRun.Status.QUEUED, ImportRun.Status.APPLYING):
            raise ImportProblem(_("This import is already being applied."))
        if len(run.preview.get("changes", [])) > settings.NATVERK_IMPORT_INLINE_CHANGES:
            run.status = ImportRun.Status.QUEUED
            run.problem = ""
            run.progress_done = 0
            run.progress_total = len(run.preview.get("reading", {}).get("networks", []))
            run.save(update_fields=["status", "problem", "progress_done", "progress_total"])
            transaction.on_commit(lambda: apply_import_run.enqueue(run.pk))
            return "queued"
        expected = run.preview.get("changes")
        if _preview_again(run)["changes"] != expected:
            return "changed"
        _apply_now(run)
    return "applied"


def _apply_now(run, progress: Progress | None = None) -> None:
    from natverk.importing.models import ImportRun

    page_import(
        run.content.encode("utf-8"),
        html=run.is_html,
        create_unknown=run.create_unknown,
        apply=True,
        reason=f"import #{run.pk}: {run.filename}",
        progress=progress,
    )
    run.status = ImportRun.Status.APPLIED
    run.applied_at = timezone.now()
    run.save(update_fields=["status", "applied_at"])


def import_run_apply_queued(*, run_id: int) -> None:
    """Apply a queued import in the background: first read and check the page against the
    register, network by network, with the progress kept where the back office sees it;
    then write it in one transaction. A change to the register since the preview, or
    anything the register refuses, leaves everything as it was and says why."""
    from natverk.importing.models import ImportRun

    run = ImportRun.objects.get(pk=run_id)
    if run.status != ImportRun.Status.QUEUED:
        return
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.APPLYING)

    def checked(done: int, total: int) -> None:
        if done == total or done % 25 == 0:
            ImportRun.objects.filter(pk=run.pk).update(progress_done=done, progress_total=total)

    expected = run.preview.get("changes")
    try:
        data = run.content.encode("utf-8")
        fresh = preview_payload(
            page_import(data, html=run.is_html, create_unknown=run.create_unknown)
        )
        checked(len(fresh["reading"]["networks"]), len(fresh["reading"]["networks"]))
        if fresh["changes"] != expected:
            run.refresh_from_db()
            run.preview = fresh
            run.status = ImportRun.Status.FAILED
            run.problem = _(
                "The register changed after the preview, so nothing was applied. Check the "
                "renewed preview and apply again."
            )
            run.save(update_fields=["preview", "status", "problem"])
            _findings_store(run)
            return
        with transaction.atomic():
            run.refresh_from_db()
            _apply_now(run)
    except ImportProblem as problem:
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, problem=str(problem)
        )


@transaction.atomic
def import_run_decide(
    *, run, name: str, organisation_key: str = "", create_kind: str = "", user=None
) -> Organisation:
    """What a person says a name the register does not know stands for: an organisation
    in the register (the name becomes one of its aliases, so that this page and later
    ones resolve it) or a new organisation, marked for review and not public until it is
    reviewed. The preview is renewed; nothing else is written."""
    reason = f"import #{run.pk}: {name}"
    if organisation_key:
        organisation = Organisation.objects.filter(slug=organisation_key).first()
        if organisation is None:
            raise ImportProblem(
                _("There is no organisation with the key “%(key)s”.") % {"key": organisation_key}
            )
        alias = OrganisationName(organisation=organisation, name=name)
        try:
            alias.full_clean()
        except ValidationError as error:
            raise ImportProblem(" ".join(error.messages)) from None
        # The history names the person who decided.
        save_recorded(alias, reason=reason, validate=False, by=user)
    else:
        kinds = set(OrganisationKind.values)
        taken = set(Organisation.objects.values_list("slug", flat=True))
        slug = base = slugify(name)[:90] or "organisation"
        counter = 2
        while slug in taken:
            slug, counter = f"{base}-{counter}", counter + 1
        organisation = Organisation(
            slug=slug,
            name=name[:200],
            kind=create_kind if create_kind in kinds else OrganisationKind.OTHER,
            needs_review=True,
        )
        save_recorded(organisation, reason=reason, by=user)
    _preview_again(run)
    return organisation
