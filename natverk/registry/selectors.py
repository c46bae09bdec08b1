"""Reads of the register. Each list costs a fixed number of queries, whatever its length."""

import datetime

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
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

from natverk.registry.enums import CONVENING_ROLES, HomeRole
from natverk.registry.models import (
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
    normalise_name,
)


def with_home_role(networks: QuerySet[Network], on: datetime.date | None = None) -> QuerySet:
    """Annotate `home_role`: whether the home organisation drives, takes part in, or is
    absent from each network, from its current memberships. Never stored."""
    on = on or timezone.localdate()
    home = Membership.objects.current(on).filter(
        network=OuterRef("pk"), organisation__slug=settings.NATVERK_HOME_ORGANISATION
    )
    return networks.annotate(
        home_role=Case(
            When(Exists(home.filter(role__in=CONVENING_ROLES)), then=Value(HomeRole.DRIVES)),
            When(Exists(home), then=Value(HomeRole.TAKES_PART)),
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
        queryset=memberships.select_related("organisation").order_by(
            "position", "organisation__name"
        ),
        to_attr="current_memberships",
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
