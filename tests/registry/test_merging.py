"""Merging two organisations that are one: everything that pointed at the removed one
points at the kept one, its names still find it, and a merge that cannot be done says
why and changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from natverk.importing.resolution import NameIndex
from natverk.meetings.models import Invitation, Meeting
from natverk.people.models import ContactPerson, Person, Representation
from natverk.registry.enums import MembershipRole, NameKind, OrganisationKind, RelationKind
from natverk.registry.models import (
    Affiliation,
    Boundary,
    Membership,
    Organisation,
    OrganisationName,
    Relation,
)
from natverk.registry.services.merging import (
    merge_organisations,
    merge_preview,
    organisation_relations,
)
from tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2022, 1, 1)

# Every relation to an organisation and what a merge does with it. A relation added
# to the models fails this test until its place in a merge has been thought of.
KNOWN_RELATIONS = {
    "registry.Organisation.parent",
    "registry.OrganisationName.organisation",
    "registry.Affiliation.member",
    "registry.Affiliation.group",
    "registry.Boundary.organisation",
    "registry.Membership.organisation",
    "registry.Relation.target_organisation",
    "people.Person.employer",
    "people.Representation.organisation",
    "people.ContactPerson.organisation",
    "people.AppointmentRequest.organisation",
    "meetings.Invitation.organisation",
    "importing.ImportFinding.organisation",
}


def test_every_relation_to_an_organisation_is_moved_by_a_merge():
    found = {
        f"{relation.related_model._meta.label}.{relation.remote_field.name}"
        for relation in organisation_relations()
    }
    assert found == KNOWN_RELATIONS


@pytest.fixture
def two():
    keep = OrganisationFactory(name="Region Skåne", slug="region-skane", kind="region")
    remove = OrganisationFactory(
        name="Region Skane", slug="region-skane-2", kind="region", org_number="232100-0255"
    )
    OrganisationName.objects.create(organisation=remove, name="RS", kind=NameKind.ALIAS)
    return keep, remove


def test_a_merge_moves_everything_and_keeps_the_name(two, secretariat_user):
    keep, remove = two
    network = NetworkFactory(name="SKUR")
    membership = MembershipFactory(network=network, organisation=remove, start_date=START)
    person = PersonFactory(employer=remove)
    seat = RepresentationFactory(
        person=person, network=network, organisation=remove, start_date=START
    )
    relation = Relation.objects.create(
        source=network, kind=RelationKind.REPORTS_TO, target_organisation=remove
    )
    corner = OrganisationFactory(name="Sydvästra Skåne", kind=OrganisationKind.GROUPING)
    affiliation = Affiliation.objects.create(member=remove, group=corner)
    child = OrganisationFactory(name="Regionkontoret", parent=remove)
    meeting = Meeting.objects.create(title="Vårmötet")
    invitation = Invitation.objects.create(meeting=meeting, person=person, organisation=remove)
    contact = ContactPerson.objects.create(organisation=remove, person=person)
    Boundary.objects.create(organisation=remove, geometry={"type": "Point"})

    plan = merge_preview(keep=keep, remove=remove)
    assert dict(plan.moved)["Medlemskap"] == 1
    assert plan.names == ["Region Skane", "RS"]

    merge_organisations(keep=keep, remove=remove, by=secretariat_user, reason="Inlagd två gånger")

    assert not Organisation.objects.filter(pk=remove.pk).exists()
    for row in (membership, seat, invitation, contact, affiliation):
        row.refresh_from_db()
        assert row.organisation_id == keep.pk if hasattr(row, "organisation_id") else True
    affiliation.refresh_from_db()
    assert affiliation.member_id == keep.pk
    relation.refresh_from_db()
    assert relation.target_organisation_id == keep.pk
    assert Person.objects.get(pk=person.pk).employer_id == keep.pk
    assert Organisation.objects.get(pk=child.pk).parent_id == keep.pk
    assert Boundary.objects.get().organisation_id == keep.pk
    keep.refresh_from_db()
    assert keep.org_number == "232100-0255"  # what the kept one lacked
    assert set(keep.other_names.values_list("name", "kind")) == {
        ("Region Skane", NameKind.ALIAS),
        ("RS", NameKind.ALIAS),
    }
    assert NameIndex.from_database().exact("Region Skane").key == "region-skane"
    history = Membership.history.filter(id=membership.pk).latest()
    assert (history.history_change_reason, history.history_user) == (
        "Inlagd två gånger",
        secretariat_user,
    )
    assert Organisation.history.filter(id=remove.pk).latest().history_type == "-"
    for relation_ in organisation_relations():
        rows = relation_.related_model._default_manager.filter(
            **{relation_.remote_field.name: remove.pk}
        )
        assert not rows.exists(), relation_


def test_rows_the_kept_one_has_already_are_dropped_not_doubled(two, secretariat_user):
    keep, remove = two
    network = NetworkFactory()
    corner = OrganisationFactory(kind=OrganisationKind.GROUPING)
    for organisation in (keep, remove):
        Affiliation.objects.create(member=organisation, group=corner)
        Relation.objects.create(
            source=network, kind=RelationKind.ADVISES, target_organisation=organisation
        )
    plan = merge_preview(keep=keep, remove=remove)
    assert ("Tillhörigheter (medlem)", 1) in plan.dropped
    merge_organisations(keep=keep, remove=remove, by=secretariat_user, reason="")
    assert Affiliation.objects.filter(member=keep, group=corner).count() == 1
    assert Relation.objects.filter(target_organisation=keep).count() == 1


def test_two_in_one_network_at_once_cannot_be_merged_and_nothing_changes(two, secretariat_user):
    keep, remove = two
    network = NetworkFactory(name="Brysselnätverket")
    MembershipFactory(network=network, organisation=keep, start_date=START)
    moved_elsewhere = MembershipFactory(organisation=remove, start_date=START)
    MembershipFactory(
        network=network, organisation=remove, role=MembershipRole.OBSERVER, start_date=START
    )
    with pytest.raises(ValidationError) as refused:
        merge_organisations(keep=keep, remove=remove, by=secretariat_user, reason="")
    assert "Brysselnätverket" in refused.value.messages[0]
    assert "Region Skane" in refused.value.messages[0]
    moved_elsewhere.refresh_from_db()
    assert moved_elsewhere.organisation_id == remove.pk
    assert Organisation.objects.filter(pk=remove.pk).exists()


def test_merging_ended_and_later_memberships_of_one_network_is_fine(two, secretariat_user):
    keep, remove = two
    network = NetworkFactory()
    MembershipFactory(
        network=network,
        organisation=remove,
        start_date=START,
        end_date=datetime.date(2022, 12, 31),
    )
    MembershipFactory(network=network, organisation=keep, start_date=datetime.date(2023, 1, 1))
    merge_organisations(keep=keep, remove=remove, by=secretariat_user, reason="")
    assert Membership.objects.filter(network=network, organisation=keep).count() == 2


def test_an_organisation_is_not_merged_with_itself_nor_a_grouping_with_its_member(
    two, secretariat_user
):
    keep, _remove = two
    with pytest.raises(ValidationError, match="med sig själv"):
        merge_organisations(keep=keep, remove=keep, by=secretariat_user, reason="")
    corner = OrganisationFactory(name="Sydvästra Skåne", kind=OrganisationKind.GROUPING)
    Affiliation.objects.create(member=keep, group=corner)
    with pytest.raises(ValidationError, match="sin egen medlem"):
        merge_organisations(keep=corner, remove=keep, by=secretariat_user, reason="")
    assert Organisation.objects.filter(pk=keep.pk).exists()


def test_the_back_office_shows_what_will_move_then_merges(
    two, secretariat_client, secretariat_user
):
    keep, remove = two
    MembershipFactory(organisation=remove, start_date=START)
    address = reverse("admin:registry_quality_merge", args=[keep.pk, remove.pk])
    page = secretariat_client.get(address).content.decode()
    assert "Medlemskap: 1" in page
    assert "Region Skane" in page and "RS" in page
    response = secretariat_client.post(address, {"reason": "Dubblett"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_organisation_change", args=[keep.pk])
    assert not Organisation.objects.filter(pk=remove.pk).exists()
    assert Membership.objects.get().organisation_id == keep.pk


def test_a_refused_merge_in_the_back_office_names_the_conflict(two, secretariat_client):
    keep, remove = two
    network = NetworkFactory(name="Brysselnätverket")
    for organisation in (keep, remove):
        MembershipFactory(network=network, organisation=organisation, start_date=START)
    address = reverse("admin:registry_quality_merge", args=[keep.pk, remove.pk])
    response = secretariat_client.post(address, {"reason": ""})
    assert response.status_code == 200
    assert "Brysselnätverket" in response.content.decode()
    assert Organisation.objects.filter(pk=remove.pk).exists()


def test_two_chosen_in_the_list_are_merged_from_an_action(two, secretariat_client):
    keep, remove = two
    response = secretariat_client.post(
        reverse("admin:registry_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [keep.pk, remove.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:registry_quality_merge", args=[keep.pk, remove.pk]
    )
    one = secretariat_client.post(
        reverse("admin:registry_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [keep.pk]},
        follow=True,
    )
    assert "Välj exakt två organisationer" in one.content.decode()


def test_a_representation_follows_its_membership(two, secretariat_user):
    keep, remove = two
    network = NetworkFactory()
    MembershipFactory(network=network, organisation=remove, start_date=START)
    RepresentationFactory(network=network, organisation=remove, start_date=START)
    merge_organisations(keep=keep, remove=remove, by=secretariat_user, reason="")
    seat = Representation.objects.get()
    seat.full_clean()  # still within a membership of the organisation it sits for
    assert seat.organisation_id == keep.pk
