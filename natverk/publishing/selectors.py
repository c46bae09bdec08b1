"""What the public pages show. Public data only: nothing from `people` is read here.

Each selector costs a fixed number of queries, whatever the size of the register."""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from natverk.meetings.enums import MeetingStatus
from natverk.meetings.models import Meeting, MeetingDocument, MeetingNetwork
from natverk.publishing.collation import swedish_key
from natverk.publishing.models import SitePages
from natverk.publishing.search import (
    closest_name,
    matching_network_ids,
    matching_organisations,
    query_words,
)
from natverk.registry.enums import CONVENING_ROLES, HomeRole, NameKind, OrganisationKind
from natverk.registry.models import (
    Affiliation,
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    PageSettings,
    Relation,
)
from natverk.registry.selectors import (
    current_memberships_prefetch,
    with_home_role,
)

RECENT_RENAME_YEARS = 10


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same date so many years earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def recent_former_names(organisation_ids) -> dict[int, str]:
    """The latest former name of each organisation renamed in the last ten years, for
    showing it once beside the current name."""
    since = years_before(timezone.localdate(), RECENT_RENAME_YEARS)
    names: dict[int, tuple] = {}
    for organisation_id, name, replaced_on in OrganisationName.objects.filter(
        organisation_id__in=organisation_ids, kind=NameKind.FORMER, replaced_on__gte=since
    ).values_list("organisation_id", "name", "replaced_on"):
        if organisation_id not in names or names[organisation_id][1] < replaced_on:
            names[organisation_id] = (name, replaced_on)
    return {organisation_id: name for organisation_id, (name, _date) in names.items()}


PUBLIC_HISTORIES = [
    Network.history.model,
    Membership.history.model,
    Relation.history.model,
    Organisation.history.model,
    OrganisationName.history.model,
    Affiliation.history.model,
    FocusTag.history.model,
    PageSettings.history.model,
    Meeting.history.model,
    MeetingNetwork.history.model,
    MeetingDocument.history.model,
]


def public_data_changed_at() -> datetime.datetime | None:
    """The last change to anything a public page shows: the newest entry of all the
    history tables, each read from its history_date index. Every public request asks,
    so this is one small query in plain SQL (building it with the ORM took longer than
    running it)."""
    quote = connection.ops.quote_name
    newest = " UNION ALL ".join(
        f"SELECT MAX(history_date) AS latest FROM {quote(h._meta.db_table)}"  # noqa: S608 - table names from the models
        for h in PUBLIC_HISTORIES
    )
    sql = f"SELECT MAX(latest) FROM ({newest}) AS newest"  # noqa: S608 - built from model table names only
    with connection.cursor() as cursor:
        cursor.execute(sql)
        (latest,) = cursor.fetchone()
    if isinstance(latest, str):  # SQLite gives the text it stored, in UTC
        parsed = parse_datetime(latest)
        return parsed.replace(tzinfo=datetime.UTC) if parsed else None
    return latest


# The networks page -----------------------------------------------------------------


@dataclass
class NetworksPage:
    settings: PageSettings
    sections: list[tuple[str, list[Network]]]  # (home role, networks) in page order
    former_names: dict[int, str]
    member_kinds: dict[int, list[str]] = field(default_factory=dict)
    count: int = 0
    searched_words: list[str] = field(default_factory=list)
    only_stop_words: bool = False
    query: str = ""
    organisations: list[Organisation] = field(default_factory=list)
    suggestion: str | None = None  # "Menade du …" when the search found nothing


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values the filters offer: focus areas, conveners and members of public
    networks, in Swedish order."""
    focus = [
        (t.slug, t.display_name)
        for t in FocusTag.objects.filter(networks__is_public=True).distinct()
    ]
    current = Membership.objects.current().filter(network__is_public=True)
    conveners = (
        Organisation.objects.public()
        .filter(memberships__in=current.filter(role__in=CONVENING_ROLES))
        .distinct()
    )
    members = Organisation.objects.public().filter(memberships__in=current).distinct()
    return {
        "focus_choices": sorted(focus, key=lambda c: swedish_key(c[1])),
        "convener_choices": sorted(
            conveners.values_list("slug", "name"), key=lambda c: swedish_key(c[1])
        ),
        "member_choices": sorted(
            members.values_list("slug", "name"), key=lambda c: swedish_key(c[1])
        ),
    }


def empty_networks_page() -> NetworksPage:
    return NetworksPage(settings=PageSettings.load(), sections=[], former_names={})


def site_page_owner() -> str:
    return PageSettings.load().page_owner


def site_pages() -> SitePages:
    return SitePages.load()


def networks_page(
    filters: dict | None = None,
    *,
    narrowed: bool = False,
    page_number: int = 1,
    per_page: int | None = None,
) -> NetworksPage:
    """The networks to list, grouped by the home organisation's role. Without filters:
    those it drives and takes part in. `filters` holds the cleaned filter form. With
    `per_page`, the sections hold page `page_number` of the list only (`count` is of the
    whole): the members are read for the networks shown, not for every one that matches."""
    filters = filters or {}
    networks = with_home_role(Network.objects.public())
    words: list[str] = []
    only_stop_words = False
    if filters.get("q"):
        words = query_words(filters["q"])
        if words:
            networks = networks.filter(pk__in=matching_network_ids(words))
        else:
            only_stop_words = True
    if filters.get("fokus"):
        networks = networks.filter(focus_tags__slug=filters["fokus"])
    if filters.get("funktion"):
        networks = networks.filter(function=filters["funktion"])
    if filters.get("ambition"):
        networks = networks.filter(ambition_level=filters["ambition"])
    current = Membership.objects.current()
    if filters.get("sammankallande"):
        networks = networks.filter(
            memberships__in=current.filter(
                role__in=CONVENING_ROLES, organisation__slug=filters["sammankallande"]
            )
        )
    if filters.get("medlem"):
        networks = networks.filter(
            memberships__in=current.filter(organisation__slug=filters["medlem"])
        )
    role = filters.get("roll") or ""
    if role in HomeRole.values:
        networks = networks.filter(home_role=role)
    elif role != "alla" and not narrowed:
        networks = networks.exclude(home_role=HomeRole.NONE)
    roles = (HomeRole.DRIVES, HomeRole.TAKES_PART, HomeRole.NONE)
    listed = sorted(networks.distinct(), key=lambda n: swedish_key(n.display_name))
    shown = [n for role in roles for n in listed if n.home_role == role]
    if per_page is not None:
        shown = shown[(page_number - 1) * per_page : page_number * per_page]
    prefetch_related_objects(shown, current_memberships_prefetch(public=True), "focus_tags")
    sections = [(role, [n for n in shown if n.home_role == role]) for role in roles]
    organisation_ids = {m.organisation_id for n in shown for m in n.current_memberships}
    organisations = matching_organisations(words) if words else []
    suggestion = None
    if words and not listed and not organisations:
        suggestion = closest_name(filters["q"], searchable_names())
    return NetworksPage(
        settings=PageSettings.load(),
        sections=[(role, members) for role, members in sections if members],
        former_names=recent_former_names(organisation_ids),
        member_kinds=represented_member_kinds(shown),
        count=len(listed),
        searched_words=words,
        only_stop_words=only_stop_words,
        query=filters.get("q") or "",
        organisations=organisations,
        suggestion=suggestion,
    )


def searchable_names() -> list[str]:
    """The names a search may have been meant for: public networks, organisations and
    focus areas."""
    return [
        *Network.objects.public().values_list("name", flat=True),
        *Organisation.objects.public().values_list("name", flat=True),
        *FocusTag.objects.values_list("name", flat=True),
    ]


def represented_member_kinds(networks: list[Network]) -> dict[int, list[str]]:
    """For the one member of each network that names whom it is for, the kinds of that
    member's own current members (Skånes Kommuner: 33 municipalities), so the sentence
    can say whose people take part through it."""
    ids = {
        network.current_memberships[0].organisation_id
        for network in networks
        if len(network.current_memberships) == 1 and (network.audience or network.audience_en)
    }
    kinds: dict[int, list[str]] = {}
    if ids:
        for group_id, kind in (
            Affiliation.objects.current()
            .filter(group_id__in=ids, member__needs_review=False)
            .values_list("group_id", "member__kind")
        ):
            kinds.setdefault(group_id, []).append(kind)
    return kinds


# One network -------------------------------------------------------------------------


@dataclass
class NetworkDetail:
    network: Network
    outgoing: list[Relation]
    incoming: list[Relation]
    meetings: list[Meeting]  # public, from today on
    past_meetings: list[Meeting]  # public, the latest held, with their public documents
    former_memberships: list[Membership] = field(default_factory=list)  # ended, latest first
    renames: list[tuple[str, str, datetime.date]] = field(default_factory=list)  # old, new, on


def public_network(slug: str) -> NetworkDetail:
    network = (
        with_home_role(Network.objects.public())
        .prefetch_related(current_memberships_prefetch(public=True), "focus_tags")
        .filter(slug=slug)
        .first()
    )
    if network is None:
        raise Http404
    # Conveners first, whatever order the members were typed in.
    network.current_memberships.sort(key=lambda m: m.role not in CONVENING_ROLES)
    relations = Relation.objects.select_related(
        "source", "target_network", "target_organisation"
    ).filter(Q(source=network) | Q(target_network=network))
    outgoing = [r for r in relations if r.source_id == network.pk]
    incoming = [r for r in relations if r.target_network_id == network.pk and r.source.is_public]
    return NetworkDetail(
        network=network,
        outgoing=outgoing,
        incoming=incoming,
        meetings=upcoming_public_meetings(network),
        past_meetings=past_public_meetings(network),
        former_memberships=list(
            Membership.objects.filter(
                network=network,
                end_date__lt=timezone.localdate(),
                organisation__needs_review=False,
            )
            .select_related("organisation")
            .order_by("-end_date", "organisation__name")
        ),
        renames=network_renames(network),
    )


def network_renames(network: Network) -> list[tuple[str, str, datetime.date]]:
    """The network's earlier names from its history: (old name, new name, day), oldest
    first."""
    renames = []
    previous = None
    for name, moment in (
        Network.history.filter(id=network.pk)
        .order_by("history_date", "history_id")
        .values_list("name", "history_date")
    ):
        if previous is not None and name != previous:
            renames.append((previous, name, timezone.localdate(moment)))
        previous = name
    return renames


def past_public_meetings(network: Network, *, limit: int = 5) -> list[Meeting]:
    """The network's latest public meetings before today, with their public documents
    (minutes, presentations)."""
    return list(
        Meeting.objects.public()
        .filter(networks=network, start__lt=today_begins())
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "documents",
                # Public ones, minutes once approved.
                queryset=MeetingDocument.objects.published().only(
                    "pk", "meeting_id", "title", "kind"
                ),
                to_attr="public_documents",
            )
        )
        .order_by("-start")[:limit]
    )


def upcoming_public_meetings(network: Network, *, limit: int = 10) -> list[Meeting]:
    """The network's public meetings from today on, with the networks they join. By day,
    not by the minute, so that a page cached for the day stays true."""
    meetings = list(
        Meeting.objects.public()
        .filter(networks=network, start__gte=today_begins())
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "meetingnetwork_set",
                queryset=MeetingNetwork.objects.select_related("network").filter(
                    network__is_public=True
                ),
            )
        )
        .order_by("start")[:limit]
    )
    for meeting in meetings:
        meeting.joint_with = [
            link.network for link in meeting.meetingnetwork_set.all() if link.network != network
        ]
    return meetings


# Organisations -------------------------------------------------------------------------


# Past this many organisations the index is shown one initial letter at a time (A–Ö),
# so that no page of it grows past ~100 KB.
ORGANISATIONS_ON_ONE_PAGE = 400
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
OTHER_INITIAL = "#"  # names that begin with a digit or a sign


def initial(name: str) -> str:
    """The letter a name is listed under: its first letter, without accents other than
    å, ä and ö (Émile under E); OTHER_INITIAL for a digit or a sign."""
    first = name.strip()[:1].upper()
    if first in ALPHABET:
        return first
    bare = unicodedata.normalize("NFD", first)[:1]
    return bare if bare and bare in ALPHABET else OTHER_INITIAL


@dataclass
class OrganisationIndex:
    groups: list[tuple[str, list[Organisation]]]  # (kind, organisations) of the letter
    letters: list[tuple[str, bool]]  # (letter, whether any organisation has it); or []
    letter: str = ""  # the letter shown, when the index is by letter


def organisation_index(letter: str = "") -> OrganisationIndex:
    """The organisations by kind, with how many public networks each sits in now; past
    ORGANISATIONS_ON_ONE_PAGE, only those whose name begins with `letter` (the first
    letter that has any, without one)."""
    public = Organisation.objects.public()
    letters: list[tuple[str, bool]] = []
    if public.count() > ORGANISATIONS_ON_ONE_PAGE:
        initials: dict[str, list[int]] = {}
        for pk, name in public.values_list("pk", "name"):
            initials.setdefault(initial(name), []).append(pk)
        letters = [(key, key in initials) for key in [*ALPHABET, OTHER_INITIAL]]
        letter = letter or next((key for key, used in letters if used), "A")
        public = public.filter(pk__in=initials.get(letter, []))
    else:
        letter = ""
    current = Membership.objects.current().filter(network__is_public=True)
    organisations = public.annotate(
        network_count=Count("memberships", filter=Q(memberships__in=current), distinct=True)
    ).only("slug", "name", "kind")
    by_kind: dict[str, list[Organisation]] = {}
    for organisation in organisations:
        by_kind.setdefault(organisation.get_kind_display(), []).append(organisation)
    groups = [
        (kind, sorted(members, key=lambda o: swedish_key(o.name)))
        for kind, members in sorted(by_kind.items(), key=lambda item: swedish_key(item[0]))
    ]
    return OrganisationIndex(groups=groups, letters=letters, letter=letter)


@dataclass
class GroupTree:
    organisation: Organisation
    children: list["GroupTree"]


@dataclass
class OrganisationDetail:
    organisation: Organisation
    former_names: list[OrganisationName]
    memberships: list[Membership]  # current, in public networks
    former_memberships: list[Membership]  # ended, in public networks, latest first
    via_groups: list[tuple[Membership, Organisation]]  # networks it sits in through a group
    belongs_to: list[Organisation]
    contains: list[GroupTree]


def _affiliation_graph() -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """(member -> groups, group -> members) for all current affiliations, one query."""
    up: dict[int, list[int]] = {}
    down: dict[int, list[int]] = {}
    for member_id, group_id in Affiliation.objects.current().values_list("member_id", "group_id"):
        up.setdefault(member_id, []).append(group_id)
        down.setdefault(group_id, []).append(member_id)
    return up, down


def public_organisation(slug: str) -> OrganisationDetail:
    organisation = (
        Organisation.objects.select_related("parent")
        .prefetch_related(
            Prefetch(
                "other_names",
                queryset=OrganisationName.objects.filter(kind=NameKind.FORMER).order_by(
                    "-replaced_on"
                ),
                to_attr="former",
            )
        )
        .filter(slug=slug, needs_review=False)
        .first()
    )
    if organisation is None:
        raise Http404
    up, down = _affiliation_graph()
    ancestors: list[int] = []
    frontier = list(up.get(organisation.pk, []))
    while frontier:
        group_id = frontier.pop()
        if group_id not in ancestors:
            ancestors.append(group_id)
            frontier.extend(up.get(group_id, []))
    descendants: set[int] = set()
    frontier = list(down.get(organisation.pk, []))
    while frontier:
        member_id = frontier.pop()
        if member_id not in descendants and member_id != organisation.pk:
            descendants.add(member_id)
            frontier.extend(down.get(member_id, []))
    related = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=[*ancestors, *descendants]).only(
            "slug", "name", "kind"
        )
    }
    current = (
        Membership.objects.current()
        .filter(network__is_public=True)
        .select_related("network", "organisation")
    )
    memberships = sorted(
        current.filter(organisation=organisation), key=lambda m: swedish_key(m.network.name)
    )
    # Through groupings only: an association that sits in a network speaks for itself,
    # while a grouping ("Skånes fyra hörn") stands for its members.
    groupings = [g for g in ancestors if related[g].kind == OrganisationKind.GROUPING]
    via = sorted(
        ((m, m.organisation) for m in current.filter(organisation_id__in=groupings)),
        key=lambda pair: swedish_key(pair[0].network.name),
    )

    def tree(group_id: int, seen: frozenset) -> list[GroupTree]:
        children = [c for c in down.get(group_id, []) if c in related and c not in seen]
        return sorted(
            (GroupTree(related[c], tree(c, seen | {c})) for c in children),
            key=lambda node: swedish_key(node.organisation.name),
        )

    return OrganisationDetail(
        organisation=organisation,
        former_names=organisation.former,
        memberships=memberships,
        former_memberships=list(
            Membership.objects.filter(
                organisation=organisation,
                end_date__lt=timezone.localdate(),
                network__is_public=True,
            )
            .select_related("network")
            .order_by("-end_date", "network__name")
        ),
        via_groups=via,
        belongs_to=sorted(
            (related[g] for g in up.get(organisation.pk, []) if g in related),
            key=lambda o: swedish_key(o.name),
        ),
        contains=tree(organisation.pk, frozenset({organisation.pk})),
    )


# The calendar of public meetings ---------------------------------------------------------

# A page of the calendar holds at most this many meetings (thousands at national scale).
MEETINGS_PER_PAGE = 50
# A feed to subscribe to holds at most this many coming meetings.
MEETINGS_IN_FEED = 1000


def today_begins() -> datetime.datetime:
    """Midnight at the start of today, local time: meetings from today on are those
    that start from it (a comparison an index serves, where the start's date would be
    computed for every row)."""
    return timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min),
        timezone.get_default_timezone(),
    )


def coming_public_meetings(*, network: str = "", focus: str = ""):
    """The public meetings from today on of public networks, not cancelled, soonest
    first; of one network (a slug) or of networks with one focus (a slug). By day, not
    by the minute, so that a page kept for the day stays true."""
    networks = Network.objects.public()
    if network:
        networks = networks.filter(slug=network)
    if focus:
        networks = networks.filter(focus_tags__slug=focus)
    return (
        Meeting.objects.public()
        .filter(
            start__gte=today_begins(),
            pk__in=MeetingNetwork.objects.filter(network__in=networks).values("meeting_id"),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .prefetch_related(
            Prefetch(
                "meetingnetwork_set",
                queryset=MeetingNetwork.objects.filter(network__is_public=True).select_related(
                    "network"
                ),
            )
        )
        .order_by("start", "pk")
    )


def calendar_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """What the calendar's filters offer: the public networks with coming public
    meetings and their focus areas, in Swedish order."""
    coming = (
        Meeting.objects.public()
        .filter(start__gte=today_begins())
        .exclude(status=MeetingStatus.CANCELLED)
    )
    networks = Network.objects.public().filter(
        pk__in=MeetingNetwork.objects.filter(meeting__in=coming).values("network_id")
    )
    focus = FocusTag.objects.filter(networks__in=networks).distinct()
    return {
        "network_choices": sorted(
            ((n.slug, n.display_name) for n in networks.only("slug", "name", "name_en")),
            key=lambda c: swedish_key(c[1]),
        ),
        "focus_choices": sorted(
            ((t.slug, t.display_name) for t in focus), key=lambda c: swedish_key(c[1])
        ),
    }


@dataclass
class CalendarPage:
    months: list[tuple[datetime.date, list[Meeting]]]  # (first day of the month, meetings)
    count: int


def calendar_page(*, network: str = "", focus: str = "", number: int = 1) -> CalendarPage:
    """One page of MEETINGS_PER_PAGE coming public meetings, by month."""
    meetings = coming_public_meetings(network=network, focus=focus)
    count = meetings.count()
    start = (number - 1) * MEETINGS_PER_PAGE
    months: dict[datetime.date, list[Meeting]] = {}
    for meeting in meetings[start : start + MEETINGS_PER_PAGE] if count else []:
        links = sorted(meeting.meetingnetwork_set.all(), key=lambda link: not link.leading)
        meeting.public_networks = [link.network for link in links]
        local_start = timezone.localtime(meeting.start)
        months.setdefault(local_start.date().replace(day=1), []).append(meeting)
    return CalendarPage(months=list(months.items()), count=count)


def public_meeting(pk: int) -> Meeting:
    """A coming or past public meeting of a public network, for its calendar file."""
    meeting = (
        Meeting.objects.public()
        .dated()
        .filter(pk=pk, networks__is_public=True)
        .prefetch_related(
            Prefetch(
                "meetingnetwork_set", queryset=MeetingNetwork.objects.select_related("network")
            )
        )
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def unknown_calendar_filters(*, network: str, focus: str) -> list[str]:
    """What is wrong with a feed's filters: a network that is not public, a focus area
    that does not exist."""
    wrong = []
    if network and not Network.objects.public().filter(slug=network).exists():
        wrong.append(_("No public network has the key “%(value)s”.") % {"value": network})
    if focus and not FocusTag.objects.filter(slug=focus).exists():
        wrong.append(_("No focus area has the key “%(value)s”.") % {"value": focus})
    return wrong
