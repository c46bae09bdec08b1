import datetime

import pytest
from django.db import IntegrityError, transaction

from natverk.people.models import Representation
from tests.factories import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_person_cannot_sit_twice_at_once_for_the_same_organisation():
    membership = MembershipFactory()
    person = PersonFactory()
    Representation.objects.create(
        person=person,
        network=membership.network,
        organisation=membership.organisation,
        start_date=datetime.date(2024, 1, 1),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Representation.objects.create(
            person=person,
            network=membership.network,
            organisation=membership.organisation,
            start_date=datetime.date(2025, 1, 1),
        )


def test_a_representation_must_lie_within_the_membership():
    membership = MembershipFactory(start_date=datetime.date(2024, 1, 1))
    inside = Representation(
        person=PersonFactory(),
        network=membership.network,
        organisation=membership.organisation,
        start_date=datetime.date(2024, 3, 1),
    )
    inside.full_clean()
    before = Representation(
        person=PersonFactory(),
        network=membership.network,
        organisation=membership.organisation,
        start_date=datetime.date(2023, 3, 1),
    )
    with pytest.raises(Exception, match="inte medlem"):
        before.full_clean()


def test_email_addresses_are_unique_but_may_be_missing():
    PersonFactory(email="eva@example.se")
    PersonFactory(email="")
    PersonFactory(email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(email="eva@example.se")
