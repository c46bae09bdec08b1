"""Reads of the register. Each list costs a fixed number of queries, whatever its length."""

import datetime

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from rapidfuzz import fuzz, process

from natverk.registry.enums import (
    CONVENING_ROLES,
    HomeRole,
    NameKind,
    NetworkStatus,
    OrganisationKind,
)
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
    membership_order,
    normalise_name,
)


def with_home_role(networks: QuerySet[Network], on: datetime.date | None = None) -> QuerySet:
    """Annotate `home_role`: whether the home organisation drives, takes part in, or is
    absent from each network, from its current memberships. Never stored."""
    on = on or timezone.localdate()
    # The home organisation's networks, listed once (an IN subquery, not one per
    # network: the home organisation sits in thousands of networks at national scale).
    home = Membership.objects.current(on).filter(
        organisation__slug=settings.NATVERK_HOME_ORGANISATION
    )
    return networks.annotate(
        home_role=Case(
            When(
                pk__in=home.filter(role__in=CONVENING_ROLES).values("network_id"),
                then=Value(HomeRole.DRIVES),
            ),
            When(pk__in=home.values("network_id"), then=Value(HomeRole.TAKES_PART)),
            default=Value(HomeRole.NONE),
        )
    )


def _current_memberships_count(of: str, on: datetime.date | None = None):
    """The number of current memberships of each row, as a subquery per row on the
    indexed key (a join and COUNT DISTINCT over every membership took seconds)."""
    counted = (
        Membership.objects.current(on)
        .filter(**{of: OuterRef("pk")})
        .order_by()
        .values(of)
        .annotate(rows=Count("pk"))
        .values("rows")
    )
    return Coalesce(Subquery(counted), 0)


def with_current_member_count(networks: QuerySet[Network]) -> QuerySet:
    """Annotate `current_member_count`: a network's current memberships."""
    return networks.annotate(current_member_count=_current_memberships_count("network"))


def with_current_network_count(organisations: QuerySet[Organisation]) -> QuerySet:
    """Annotate `current_network_count`: an organisation's current memberships."""
    return organisations.annotate(current_network_count=_current_memberships_count("organisation"))


def network_home_role(network: Network, on: datetime.date | None = None) -> HomeRole:
    return HomeRole(with_home_role(Network.objects.filter(pk=network.pk), on).get().home_role)


def current_memberships_prefetch(
    on: datetime.date | None = None, *, public: bool = False
) -> Prefetch:
    """Each network's current memberships in page order, as `current_memberships`;
    with `public`, only those of organisations the public site may show."""
    memberships = Membership.objects.current(on)
    if public:
        memberships = memberships.filter(organisation__needs_review=False)
    return Prefetch(
        "memberships",
        queryset=memberships.select_related("organisation").order_by(*membership_order()),
        to_attr="current_memberships",
    )


def memberships_in_page_order(network: Network, on: datetime.date | None = None):
    """The network's current memberships as its page lists them: by role, conveners
    first, then by the position the secretariat gave them."""
    return list(
        Membership.objects.current(on)
        .filter(network=network)
        .select_related("organisation")
        .order_by(*membership_order())
    )


def _latest(*querysets: QuerySet) -> datetime.datetime | None:
    moments = [qs.aggregate(latest=Max("history_date"))["latest"] for qs in querysets]
    return max((moment for moment in moments if moment), default=None)


def _ever_public_network_ids() -> QuerySet:
    return Network.history.filter(is_public=True).values("id")


def public_page_last_updated() -> datetime.datetime | None:
    """The latest change to anything the networks page shows or has shown: public
    networks (also those made private since), their memberships and relations, the
    organisations' names, focus areas and the page's own text."""
    public = _ever_public_network_ids()
    return _latest(
        Network.history.filter(id__in=public),
        Membership.history.filter(network_id__in=public),
        Organisation.history.all(),
        OrganisationName.history.all(),
        FocusTag.history.all(),
        PageSettings.history.all(),
    )


def network_last_updated(network: Network) -> datetime.datetime | None:
    return _latest(
        Network.history.filter(id=network.pk),
        Membership.history.filter(network_id=network.pk),
        Relation.history.filter(Q(source_id=network.pk) | Q(target_network_id=network.pk)),
    )


def organisation_last_updated(organisation: Organisation) -> datetime.datetime | None:
    return _latest(
        Organisation.history.filter(id=organisation.pk),
        OrganisationName.history.filter(organisation_id=organisation.pk),
        Membership.history.filter(organisation_id=organisation.pk),
    )


def organisations_last_updated() -> datetime.datetime | None:
    return _latest(Organisation.history.all(), Membership.history.all())


def organisation_name_holder(name: str, *, besides: Organisation | None = None):
    """The organisation other than `besides` that `name` already stands for (as its
    name, alias or former name), compared with case and spacing folded; or None."""
    key = normalise_name(name)
    others = Organisation.objects.exclude(pk=besides.pk) if besides else Organisation.objects
    named = OrganisationName.objects.filter(normalised=key).select_related("organisation")
    if besides is not None:
        named = named.exclude(organisation=besides)
    held = named.first()
    if held is not None:
        return held.organisation
    # Names are stored as written; iexact narrows, the folded form decides.
    for organisation in others.filter(name__iexact=" ".join(name.split())):
        if normalise_name(organisation.name) == key:
            return organisation
    return None


def network_address_holder(slug: str, *, besides: Network | None = None) -> Network | None:
    """The network other than `besides` whose address is, or was, `slug`; or None."""
    networks = Network.objects.exclude(pk=besides.pk) if besides else Network.objects.all()
    current = networks.filter(slug=slug).first()
    if current is not None:
        return current
    former = FormerNetworkAddress.objects.filter(slug=slug).select_related("network")
    if besides is not None:
        former = former.exclude(network=besides)
    held = former.first()
    return held.network if held else None


def public_network_moved_to(slug: str) -> str | None:
    """The address a public network has now, when `slug` is one it had before."""
    return (
        FormerNetworkAddress.objects.filter(slug=slug, network__is_public=True)
        .values_list("network__slug", flat=True)
        .first()
    )


def organisations_ranked(term: str, organisations: QuerySet, *, limit: int = 20) -> list[int]:
    """The organisations `term` names, best first, for choosing one: those whose name,
    short name or other name is the term (case and spacing folded), then those where
    one begins with it, then those where it appears, then close spellings (at most
    `limit` of these). Within a rank, shorter names first: the likelier meaning."""
    key = normalise_name(term)
    if not key:
        return list(organisations.values_list("pk", flat=True)[:limit])
    named = OrganisationName.objects.filter(normalised__contains=key).values("organisation")
    candidates = list(
        organisations.filter(
            Q(name__icontains=term.strip())
            | Q(short_name__icontains=term.strip())
            | Q(pk__in=named)
        ).values_list("pk", "name", "short_name")[:500]
    )
    others: dict[int, list[str]] = {}
    for organisation_id, normalised in OrganisationName.objects.filter(
        organisation_id__in=[pk for pk, _name, _short in candidates]
    ).values_list("organisation_id", "normalised"):
        others.setdefault(organisation_id, []).append(normalised)

    def rank(pk: int, name: str, short_name: str) -> tuple[int, int, str]:
        forms = [normalise_name(name), *others.get(pk, [])]
        if short_name:
            forms.append(normalise_name(short_name))
        if key in forms:
            return (0, len(name), name)
        if any(form.startswith(key) for form in forms):
            return (1, len(name), name)
        return (2, len(name), name)

    ranked = [pk for pk, *_ in sorted(candidates, key=lambda row: rank(*row))]
    if len(ranked) < limit and len(key) >= 4:
        # A misspelling ("Region Skone") still finds the organisation, after the rest.
        names = list(organisations.exclude(pk__in=ranked).values_list("pk", "name"))
        names += list(
            OrganisationName.objects.filter(
                organisation__in=organisations.exclude(pk__in=ranked)
            ).values_list("organisation_id", "name")
        )
        close = process.extract(
            key,
            {index: normalise_name(name) for index, (_pk, name) in enumerate(names)},
            scorer=fuzz.WRatio,
            score_cutoff=85,
            limit=limit * 2,
        )
        for _form, _score, index in close:
            pk = names[index][0]
            if pk not in ranked:
                ranked.append(pk)
    return ranked


def county_names() -> dict[str, str]:
    """Each county's name by its code ("12": "Skåne län"), from its county board."""
    names = {}
    for code, name in Organisation.objects.filter(
        kind=OrganisationKind.COUNTY_BOARD, county_code__gt=""
    ).values_list("county_code", "name"):
        name = name.removeprefix("Länsstyrelsen ").removeprefix("i ")
        names[code] = name if name.endswith(" län") else f"{name} län"
    return names


def former_names_of(organisation: Organisation) -> list[str]:
    """Former names, newest first, from other names already fetched with it."""
    former = [n for n in organisation.other_names.all() if n.kind == NameKind.FORMER]
    former.sort(key=lambda n: n.replaced_on or datetime.date.min, reverse=True)
    return [n.name for n in former]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier; the month's last day when it is shorter."""
    return months_after(day, -months)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has 28 days


def review_interval_months() -> int:
    """How often a network is to be reviewed (the page settings; 12 by default)."""
    return PageSettings.load().review_interval_months


def networks_review_due(
    on: datetime.date | None = None, *, months: int | None = None
) -> QuerySet[Network]:
    """Networks still running whose details nobody has checked within the review
    interval (or ever)."""
    on = on or timezone.localdate()
    since = months_before(on, months or review_interval_months())
    return Network.objects.exclude(status=NetworkStatus.CLOSED).filter(
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=since)
    )


def networks_review_reminder_due(on: datetime.date | None = None) -> QuerySet[Network]:
    """Networks due for review whose coordinators have not been reminded in this
    interval: one reminder every interval for as long as nobody reviews it."""
    on = on or timezone.localdate()
    months = review_interval_months()
    since = months_before(on, months)
    return networks_review_due(on, months=months).filter(
        Q(review_reminded_on__isnull=True) | Q(review_reminded_on__lte=since)
    )


def groupings_with_members() -> QuerySet[Organisation]:
    """Organisations that others belong to: groupings and associations."""
    return Organisation.objects.filter(pk__in=Affiliation.objects.values("group")).order_by("name")


def members_of_grouping(grouping: Organisation, on: datetime.date | None = None) -> list:
    """The organisations that belong to `grouping` on the day `on` (today by default)."""
    return [
        affiliation.member
        for affiliation in Affiliation.objects.current(on)
        .filter(group=grouping)
        .select_related("member")
    ]


def municipalities_of_county(county_code: str) -> QuerySet[Organisation]:
    """The municipalities of a county that exist now."""
    return Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, county_code=county_code, end_date__isnull=True
    )
