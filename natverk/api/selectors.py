"""The register as open data: what the public site shows, and no more.

Every read here starts from a public queryset: public networks, the memberships and
relations of public networks, public meetings of public networks. Nothing is read from
`people`, and no internal field (notes, review flags) leaves this module's callers'
hands, because the serializers and datasets name the fields they publish one by one.
Each list costs a fixed number of queries, whatever its length."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from natverk.meetings.models import Meeting, MeetingNetwork
from natverk.registry.enums import CONVENING_ROLES, HomeRole, OrganisationKind
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    Relation,
    membership_order,
)


def prefetched(obj: object, name: str) -> list:
    """What a selector here prefetched onto the object under `name` (`to_attr`)."""
    return getattr(obj, name)


# Networks ------------------------------------------------------------------------------


# What a list shows of a network or an organisation it names: reading no more makes a
# national list several times faster (fewer columns to convert, smaller objects).
NAMED = ("slug", "name")


def _named(*relations: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [f"{relation}__{field}" for relation in relations for field in (*NAMED, *extra)]


def public_relations() -> QuerySet[Relation]:
    """Relations from a public network. One to a network that is not public names it
    and no more, as the public network page does (a body not yet reviewed, known only
    from a mention); callers show its key and details only when it is public."""
    return (
        Relation.objects.filter(source__is_public=True)
        .select_related("source", "target_network", "target_organisation")
        .only(
            "kind",
            "source_id",
            "target_network_id",
            "target_organisation_id",
            *_named("source", "target_network", extra=("is_public",)),
            *_named("target_organisation"),
        )
    )


@dataclass(frozen=True)
class Named:
    """A network or an organisation as a list names it."""

    slug: str
    name: str


@dataclass(frozen=True)
class MembershipRow:
    """A membership as a network's list shows it: read as plain values, since a page of
    networks holds thousands of them and making a model object of each (and of its
    organisation) cost more than all the rest of the page."""

    organisation: Named
    role: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    described_as: str

    def is_current(self, on: datetime.date) -> bool:
        return (self.start_date is None or self.start_date <= on) and (
            self.end_date is None or self.end_date >= on
        )


def with_memberships(networks: list[Network]) -> list[Network]:
    """The networks, each with every membership (current, former, future) in the order
    its page lists them, as `all_memberships`. One query."""
    rows: dict[int, list[MembershipRow]] = {network.pk: [] for network in networks}
    for network_id, slug, name, role, start, end, described_as in (
        Membership.objects.filter(network_id__in=rows, organisation__needs_review=False)
        .order_by("network_id", *membership_order(), "start_date")
        .values_list(
            "network_id", "organisation__slug", "organisation__name", "role", "start_date",
            "end_date", "described_as",
        )
    ):  # fmt: skip
        rows[network_id].append(MembershipRow(Named(slug, name), role, start, end, described_as))
    for network in networks:
        network.all_memberships = rows[network.pk]  # type: ignore[attr-defined]
    return networks


def home_role(memberships: list[MembershipRow], on: datetime.date) -> HomeRole:
    """What the home organisation does in a network, from its memberships already read:
    as `registry.selectors.with_home_role` says it in a query."""
    home = [
        m
        for m in memberships
        if m.organisation.slug == settings.NATVERK_HOME_ORGANISATION and m.is_current(on)
    ]
    if any(m.role in CONVENING_ROLES for m in home):
        return HomeRole.DRIVES
    return HomeRole.TAKES_PART if home else HomeRole.NONE


def public_networks() -> QuerySet[Network]:
    """Public networks with their focus areas and their public relations both ways.
    Their memberships come from `with_memberships()` once the networks to show are
    known; the home organisation's role is `home_role()` of those."""
    return Network.objects.public().prefetch_related(
        Prefetch("focus_tags", queryset=FocusTag.objects.order_by("slug")),
        Prefetch("relations", queryset=public_relations().order_by("pk"), to_attr="outgoing"),
        Prefetch(
            "incoming_relations", queryset=public_relations().order_by("pk"), to_attr="incoming"
        ),
    )


def organisation_and_groupings(slug: str, on: datetime.date | None = None) -> set[int]:
    """The organisation with this key and the groupings it belongs to now, directly or
    through the bodies it belongs to: those that stand for it in a network ("Skånes fyra
    hörn" for Lund, through MalmöLundregionen). An association that sits in a network
    speaks for itself, not for its members, as on the public organisation page. Two
    queries."""
    itself = set(Organisation.objects.filter(slug=slug).values_list("pk", flat=True))
    up: dict[int, list[int]] = {}
    groupings: set[int] = set()
    for member_id, group_id, kind in Affiliation.objects.current(on).values_list(
        "member_id", "group_id", "group__kind"
    ):
        up.setdefault(member_id, []).append(group_id)
        if kind == OrganisationKind.GROUPING:
            groupings.add(group_id)
    ancestors: set[int] = set()
    frontier = list(itself)
    while frontier:
        for group_id in up.get(frontier.pop(), []):
            if group_id not in ancestors:
                ancestors.add(group_id)
                frontier.append(group_id)
    return itself | (ancestors & groupings)


def networks_filtered(
    networks: QuerySet[Network],
    *,
    member: str = "",
    convener: str = "",
    on: datetime.date | None = None,
) -> QuerySet[Network]:
    """Networks an organisation (by key) is a current member of, itself or through a
    grouping it belongs to; or that it convenes now."""
    current = Membership.objects.current(on)
    if member:
        members = organisation_and_groupings(member, on)
        networks = networks.filter(
            Exists(current.filter(network=OuterRef("pk"), organisation_id__in=members))
        )
    if convener:
        networks = networks.filter(
            Exists(
                current.filter(
                    network=OuterRef("pk"),
                    organisation__slug=convener,
                    role__in=CONVENING_ROLES,
                )
            )
        )
    return networks


def networks_changed_since(moment: datetime.datetime) -> Q:
    """Networks whose own details, memberships or relations changed at or after `moment`."""
    relations = Relation.history.filter(history_date__gte=moment)
    return (
        Q(pk__in=Network.history.filter(history_date__gte=moment).values("id"))
        | Q(pk__in=Membership.history.filter(history_date__gte=moment).values("network_id"))
        | Q(pk__in=relations.values("source_id"))
        | Q(pk__in=relations.exclude(target_network_id=None).values("target_network_id"))
    )


def public_focus_tags() -> QuerySet[FocusTag]:
    """The focus areas public networks have."""
    return FocusTag.objects.filter(
        Exists(Network.objects.public().filter(focus_tags=OuterRef("pk")))
    ).order_by("slug")


# Organisations -------------------------------------------------------------------------


def public_organisations(on: datetime.date | None = None) -> QuerySet[Organisation]:
    """Every organisation (the public site lists them all), with its other names, the
    groups it belongs to now, what it contains now, and its current memberships of public
    networks."""
    current = Affiliation.objects.current(on)
    return (
        Organisation.objects.public()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "other_names",
                queryset=OrganisationName.objects.order_by("kind", "replaced_on", "name"),
                to_attr="names",
            ),
            Prefetch(
                "affiliations",
                queryset=current.select_related("group")
                .only("member_id", *_named("group"))
                .order_by("group__name"),
                to_attr="current_groups",
            ),
            Prefetch(
                "member_affiliations",
                queryset=current.select_related("member")
                .only("group_id", *_named("member"))
                .order_by("member__name"),
                to_attr="current_contents",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.current(on)
                .filter(network__is_public=True)
                .select_related("network")
                .only("organisation_id", "role", "start_date", "end_date", *_named("network"))
                .order_by("network__name"),
                to_attr="public_memberships",
            ),
        )
    )


def organisations_changed_since(moment: datetime.datetime) -> Q:
    """Organisations whose details, names, groups or memberships changed at or after it."""
    affiliations = Affiliation.history.filter(history_date__gte=moment)
    return (
        Q(pk__in=Organisation.history.filter(history_date__gte=moment).values("id"))
        | Q(
            pk__in=OrganisationName.history.filter(history_date__gte=moment).values(
                "organisation_id"
            )
        )
        | Q(pk__in=affiliations.values("member_id"))
        | Q(pk__in=affiliations.values("group_id"))
        | Q(pk__in=Membership.history.filter(history_date__gte=moment).values("organisation_id"))
    )


# Memberships and relations -------------------------------------------------------------


def public_memberships() -> QuerySet[Membership]:
    """Every membership of a public network, current, former and future."""
    return (
        Membership.objects.filter(network__is_public=True, organisation__needs_review=False)
        .select_related("network", "organisation")
        .only(
            "role", "start_date", "end_date", "described_as", "network_id", "organisation_id",
            *_named("network"), *_named("organisation"),
        )
    )  # fmt: skip


def memberships_changed_since(moment: datetime.datetime) -> Q:
    return Q(pk__in=Membership.history.filter(history_date__gte=moment).values("id"))


def relations_changed_since(moment: datetime.datetime) -> Q:
    return Q(pk__in=Relation.history.filter(history_date__gte=moment).values("id"))


# Meetings ------------------------------------------------------------------------------


def _public_links() -> QuerySet[MeetingNetwork]:
    return MeetingNetwork.objects.filter(network__is_public=True).select_related("network")


def public_meetings() -> QuerySet[Meeting]:
    """Public, dated meetings of at least one public network, with those networks only.
    Attendees, invitations, venues (a digital meeting's link), descriptions and agendas
    are not part of it: the public calendar feeds say as much and no more."""
    return (
        Meeting.objects.public()
        .dated()
        .filter(Exists(_public_links().filter(meeting=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "meetingnetwork_set",
                queryset=_public_links().order_by("-leading", "network__name"),
                to_attr="public_links",
            )
        )
    )


def meetings_changed_since(moment: datetime.datetime) -> Q:
    return Q(pk__in=Meeting.history.filter(history_date__gte=moment).values("id")) | Q(
        pk__in=MeetingNetwork.history.filter(history_date__gte=moment).values("meeting_id")
    )


# When each dataset last changed ----------------------------------------------------------


def _latest(*querysets: QuerySet) -> datetime.datetime | None:
    moments = [qs.aggregate(latest=Max("history_date"))["latest"] for qs in querysets]
    return max((moment for moment in moments if moment), default=None)


def _ever_public_networks() -> QuerySet:
    return Network.history.filter(is_public=True).values("id")


def dataset_last_updated() -> dict[str, datetime.datetime | None]:
    """Per dataset of the open-data page, the newest change to what it holds or has held
    (a network made private since counts: its rows left the dataset then)."""
    networks = _ever_public_networks()
    network_history = Network.history.filter(id__in=networks)
    meetings = Meeting.history.filter(is_public=True).values("id")
    names = _latest(Organisation.history.all())
    memberships = _latest(Membership.history.filter(network_id__in=networks))
    networks_changed = _latest(network_history, FocusTag.history.all())
    return {
        "networks": _max(networks_changed, memberships, names),
        "organisations": _max(
            names, _latest(OrganisationName.history.all(), Affiliation.history.all())
        ),
        "memberships": _max(memberships, networks_changed, names),
        "relations": _max(
            _latest(Relation.history.filter(source_id__in=networks)), networks_changed, names
        ),
        "meetings": _max(
            _latest(
                Meeting.history.filter(id__in=meetings),
                MeetingNetwork.history.filter(meeting_id__in=meetings),
            ),
            networks_changed,
        ),
    }


def _max(*moments: datetime.datetime | None) -> datetime.datetime | None:
    return max((moment for moment in moments if moment), default=None)


# For the Popolo export --------------------------------------------------------------------


def public_network_list() -> QuerySet[Network]:
    """Public networks alone, without their relations to other rows."""
    return (
        Network.objects.public()
        .only(
            "slug",
            "name",
            "name_en",
            "short_name",
            "founded_on",
            "closed_on",
            "contact_email",
            "contact_url",
        )
        .order_by("slug")
    )


def organisations_with_names() -> QuerySet[Organisation]:
    return (
        Organisation.objects.public()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "other_names",
                queryset=OrganisationName.objects.order_by("kind", "replaced_on", "name"),
                to_attr="names",
            )
        )
        .order_by("slug")
    )


def affiliations() -> QuerySet[Affiliation]:
    """Every affiliation, past and present: which organisations a grouping contained."""
    return (
        Affiliation.objects.select_related("member", "group")
        .only("start_date", "end_date", "member_id", "group_id", "member__slug", "group__slug")
        .order_by("pk")
    )
