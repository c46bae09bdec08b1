"""`manage.py load_seed`: the seed networks agree with the gold reading of the page."""

import io
import json

import pytest
from django.core.management import call_command

from natverk.importing.parser import page_read
from natverk.importing.reading import Reading
from natverk.importing.seed import SEED_EXPECTED, SEED_PAGE
from natverk.registry.enums import Formality, HomeRole, MembershipRole, RelationKind
from natverk.registry.models import Membership, Network, PageSettings, Relation
from natverk.registry.selectors import with_home_role

pytestmark = pytest.mark.django_db

GOLD = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
GOLD_NETWORKS = {network["name"]: network for network in GOLD["networks"]}
HOME_ROLES = {"convener": HomeRole.DRIVES, "member": HomeRole.TAKES_PART, None: HomeRole.NONE}


def load_seed() -> str:
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    return out.getvalue()


def subset(value, like):
    """`value` cut down to the keys that `like` (a gold value) has, recursively."""
    if isinstance(like, dict):
        return {key: subset(value.get(key), like[key]) for key in like}
    if isinstance(like, list) and isinstance(value, list) and len(like) == len(value):
        return [subset(v, g) for v, g in zip(value, like, strict=True)]
    return value


@pytest.mark.usefixtures("reference")
def test_importing_the_seed_page_gives_the_gold_reading_field_by_field():
    reading = page_read(SEED_PAGE.read_bytes()).reading.to_dict()
    assert subset(reading["page"], GOLD["page"]) == GOLD["page"]
    assert reading["page_findings"] == GOLD["page_findings"]
    bodies = [
        {k: b[k] for k in ("name", "slug", "described_as")} for b in GOLD["referenced_bodies"]
    ]
    assert subset(reading["referenced_bodies"], bodies) == bodies
    assert [n["name"] for n in reading["networks"]] == list(GOLD_NETWORKS)
    for network, gold in zip(reading["networks"], GOLD["networks"], strict=True):
        for field, value in gold.items():
            assert subset(network[field], value) == value, f"{gold['name']}: {field}"


@pytest.mark.usefixtures("reference")
def test_load_seed_creates_the_five_networks_and_the_body_they_refer_to():
    load_seed()
    public = set(Network.objects.public().values_list("name", flat=True))
    assert public == set(GOLD_NETWORKS)
    body = Network.objects.get(slug="strategiska-fondsamordningsgruppen")
    assert not body.is_public
    assert body.needs_review
    assert "chefer från förvaltande myndigheter" in body.introduction


@pytest.mark.usefixtures("reference")
@pytest.mark.parametrize("name", list(GOLD_NETWORKS))
def test_each_seed_network_has_the_gold_conveners_members_and_cadence(name):
    load_seed()
    gold = GOLD_NETWORKS[name]
    network = with_home_role(Network.objects.filter(name=name)).get()
    memberships = {
        m.organisation.slug: m for m in network.memberships.select_related("organisation")
    }

    conveners = {
        key: (MembershipRole.CO_CONVENER if c["joint"] else MembershipRole.CONVENER)
        for c in gold["conveners"]
        for key in c["resolved"]
    }
    assert {k: m.role for k, m in memberships.items() if m.is_convening} == conveners
    members = {key for m in gold["members"] for key in m["resolved"]}
    assert set(memberships) == members | set(conveners)

    assert network.short_name == (gold["short_name"] or "")
    assert network.short_name_expansion == (gold["short_name_expansion"] or "")
    assert network.audience == (gold["audience"] or "")
    assert network.formality == (Formality.INFORMAL if gold["informal"] else Formality.FORMAL)
    cadence = gold["cadence"] or {}
    assert network.meetings_per_year == cadence.get("meetings_per_year")
    assert network.residential_meetings_per_year == cadence.get("residential_per_year")
    assert network.residential_places == cadence.get("residential_places", [])
    assert network.home_role == HOME_ROLES[gold["home_role"]]

    relations = {
        (
            r.kind,
            f"network:{r.target_network.slug}"
            if r.target_network
            else f"organisation:{r.target_organisation.slug}",
        )
        for r in Relation.objects.filter(source=network)
    }
    assert relations == {(r["kind"], r["resolved"]) for r in gold["relations"]}


@pytest.mark.usefixtures("reference")
def test_groups_are_kept_as_the_page_words_them():
    load_seed()
    interreg = Membership.objects.get(
        network__slug="strategiska-eu-natverket", organisation__slug="interreg"
    )
    assert interreg.described_as == "representanter från INTERREG-programmen"
    region = Membership.objects.get(
        network__slug="strategiska-eu-natverket", organisation__slug="region-skane"
    )
    assert region.described_as == ""


@pytest.mark.usefixtures("reference")
def test_relations_point_both_ways_to_the_right_bodies():
    load_seed()
    reports = Relation.objects.get(kind=RelationKind.REPORTS_TO)
    assert (reports.source.name, reports.target_network.name) == (
        "Fondsamordningsgruppen",
        "Strategiska fondsamordningsgruppen",
    )
    advises = Relation.objects.get(kind=RelationKind.ADVISES)
    assert (advises.source.name, advises.target_organisation.name) == (
        "Landsbygdspartnerskapet",
        "Länsstyrelsen Skåne",
    )


@pytest.mark.usefixtures("reference")
def test_load_seed_sets_the_page_title_introduction_and_owner():
    load_seed()
    page = PageSettings.load()
    assert page.title == "Nätverk"
    assert page.page_owner == "Alma Sandberg"
    assert page.introduction.startswith("<p>Det finns flera skånska nätverk")


@pytest.mark.usefixtures("reference")
def test_load_seed_twice_changes_nothing():
    load_seed()
    rows = (Network.objects.count(), Membership.objects.count(), Relation.objects.count())
    history = Network.history.count() + Membership.history.count() + Relation.history.count()
    output = load_seed()
    assert "nothing changed" in output
    assert (Network.objects.count(), Membership.objects.count(), Relation.objects.count()) == rows
    assert (
        Network.history.count() + Membership.history.count() + Relation.history.count() == history
    )


@pytest.mark.usefixtures("reference")
def test_seed_changes_are_recorded_as_done_by_load_seed():
    load_seed()
    reasons = set(Membership.history.values_list("history_change_reason", flat=True))
    assert reasons == {"load_seed"}
    assert Network.history.filter(history_user__isnull=False).count() == 0


@pytest.mark.django_db
def test_load_seed_without_reference_data_says_what_is_missing():
    from django.core.management import CommandError

    with pytest.raises(CommandError) as raised:
        load_seed()
    assert "load_reference" in str(raised.value)
    assert Network.objects.count() == 0


@pytest.mark.usefixtures("reference")
def test_the_reading_round_trips_through_json():
    reading = page_read(SEED_PAGE.read_bytes()).reading
    again = Reading.from_dict(json.loads(json.dumps(reading.to_dict())))
    assert again == reading
