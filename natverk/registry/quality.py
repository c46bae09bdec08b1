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

from django.db.models import Count, Model, Q, QuerySet
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
COUNTIES_CSV = MUNICIPALITIES_CSV.with_name("counties.csv")

#: The prose the public pages and the secretariat read, model by model.
PROSE_FIELDS: list[tuple[type[Model], tuple[str, ...]]] = [
    (
        Network,
        ("introduction", "introduction_en", "purpose", "purpose_en", "audience", "audience_en"),
    ),
    # An organisation's own notes are left out: they record sources and history ("in
    # Ekonomistyrningsverket's register", "withdrew from Kommunförbundet Skåne in 2019").
    (Membership, ("note",)),
    (Relation, ("note",)),
    (PageSettings, ("introduction", "introduction_en")),
]

#: What a row of prose is named by, read with it (a membership is "Lund i SKUR").
PROSE_NAMED_BY: dict[type[Model], tuple[str, ...]] = {
    Membership: ("organisation", "network"),
    Relation: ("source", "target_network", "target_organisation"),
}


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


WORD = re.compile(r"\w+")


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


def uses_former_name(text: str, former: str, current: str) -> bool:
    """Whether the text names the organisation by its former name and not by its
    current one: a text with both tells its history ("Skånes Kommuner, tidigare
    Kommunförbundet Skåne") and is right as it is."""
    if not former_name_spans(text, former, current):
        return False
    return not former_name_pattern(current).search(text)


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
    # A text's words find the names that may stand in it, by their first word; each is
    # then looked for on its own (one pattern of hundreds of names took long to build).
    by_first_word: dict[str, list[OrganisationName]] = defaultdict(list)
    for former in formers:
        first = WORD.findall(former.name)
        if first:
            by_first_word[first[0]].append(former)
    found: list[FormerNameUse] = []
    for model, fields in PROSE_FIELDS:
        written = Q()
        for name in fields:
            written |= ~Q(**{name: ""})
        rows = model._default_manager.filter(written).order_by("pk")
        if model in PROSE_NAMED_BY:
            rows = rows.select_related(*PROSE_NAMED_BY[model])
        else:  # named by their own name: only what is read
            rows = rows.only("pk", *fields, *(["name"] if model in (Network, Organisation) else []))
        for obj in rows:
            for name in fields:
                text = getattr(obj, name) or ""
                if not text:
                    continue
                for word in set(WORD.findall(text)) & by_first_word.keys():
                    for former in by_first_word[word]:
                        if uses_former_name(text, former.name, former.organisation.name):
                            found.append(FormerNameUse(obj=obj, field=name, former=former))
    return found


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
    if not uses_former_name(getattr(obj, field) or "", former.name, former.organisation.name):
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


def _words(name: str) -> str:
    """Case, spacing and punctuation folded, accents kept: "Håbo" is not "Habo"."""
    return " ".join(re.sub(r"[^\w]+", " ", normalise_name(name)).split())


def _fold(name: str) -> str:
    """Accents folded too: "Region Skåne" ~ "region skane"."""
    plain = unicodedata.normalize("NFKD", _words(name)).encode("ascii", "ignore").decode()
    return " ".join(plain.split())


@cache
def _places() -> frozenset[str]:
    """Sweden's municipalities and counties ("håbo", "västra götaland"), folded as
    `_words` folds, with and without the genitive s."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        names = {_words(row["name"]) for row in csv.DictReader(handle)}
    with COUNTIES_CSV.open(encoding="utf-8") as handle:
        names |= {
            _words(row["county_board_short"].removeprefix("Länsstyrelsen "))
            for row in csv.DictReader(handle)
        }
    return frozenset(names | {f"{name}s" for name in names if not name.endswith("s")})


def _places_named(words: str) -> set[str]:
    """The places a name names, as runs of one to three of its words."""
    split = words.split()
    runs = (" ".join(split[i : i + n]) for n in (1, 2, 3) for i in range(len(split) - n + 1))
    return {run.removesuffix("s") for run in runs if run in _places()}


@dataclass(frozen=True)
class _Listed:
    pk: int
    name: str
    org_number: str
    municipality_code: str


def _distinct_bodies(a: _Listed, b: _Listed) -> bool:
    """Pairs that are two bodies however alike their names: two organisation numbers or
    municipality codes; names that differ in a number (Leader 1 and Leader 2); or names
    that name two different places (Linköpings kommun and Lidköpings kommun, Företagarna
    Håbo and Företagarna Habo, Handelskammaren i Jämtland and i Värmland)."""
    for one, other in ((a.org_number, b.org_number), (a.municipality_code, b.municipality_code)):
        if one and other and one != other:
            return True
    words_a, words_b = _words(a.name), _words(b.name)
    if re.findall(r"\d+", words_a) != re.findall(r"\d+", words_b):
        return True
    places_a, places_b = _places_named(words_a), _places_named(words_b)
    return bool(places_a and places_b and places_a != places_b)


def duplicate_organisations() -> list[DuplicatePair]:
    """Organisations that may be one: the same organisation number, or names alike by
    `NAME_SIMILARITY`. Two queries; names are compared within groups of the same first
    letter, so the work grows with the square of a letter's share, not of the register."""
    listed = [
        _Listed(*row)
        for row in Organisation.objects.order_by("pk").values_list(
            "pk", "name", "org_number", "municipality_code"
        )
    ]
    found: dict[tuple[int, int], tuple[str, int]] = {}  # (older, newer): (why, score)
    by_number: dict[str, list[_Listed]] = defaultdict(list)
    for organisation in listed:
        if organisation.org_number:
            by_number[organisation.org_number].append(organisation)
    for number, same in by_number.items():
        reason = _("Same organisation number %(number)s") % {"number": number}
        for index, first in enumerate(same):
            for second in same[index + 1 :]:
                found[(first.pk, second.pk)] = (reason, 100)
    # Sorted words, so "Kommun Lund" meets "Lund kommun" in the same group.
    sorted_words = {o.pk: " ".join(sorted(_fold(o.name).split())) for o in listed}
    groups: dict[str, list[_Listed]] = defaultdict(list)
    for organisation in listed:
        groups[sorted_words[organisation.pk][:1]].append(organisation)
    for group in groups.values():
        if len(group) < 2:
            continue
        names = [sorted_words[organisation.pk] for organisation in group]
        scores = process.cdist(
            names, names, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, dtype="uint8"
        )
        for i, j in zip(*scores.nonzero(), strict=True):
            first, second = group[i], group[j]  # in the order of their keys: older first
            if i >= j or (first.pk, second.pk) in found or _distinct_bodies(first, second):
                continue
            found[(first.pk, second.pk)] = (_("Names alike"), int(scores[i, j]))
    organisations = Organisation.objects.in_bulk({pk for pair in found for pk in pair})
    pairs = [
        DuplicatePair(organisations[older], organisations[newer], reason, score)
        for (older, newer), (reason, score) in found.items()
    ]
    return sorted(pairs, key=lambda pair: (-pair.score, pair.first.name, pair.first.pk))


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
