"""What the API says about each thing: the fields published, named one by one. Objects
are read through `api.selectors`, which has prefetched everything named here."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from natverk.api.enums import COUNTIES, county_code
from natverk.api.selectors import MembershipRow, Named, home_role, prefetched
from natverk.meetings.models import Meeting, MeetingNetwork
from natverk.registry.enums import CONVENING_ROLES, HomeRole
from natverk.registry.models import (
    FocusTag,
    Membership,
    Network,
    Organisation,
    OrganisationName,
    Relation,
)


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class OrganisationRefSerializer(serializers.ModelSerializer):
    """An organisation named from elsewhere: its key and name."""

    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class NetworkRefSerializer(serializers.ModelSerializer):
    """A network named from elsewhere: its key and name."""

    class Meta:
        model = Network
        fields = ["slug", "name"]


class FocusSerializer(serializers.ModelSerializer):
    class Meta:
        model = FocusTag
        fields = ["slug", "name", "name_en"]


class NetworkMemberSerializer(serializers.ModelSerializer):
    """One organisation's membership, as listed under its network."""

    organisation = OrganisationRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role", "start_date", "end_date", "described_as"]


class RelationTargetMixin(serializers.Serializer):
    """Where a relation goes: a public network, an organisation, or a network that is
    not public, named and no more."""

    target_network = serializers.SerializerMethodField(
        help_text="The public network the relation goes to, if it goes to one."
    )
    target_organisation = OrganisationRefSerializer(read_only=True, allow_null=True)
    target_name = serializers.SerializerMethodField(
        help_text="The name of what it goes to: a network (public or not) or an organisation."
    )

    @extend_schema_field(NetworkRefSerializer(allow_null=True))
    def get_target_network(self, relation: Relation) -> dict | None:
        return _relation_target(relation)["target_network"]

    def get_target_name(self, relation: Relation) -> str:
        return _relation_target(relation)["target_name"]


class OutgoingRelationSerializer(RelationTargetMixin, serializers.ModelSerializer):
    """This network stands in a relation to a network or an organisation."""

    class Meta:
        model = Relation
        fields = ["kind", "target_network", "target_organisation", "target_name"]


class IncomingRelationSerializer(serializers.ModelSerializer):
    """Another public network stands in a relation to this one."""

    source = NetworkRefSerializer(read_only=True)  # type: ignore[assignment] # a field named like Field.source

    class Meta:
        model = Relation
        fields = ["kind", "source"]


class NetworkSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This network in the API.")
    web_url = serializers.SerializerMethodField(help_text="The network's public page.")
    focus = FocusSerializer(source="focus_tags", many=True, read_only=True)
    meetings_per_year = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        read_only=True,
        help_text="How many meetings a year the network aims for, residential ones included.",
    )
    residential_places = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Where residential meetings are held.",
    )
    home_role = serializers.SerializerMethodField(
        help_text="Whether the installation's own organisation drives the network (convenes "
        "it), takes part in it, or neither, from its current memberships.",
    )
    conveners = serializers.SerializerMethodField(help_text="The current (joint) conveners.")
    members = serializers.SerializerMethodField(
        help_text="Current memberships, conveners included, in the order the page lists them."
    )
    former_members = serializers.SerializerMethodField(help_text="Memberships that have ended.")
    future_members = serializers.SerializerMethodField(
        help_text="Memberships that have not yet begun."
    )
    outgoing_relations = OutgoingRelationSerializer(
        source="outgoing",
        many=True,
        read_only=True,
        help_text="Relations from this network to other networks and to organisations.",
    )
    incoming_relations = IncomingRelationSerializer(
        source="incoming",
        many=True,
        read_only=True,
        help_text="Relations from other public networks to this one.",
    )

    class Meta:
        model = Network
        fields = [
            "slug", "url", "web_url", "name", "name_en", "short_name", "short_name_expansion",
            "introduction", "introduction_en", "purpose", "purpose_en", "focus", "function",
            "ambition_level", "formality", "audience", "audience_en", "status", "founded_on",
            "closed_on", "meetings_per_year", "residential_meetings_per_year",
            "residential_places", "last_reviewed", "contact_email", "contact_name",
            "contact_url", "how_to_take_part", "how_to_take_part_en", "home_role", "conveners",
            "members", "former_members", "future_members", "outgoing_relations",
            "incoming_relations",
        ]  # fmt: skip

    def to_representation(self, network: Network) -> dict:
        """The fields above, written out directly: a page of a hundred networks through
        REST framework's fields one by one cost more than the rest of the page together.
        What the fields declare is what the schema says; the tests hold the two together
        (Schemathesis checks every answer against the schema)."""
        values = {
            "url": self.get_url(network),
            "web_url": self.get_web_url(network),
            "focus": [
                {"slug": tag.slug, "name": tag.name, "name_en": tag.name_en}
                for tag in network.focus_tags.all()
            ],
            "founded_on": _day(network.founded_on),
            "closed_on": _day(network.closed_on),
            "last_reviewed": _day(network.last_reviewed),
            "meetings_per_year": (
                float(network.meetings_per_year) if network.meetings_per_year is not None else None
            ),
            "home_role": self.get_home_role(network),
            "conveners": self.get_conveners(network),
            "members": self.get_members(network),
            "former_members": self.get_former_members(network),
            "future_members": self.get_future_members(network),
            "outgoing_relations": [
                {"kind": r.kind, **_relation_target(r)} for r in prefetched(network, "outgoing")
            ],
            "incoming_relations": [
                {"kind": r.kind, "source": _named(r.source)}
                for r in prefetched(network, "incoming")
            ],
        }
        return {
            name: values[name] if name in values else getattr(network, name)
            for name in self.Meta.fields
        }

    def get_url(self, network: Network) -> str:
        return _absolute(self, reverse("api:network-detail", kwargs={"slug": network.slug}))

    def get_web_url(self, network: Network) -> str:
        return _absolute(self, network.get_absolute_url())

    def _memberships(self, network: Network, which: str) -> list[MembershipRow]:
        today = self.context["today"]
        memberships = prefetched(network, "all_memberships")
        if which == "current":
            return [m for m in memberships if m.is_current(today)]
        if which == "former":
            return [m for m in memberships if m.end_date and m.end_date < today]
        return [m for m in memberships if m.start_date and m.start_date > today]

    # A network lists many memberships; they are written out directly rather than through
    # a serializer made for each network, which costs more than the rest of the page.

    @extend_schema_field(serializers.ChoiceField(choices=HomeRole.choices))
    def get_home_role(self, network: Network) -> str:
        return home_role(prefetched(network, "all_memberships"), self.context["today"])

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_conveners(self, network: Network) -> list[dict]:
        return [
            _named(m.organisation)
            for m in self._memberships(network, "current")
            if m.role in CONVENING_ROLES
        ]

    @extend_schema_field(NetworkMemberSerializer(many=True))
    def get_members(self, network: Network) -> list[dict]:
        return [_member(m) for m in self._memberships(network, "current")]

    @extend_schema_field(NetworkMemberSerializer(many=True))
    def get_former_members(self, network: Network) -> list[dict]:
        return [_member(m) for m in self._memberships(network, "former")]

    @extend_schema_field(NetworkMemberSerializer(many=True))
    def get_future_members(self, network: Network) -> list[dict]:
        return [_member(m) for m in self._memberships(network, "future")]


def _named(obj: Network | Organisation | Named) -> dict:
    """What `NetworkRefSerializer` and `OrganisationRefSerializer` write."""
    return {"slug": obj.slug, "name": obj.name}


def _relation_target(relation: Relation) -> dict:
    """Where a relation goes, as `RelationTargetMixin` writes it."""
    network, organisation = relation.target_network, relation.target_organisation
    target = network or organisation
    return {
        "target_network": _named(network) if network is not None and network.is_public else None,
        "target_organisation": _named(organisation) if organisation is not None else None,
        "target_name": target.name if target is not None else "",
    }


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _member(membership: MembershipRow) -> dict:
    """What `NetworkMemberSerializer` writes."""
    return {
        "organisation": _named(membership.organisation),
        "role": membership.role,
        "start_date": _day(membership.start_date),
        "end_date": _day(membership.end_date),
        "described_as": membership.described_as,
    }


class OtherNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrganisationName
        fields = ["name", "kind", "replaced_on"]


class OrganisationNetworkSerializer(serializers.ModelSerializer):
    """One of an organisation's current memberships of a public network."""

    network = NetworkRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["network", "role", "start_date", "end_date"]


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This organisation in the API.")
    web_url = serializers.SerializerMethodField(help_text="The organisation's public page.")
    county_code = serializers.SerializerMethodField(
        help_text="Two-digit county code (länskod) of a municipality, from its code."
    )
    county = serializers.SerializerMethodField(help_text="The county's name, e.g. 'Skåne län'.")
    parent = OrganisationRefSerializer(read_only=True, allow_null=True)
    other_names = OtherNameSerializer(
        source="names",
        many=True,
        read_only=True,
        help_text="Aliases in use, and former names with the day the next name took effect.",
    )
    groups = serializers.SerializerMethodField(
        help_text="Groupings and associations the organisation belongs to now."
    )
    contains = serializers.SerializerMethodField(
        help_text="For a grouping or association: the organisations that belong to it now."
    )
    networks = OrganisationNetworkSerializer(
        source="public_memberships",
        many=True,
        read_only=True,
        help_text="Its current memberships of public networks.",
    )

    class Meta:
        model = Organisation
        fields = [
            "slug", "url", "web_url", "name", "short_name", "kind", "municipality_code",
            "county_code", "county", "sub_region", "website", "parent", "start_date",
            "end_date", "other_names", "groups", "contains", "networks",
        ]  # fmt: skip

    def get_url(self, organisation: Organisation) -> str:
        return _absolute(
            self, reverse("api:organisation-detail", kwargs={"slug": organisation.slug})
        )

    def get_web_url(self, organisation: Organisation) -> str:
        return _absolute(self, organisation.get_absolute_url())

    def get_county_code(self, organisation: Organisation) -> str:
        return county_code(organisation.municipality_code)

    def get_county(self, organisation: Organisation) -> str:
        return COUNTIES.get(county_code(organisation.municipality_code), "")

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_groups(self, organisation: Organisation) -> list[dict]:
        return [_named(a.group) for a in prefetched(organisation, "current_groups")]

    @extend_schema_field(OrganisationRefSerializer(many=True))
    def get_contains(self, organisation: Organisation) -> list[dict]:
        return [_named(a.member) for a in prefetched(organisation, "current_contents")]


class MembershipSerializer(serializers.ModelSerializer):
    network = NetworkRefSerializer(read_only=True)
    organisation = OrganisationRefSerializer(read_only=True)
    current = serializers.SerializerMethodField(help_text="Whether the membership holds today.")

    class Meta:
        model = Membership
        fields = [
            "id", "network", "organisation", "role", "start_date", "end_date", "current",
            "described_as",
        ]  # fmt: skip

    def get_current(self, membership: Membership) -> bool:
        return membership.is_current(self.context["today"])


class RelationSerializer(RelationTargetMixin, serializers.ModelSerializer):
    source = NetworkRefSerializer(read_only=True)  # type: ignore[assignment] # a field named like Field.source

    class Meta:
        model = Relation
        fields = ["id", "source", "kind", "target_network", "target_organisation", "target_name"]


class MeetingNetworkSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="network.slug", read_only=True)
    name = serializers.CharField(source="network.name", read_only=True)

    class Meta:
        model = MeetingNetwork
        fields = ["slug", "name", "leading"]


class MeetingSerializer(serializers.ModelSerializer):
    networks = MeetingNetworkSerializer(
        source="public_links",
        many=True,
        read_only=True,
        help_text="The public networks meeting; the leading one first.",
    )

    class Meta:
        model = Meeting
        fields = [
            "uid", "title", "kind", "mode", "status", "start", "end", "city", "country",
            "theme", "networks",
        ]  # fmt: skip
