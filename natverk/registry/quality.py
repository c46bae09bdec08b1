"""The standing data-quality report: what in the register is missing, contradicts
itself or is out of date, each finding with the object to fix.

Every kind of finding costs a fixed number of queries, whatever the register's size;
the two that compare text (former names in prose, look-alike names) read their columns
once and compare in memory, which at national scale is far quicker than a query per
name.
"""

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.db.models import Count, Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from natverk.registry.enums import CONVENING_ROLES, MembershipRole, NameKind, NetworkStatus
from natverk.registry.models import (
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
    normalise_name,
)

#: Rows of each finding shown on the page; the spreadsheet has them all.
PAGE_ROWS = 50

#: How alike two names must be (rapidfuzz's token_sort_ratio on the folded names, 0–100)
#: to be listed as possibly one organisation: "Region Skane" / "Region Skåne" (92) are,
#: "Region Skåne" / "Region Blekinge" (67) are not.
NAME_SIMILARITY = 90

MUNICIPALITIES_CSV = Path(__file__).resolve().parent / "reference/national/municipalities.csv"

#: The prose the public pages and the secretariat read, model by model.
PROSE_FIELDS: list[tuple[type[Model], tuple[str, ...]]] = [
    (
        Network,
        ("introduction", "introduction_en", "purpose", "purpose_en", "audience", "audience_en"),
    ),
    (Organisation, ("notes",)),
    (Membership, ("note",)),
    (Relation, ("note",)),
    (PageSettings, ("introduction", "introduction_en")),
]


@dataclass
class Row:
    """One finding: what it is about, where to fix it, and a way to fix it when there is one."""

    label: str
    url: str
    detail: str = ""
    action_url: str = ""
    action_label: str = ""
    cells: list[str] = field(default_factory=list)  # for the spreadsheet


@dataclass
class Finding:
    key: str
    title: str
    sheet: str  # the spreadsheet's tab: at most 31 characters
    why: str
    columns: list[str]
    count: int
    rows: list[Row]


def _admin_url(obj: Model) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def _limited(queryset: QuerySet, limit: int | None) -> QuerySet:
    return queryset if limit is None else queryset[:limit]


def _open_networks() -> QuerySet[Network]:
    return Network.objects.exclude(status=NetworkStatus.CLOSED)


def networks_without_members() -> QuerySet[Network]:
    """Open networks with no current membership."""
    return (
        _open_networks()
        .exclude(pk__in=Membership.objects.current().values("network_id"))
        .order_by("name")
    )


def networks_without_convener() -> QuerySet[Network]:
    """Open networks with current members of which none convenes (those without any
    members are a finding of their own)."""
    current = Membership.objects.current()
    return (
        _open_networks()
        .filter(pk__in=current.values("network_id"))
        .exclude(pk__in=current.filter(role__in=CONVENING_ROLES).values("network_id"))
        .order_by("name")
    )


def memberships_without_start() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(start_date__isnull=True)
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name")
    )


def joint_conveners_alone() -> QuerySet[Membership]:
    """Current joint conveners who are the only joint convener of their network."""
    joint = Membership.objects.current().filter(role=MembershipRole.CO_CONVENER)
    alone = (
        joint.order_by()
        .values("network_id")
        .annotate(conveners=Count("pk"))
        .filter(conveners=1)
        .values("network_id")
    )
    return (
        joint.filter(network_id__in=alone)
        .select_related("network", "organisation")
        .order_by("network__name")
    )


def organisations_unreviewed() -> QuerySet[Organisation]:
    return Organisation.objects.filter(needs_review=True).order_by("-created_at")


# Former names in prose ------------------------------------------------------------------


@dataclass(frozen=True)
class FormerNameUse:
    """Text of `obj`'s `field` that names an organisation by a name it no longer has."""

    obj: Model
    field: str
    former: OrganisationName

    @property
    def current(self) -> str:
        return self.former.organisation.name


def former_name_pattern(former: str) -> re.Pattern:
    """The former name as a whole word or words, as written (names are proper nouns:
    "kommunförbundet" in lower case is a common noun)."""
    return re.compile(rf"(?<!\w){re.escape(former)}(?!\w)")


def former_name_spans(text: str, former: str, current: str) -> list[tuple[int, int]]:
    """Where `former` stands in `text`, not counting where it is the start of the
    current name itself (a former name "Region Skåne" inside "Region Skåne län")."""
    return [
        match.span()
        for match in former_name_pattern(former).finditer(text)
        if not (current.startswith(former) and text.startswith(current, match.start()))
    ]


def former_name_replaced(text: str, former: str, current: str) -> tuple[str, int]:
    """The text with the current name where the former stood, and how many times."""
    spans = former_name_spans(text, former, current)
    for start, end in reversed(spans):
        text = text[:start] + current + text[end:]
    return text, len(spans)


def _former_names() -> list[OrganisationName]:
    """Former names no organisation bears now (a name taken up again by another is that
    one's, not out of date)."""
    current = {normalise_name(name) for name in Organisation.objects.values_list("name", flat=True)}
    return [
        name
        for name in OrganisationName.objects.filter(kind=NameKind.FORMER).select_related(
            "organisation"
        )
        if name.normalised not in current and name.name.strip()
    ]


def former_names_in_prose() -> list[FormerNameUse]:
    """Every field of prose that still uses a former name: one query for the names and
    one per kind of prose, whatever the numbers."""
    formers = _former_names()
    if not formers:
        return []
    by_name: dict[str, list[OrganisationName]] = defaultdict(list)
    for former in formers:
        by_name[former.name].append(former)
    # One pass of one pattern finds the candidates; each is then checked on its own.
    alternatives = sorted(by_name, key=len, reverse=True)
    anywhere = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(name) for name in alternatives) + r")(?!\w)"
    )
    found: list[FormerNameUse] = []
    for model, fields in PROSE_FIELDS:
        rows = model._default_manager.only("pk", *fields, *_label_fields(model)).order_by("pk")
        for obj in rows:
            for name in fields:
                text = getattr(obj, name) or ""
                if not text:
                    continue
                for used in dict.fromkeys(match.group(1) for match in anywhere.finditer(text)):
                    for former in by_name[used]:
                        if former_name_spans(text, former.name, former.organisation.name):
                            found.append(FormerNameUse(obj=obj, field=name, former=former))
    return found


def _label_fields(model: type[Model]) -> tuple[str, ...]:
    return ("name",) if model in (Network, Organisation) else ()


def former_name_use(model: type[Model], pk: int, field: str, former_pk: int) -> FormerNameUse:
    """One use, as the fix page names it; LookupError when the text no longer has it."""
    if (model, field) not in {(m, f) for m, fields in PROSE_FIELDS for f in fields}:
        raise LookupError(field)
    obj = model._default_manager.filter(pk=pk).first()
    former = (
        OrganisationName.objects.filter(pk=former_pk, kind=NameKind.FORMER)
        .select_related("organisation")
        .first()
    )
    if obj is None or former is None:
        raise LookupError(pk)
    if not former_name_spans(getattr(obj, field) or "", former.name, former.organisation.name):
        raise LookupError(field)
    return FormerNameUse(obj=obj, field=field, former=former)


PROSE_MODELS = {model._meta.model_name: model for model, _fields in PROSE_FIELDS}


def fix_url(use: FormerNameUse) -> str:
    return reverse(
        "admin:registry_quality_fix",
        args=[use.obj._meta.model_name, use.obj.pk, use.field, use.former.pk],
    )


# Look-alike organisations ---------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    first: Organisation
    second: Organisation
    reason: str
    score: int


def _fold(name: str) -> str:
    """Case, spacing, accents and punctuation folded: "Region Skåne" ~ "region skane"."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(name))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


@cache
def _municipality_pattern() -> re.Pattern:
    """The names of Sweden's municipalities, folded, with and without the genitive s."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        names = {_fold(row["name"]) for row in csv.DictReader(handle)}
    words = sorted(names | {f"{name}s" for name in names if not name.endswith("s")}, key=len)
    return re.compile(r"\b(" + "|".join(re.escape(word) for word in reversed(words)) + r")\b")


def _municipalities_named(folded: str) -> set[str]:
    return {match.rstrip("s") for match in _municipality_pattern().findall(folded)}


def _distinct_bodies(a: Organisation, b: Organisation, folded_a: str, folded_b: str) -> bool:
    """Pairs that are two bodies however alike their names: two organisation numbers or
    municipality codes, or names that differ where they name two municipalities
    (Linköpings kommun and Lidköpings kommun, Företagarna Ale and Företagarna Alvesta),
    or different numbers (Leader 1 and Leader 2)."""
    if re.findall(r"\d+", folded_a) != re.findall(r"\d+", folded_b):
        return True
    for attribute in ("org_number", "municipality_code"):
        one, other = getattr(a, attribute), getattr(b, attribute)
        if one and other and one != other:
            return True
    places_a, places_b = _municipalities_named(folded_a), _municipalities_named(folded_b)
    return bool(places_a and places_b and places_a != places_b)


def _pair(first: Organisation, second: Organisation, reason: str, score: int) -> DuplicatePair:
    """The older first: the one a merge keeps unless told otherwise."""
    if second.pk < first.pk:
        first, second = second, first
    return DuplicatePair(first, second, reason, score)


def duplicate_organisations() -> list[DuplicatePair]:
    """Organisations that may be one: the same organisation number, or names alike by
    `NAME_SIMILARITY`. One query; names are compared within groups of the same first
    letter, so the work grows with the square of a letter's share, not of the register."""
    organisations = list(
        Organisation.objects.only("pk", "name", "org_number", "municipality_code", "kind")
    )
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    by_number: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in organisations:
        if organisation.org_number:
            by_number[organisation.org_number].append(organisation)
    for number, same in by_number.items():
        for index, first in enumerate(same):
            for second in same[index + 1 :]:
                key = (min(first.pk, second.pk), max(first.pk, second.pk))
                reason = _("Same organisation number %(number)s") % {"number": number}
                pairs[key] = _pair(first, second, reason, 100)
    folded = {organisation.pk: _fold(organisation.name) for organisation in organisations}
    # Sorted words, so "Kommun Lund" meets "Lund kommun" in the same group.
    sorted_words = {pk: " ".join(sorted(name.split())) for pk, name in folded.items()}
    groups: dict[str, list[Organisation]] = defaultdict(list)
    for organisation in organisations:
        groups[sorted_words[organisation.pk][:1]].append(organisation)
    for group in groups.values():
        if len(group) < 2:
            continue
        names = [sorted_words[organisation.pk] for organisation in group]
        scores = process.cdist(
            names, names, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, dtype="uint8"
        )
        for i, j in zip(*scores.nonzero(), strict=True):
            if i >= j:
                continue
            first, second = group[i], group[j]
            key = (min(first.pk, second.pk), max(first.pk, second.pk))
            if key in pairs or _distinct_bodies(first, second, folded[first.pk], folded[second.pk]):
                continue
            pairs[key] = _pair(first, second, _("Names alike"), int(scores[i, j]))
    return sorted(pairs.values(), key=lambda pair: (-pair.score, pair.first.name, pair.first.pk))


def merge_url(keep: Organisation, remove: Organisation) -> str:
    return reverse("admin:registry_quality_merge", args=[keep.pk, remove.pk])


# The report -----------------------------------------------------------------------------


def _network_rows(networks: Iterable[Network]) -> list[Row]:
    return [Row(label=n.name, url=_admin_url(n), cells=[n.name, n.slug]) for n in networks]


def _membership_rows(memberships: Iterable[Membership]) -> list[Row]:
    return [
        Row(
            label=f"{m.organisation.name} – {m.network.name}",
            url=_admin_url(m),
            detail=m.get_role_display(),
            cells=[m.network.name, m.organisation.name, m.get_role_display(), m.period_display],
        )
        for m in memberships
    ]


def _counted(queryset: QuerySet, limit: int | None) -> tuple[int, list]:
    rows = list(_limited(queryset, limit))
    if limit is None or len(rows) < limit:
        return len(rows), rows
    return queryset.count(), rows


def quality_report(*, limit: int | None = PAGE_ROWS) -> list[Finding]:
    """Every kind of finding with its count and its first `limit` rows (all when None)."""
    findings = []
    count, networks = _counted(networks_without_convener(), limit)
    findings.append(
        Finding(
            key="no-convener",
            sheet=_("Without a convener"),
            title=_("Networks without a convener"),
            why=_("Nobody is named as responsible for calling the network together."),
            columns=[_("Network"), _("Key")],
            count=count,
            rows=_network_rows(networks),
        )
    )
    count, networks = _counted(networks_without_members(), limit)
    findings.append(
        Finding(
            key="no-members",
            sheet=_("Without members"),
            title=_("Networks without members"),
            why=_("An open network whose page lists no organisation."),
            columns=[_("Network"), _("Key")],
            count=count,
            rows=_network_rows(networks),
        )
    )
    count, memberships = _counted(memberships_without_start(), limit)
    findings.append(
        Finding(
            key="no-start",
            sheet=_("Without a start date"),
            title=_("Memberships without a start date"),
            why=_("The public page cannot say since when, nor history before when."),
            columns=[_("Network"), _("Organisation"), _("Role"), _("Period")],
            count=count,
            rows=_membership_rows(memberships),
        )
    )
    count, memberships = _counted(joint_conveners_alone(), limit)
    findings.append(
        Finding(
            key="joint-alone",
            sheet=_("Joint convener alone"),
            title=_("Joint conveners without a partner"),
            why=_("A network convened jointly has at least two joint conveners."),
            columns=[_("Network"), _("Organisation"), _("Role"), _("Period")],
            count=count,
            rows=_membership_rows(memberships),
        )
    )
    count, organisations = _counted(organisations_unreviewed(), limit)
    findings.append(
        Finding(
            key="unreviewed",
            sheet=_("Not reviewed"),
            title=_("Organisations created by an import and not reviewed"),
            why=_("They stay off the public site until someone has checked them."),
            columns=[_("Organisation"), _("Key")],
            count=count,
            rows=[
                Row(label=o.name, url=_admin_url(o), cells=[o.name, o.slug]) for o in organisations
            ],
        )
    )
    uses = former_names_in_prose()
    findings.append(
        Finding(
            key="former-names",
            sheet=_("Former names in text"),
            title=_("Text that uses a former name"),
            why=_("The text names an organisation by a name it no longer has."),
            columns=[_("Where"), _("Field"), _("Former name"), _("Current name")],
            count=len(uses),
            rows=[
                Row(
                    label=str(use.obj),
                    url=_admin_url(use.obj),
                    detail=_("“%(former)s” → “%(current)s”")
                    % {"former": use.former.name, "current": use.current},
                    action_url=fix_url(use),
                    action_label=_("Replace"),
                    cells=[
                        str(use.obj),
                        str(use.obj._meta.get_field(use.field).verbose_name),
                        use.former.name,
                        use.current,
                    ],
                )
                for use in _limited_list(uses, limit)
            ],
        )
    )
    pairs = duplicate_organisations()
    findings.append(
        Finding(
            key="duplicates",
            sheet=_("Possible duplicates"),
            title=_("Organisations that may be the same"),
            why=_(
                "The same organisation number, or names nearly alike. Two organisation "
                "numbers or municipality codes, or two municipalities named, are two bodies."
            ),
            columns=[_("Organisation"), _("Organisation"), _("Why"), _("Likeness")],
            count=len(pairs),
            rows=[
                Row(
                    label=f"{pair.first.name} / {pair.second.name}",
                    url=_admin_url(pair.first),
                    detail=pair.reason,
                    action_url=merge_url(pair.first, pair.second),
                    action_label=_("Merge"),
                    cells=[pair.first.name, pair.second.name, pair.reason, str(pair.score)],
                )
                for pair in _limited_list(pairs, limit)
            ],
        )
    )
    return findings


def _limited_list(items: list, limit: int | None) -> list:
    return items if limit is None else items[:limit]
