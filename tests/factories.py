import factory
from factory.django import DjangoModelFactory

from natverk.people.models import Person, Representation
from natverk.registry.enums import MembershipRole, OrganisationKind
from natverk.registry.models import Membership, Network, Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.MUNICIPALITY


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = Network

    slug = factory.Sequence(lambda n: f"natverk-{n}")
    name = factory.Sequence(lambda n: f"Nätverk {n}")
    introduction = "<p>Ett nätverk för samverkan.</p>"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Anna{n}")
    family_name = "Svensson"
    email = factory.Sequence(lambda n: f"anna{n}@example.se")
    phone = "040-123 45 67"


class RepresentationFactory(DjangoModelFactory):
    class Meta:
        model = Representation

    person = factory.SubFactory(PersonFactory)
    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
