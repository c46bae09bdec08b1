"""Synthetic but plausible Swedish data, for demonstrations and benchmarks.

The same seed gives the same data. Rows are written in bulk, history included, so a
national data set takes seconds rather than hours. Every generated organisation's key
starts with `demo-`, which is how the data is found again to be replaced.
"""

import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from faker import Faker
from simple_history.utils import bulk_create_with_history

from natverk.people.enums import Language, LegalBasis, RepresentationRole
from natverk.people.models import Person, Representation
from natverk.registry.enums import (
    AmbitionLevel,
    Formality,
    MembershipRole,
    NetworkFunction,
    NetworkStatus,
    OrganisationKind,
)
from natverk.registry.models import FocusTag, Membership, Network, Organisation

DEMO_PREFIX = "demo-"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class Scale:
    organisations: int
    networks: int
    people: int
    members_per_network: int  # memberships = networks × this
    representatives_per_member: int  # representations = memberships × this

    @property
    def memberships(self) -> int:
        return self.networks * self.members_per_network

    @property
    def representations(self) -> int:
        return self.memberships * self.representatives_per_member


SCALES = {
    "skane": Scale(
        organisations=150,
        networks=40,
        people=800,
        members_per_network=12,
        representatives_per_member=2,
    ),
    # 20,000 memberships + 40,000 representations = 60,000
    "sweden": Scale(
        organisations=2_000,
        networks=1_000,
        people=20_000,
        members_per_network=20,
        representatives_per_member=2,
    ),
    "europe": Scale(
        organisations=20_000,
        networks=10_000,
        people=200_000,
        members_per_network=20,
        representatives_per_member=2,
    ),
}

PLACE_STARTS = [
    "Al", "Ask", "Berg", "Bjär", "Borg", "Bro", "Dal", "Ek", "Fal", "Fors", "Gran", "Hag",
    "Ham", "Hass", "Hed", "Hög", "Kalv", "Karl", "Klint", "Kung", "Lill", "Lind", "Ljung",
    "Lund", "Mal", "Mark", "Mos", "Norr", "Ny", "Ore", "Ren", "Ros", "Sand", "Sjö", "Skog",
    "Sol", "Sten", "Stor", "Sval", "Sätt", "Tall", "Tran", "Ulv", "Val", "Vik", "Väst",
    "Ål", "Äng", "Ös", "Öster",
]  # fmt: skip
PLACE_ENDS = [
    "arp", "berga", "by", "dala", "fors", "hamn", "holm", "hult", "inge", "köping", "lida",
    "lösa", "näs", "ryd", "sjö", "stad", "sta", "sund", "torp", "vik", "åker", "ås", "ö",
]  # fmt: skip
TOPICS = [
    ("EU-samordning", "eu"), ("Strukturfonder", "strukturfonder"),
    ("Landsbygdsutveckling", "landsbygdsutveckling"),
    ("Regional utveckling", "regional-utveckling"),
    ("Klimat och energi", "klimat"), ("Kompetensförsörjning", "kompetens"),
    ("Digitalisering", "digitalisering"), ("Folkhälsa", "folkhalsa"),
    ("Kollektivtrafik", "kollektivtrafik"), ("Näringsliv", "naringsliv"),
    ("Integration", "integration"), ("Vattenfrågor", "vatten"),
]  # fmt: skip
NETWORK_FORMS = [
    "{topic}snätverket {place}", "Samverkansgruppen för {topic_lower} i {place}",
    "{place}s {topic_lower}sråd", "Arbetsgruppen {topic_lower}, {place}",
    "Nätverket för {topic_lower} i {place}",
]  # fmt: skip
TITLES = [
    "EU-samordnare", "EU-strateg", "Utvecklingsstrateg", "Näringslivschef", "Projektledare",
    "Enhetschef", "Kommunstrateg", "Handläggare", "Utredare", "Verksamhetsutvecklare",
]  # fmt: skip
ORGANISATION_FORMS = [
    (OrganisationKind.MUNICIPALITY, "{place} kommun", 40),
    (OrganisationKind.REGION, "Region {place}", 4),
    (OrganisationKind.COUNTY_BOARD, "Länsstyrelsen i {place}", 3),
    (OrganisationKind.STATE_AGENCY, "{place}verket", 4),
    (OrganisationKind.UNIVERSITY, "{place} universitet", 4),
    (OrganisationKind.ASSOCIATION, "{place}s kommunförbund", 8),
    (OrganisationKind.INTEREST_ORG, "Företagarna i {place}", 10),
    (OrganisationKind.LOCAL_ACTION_GROUP, "Leader {place}", 8),
    (OrganisationKind.EU_PROGRAMME, "Interreg {place}", 3),
    (OrganisationKind.BRUSSELS_OFFICE, "{place} EU-kontor", 3),
    (OrganisationKind.OTHER, "Stiftelsen {place}", 13),
]


@dataclass
class DemoReport:
    organisations: int = 0
    networks: int = 0
    people: int = 0
    memberships: int = 0
    representations: int = 0

    def __str__(self) -> str:
        return (
            f"{self.organisations} organisations, {self.networks} networks, "
            f"{self.people} people, {self.memberships} memberships, "
            f"{self.representations} representations."
        )


class DemoDataExists(Exception):
    pass


Progress = Callable[[Iterable, str, int], Iterable]


def _no_progress(items: Iterable, label: str, total: int) -> Iterable:
    return items


def demo_exists() -> bool:
    return Organisation.objects.filter(slug__startswith=DEMO_PREFIX).exists()


@transaction.atomic
def demo_remove() -> None:
    demo = Organisation.objects.filter(slug__startswith=DEMO_PREFIX)
    Representation.objects.filter(organisation__in=demo).delete()
    Person.objects.filter(email__endswith="@demo.natverk.invalid").delete()
    Network.objects.filter(slug__startswith=DEMO_PREFIX).delete()
    Membership.objects.filter(organisation__in=demo).delete()
    demo.delete()


def _batches(items: list, size: int = BATCH_SIZE) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


class _Generator:
    def __init__(self, scale: Scale, seed: int, progress: Progress):
        self.scale = scale
        self.random = random.Random(seed)
        self.faker = Faker("sv_SE")
        self.faker.seed_instance(seed)
        self.progress = progress
        self.today = datetime.date(2026, 1, 1)

    def place(self) -> str:
        return self.random.choice(PLACE_STARTS) + self.random.choice(PLACE_ENDS)

    def write(self, model, rows: list, label: str) -> list:
        written = []
        for batch in self.progress(_batches(rows), label, len(_batches(rows))):
            written.extend(bulk_create_with_history(batch, model, batch_size=BATCH_SIZE))
        return written

    def organisations(self) -> list[Organisation]:
        forms = [
            (kind, pattern) for kind, pattern, weight in ORGANISATION_FORMS for _ in range(weight)
        ]
        rows = []
        for number in range(1, self.scale.organisations + 1):
            kind, pattern = self.random.choice(forms)
            rows.append(
                Organisation(
                    slug=f"{DEMO_PREFIX}org-{number}",
                    name=pattern.format(place=self.place()),
                    kind=kind,
                    municipality_code="",
                    website=f"https://org{number}.demo.natverk.invalid",
                )
            )
        self.write(Organisation, rows, "organisations")
        return list(Organisation.objects.filter(slug__startswith=DEMO_PREFIX).order_by("pk"))

    def focus_tags(self) -> list[FocusTag]:
        tags = []
        for name, slug in TOPICS:
            tag, _created = FocusTag.objects.get_or_create(slug=slug, defaults={"name": name})
            tags.append(tag)
        return tags

    def networks(self, tags: list[FocusTag]) -> list[Network]:
        rows = []
        chosen_topics = []
        for number in range(1, self.scale.networks + 1):
            topic, topic_slug = self.random.choice(TOPICS)
            chosen_topics.append(topic_slug)
            name = self.random.choice(NETWORK_FORMS).format(
                topic=topic, topic_lower=topic.lower(), place=self.place()
            )
            meetings = self.random.choice([None, 2, 4, 4, 6, 10])
            rows.append(
                Network(
                    slug=f"{DEMO_PREFIX}network-{number}",
                    name=name,
                    introduction=f"<p>{self.faker.paragraph(nb_sentences=3)}</p>",
                    function=self.random.choice(NetworkFunction.values),
                    ambition_level=self.random.choice(AmbitionLevel.values),
                    formality=self.random.choice(Formality.values),
                    status=self.random.choices(NetworkStatus.values, weights=[85, 10, 5])[0],
                    audience=self.random.choice(TITLES) + "er",
                    meetings_per_year=meetings,
                    residential_meetings_per_year=(
                        self.random.choice([0, 1]) if meetings else None
                    ),
                    page_owner=self.faker.name(),
                    last_reviewed=self.today - datetime.timedelta(days=self.random.randint(0, 900)),
                    is_public=self.random.random() > 0.05,
                )
            )
        self.write(Network, rows, "networks")
        networks = list(Network.objects.filter(slug__startswith=DEMO_PREFIX).order_by("pk"))
        tags_by_slug = {tag.slug: tag for tag in tags}
        through = Network.focus_tags.through
        links = [
            through(network_id=network.pk, focustag_id=tags_by_slug[topic_slug].pk)
            for network, topic_slug in zip(networks, chosen_topics, strict=True)
        ]
        through.objects.bulk_create(links, batch_size=BATCH_SIZE)
        return networks

    def memberships(self, networks, organisations) -> list[Membership]:
        home = Organisation.objects.filter(slug=settings.NATVERK_HOME_ORGANISATION).first()
        rows = []
        per_network = min(self.scale.members_per_network, len(organisations))
        for network in networks:
            members = self.random.sample(organisations, per_network)
            if home is not None and self.random.random() < 0.3:
                members[self.random.randrange(per_network)] = home
            joint = self.random.random() < 0.15
            for position, organisation in enumerate(members):
                if position == 0:
                    role = MembershipRole.CO_CONVENER if joint else MembershipRole.CONVENER
                elif position == 1 and joint:
                    role = MembershipRole.CO_CONVENER
                else:
                    role = self.random.choices(
                        [
                            MembershipRole.MEMBER,
                            MembershipRole.OBSERVER,
                            MembershipRole.SECRETARIAT,
                        ],
                        weights=[90, 7, 3],
                    )[0]
                start = self.today - datetime.timedelta(days=self.random.randint(30, 3650))
                ended = position > 1 and self.random.random() < 0.08
                end = start + datetime.timedelta(days=self.random.randint(1, 20)) if ended else None
                rows.append(
                    Membership(
                        network=network,
                        organisation=organisation,
                        role=role,
                        position=position,
                        start_date=start,
                        end_date=end,
                    )
                )
        return self.write(Membership, rows, "memberships")

    def people(self, organisations) -> list[Person]:
        rows = []
        for number in range(1, self.scale.people + 1):
            given, family = self.faker.first_name(), self.faker.last_name()
            rows.append(
                Person(
                    given_name=given,
                    family_name=family,
                    title=self.random.choice(TITLES),
                    employer=self.random.choice(organisations),
                    email=f"person{number}@demo.natverk.invalid",
                    phone=self.faker.phone_number(),
                    preferred_language=self.random.choices(Language.values, weights=[9, 1])[0],
                    legal_basis=self.random.choices(LegalBasis.values, weights=[9, 1])[0],
                )
            )
        self.write(Person, rows, "people")
        return list(Person.objects.filter(email__endswith="@demo.natverk.invalid").order_by("pk"))

    def representations(self, memberships, people) -> int:
        rows = []
        roles = [RepresentationRole.ORDINARY, RepresentationRole.DEPUTY]
        for membership in memberships:
            sitting = self.random.sample(people, self.scale.representatives_per_member)
            for index, person in enumerate(sitting):
                rows.append(
                    Representation(
                        person=person,
                        network_id=membership.network_id,
                        organisation_id=membership.organisation_id,
                        role=roles[index % 2],
                        start_date=membership.start_date,
                        end_date=membership.end_date,
                    )
                )
        self.write(Representation, rows, "representations")
        return len(rows)

    def run(self) -> DemoReport:
        organisations = self.organisations()
        networks = self.networks(self.focus_tags())
        memberships = self.memberships(networks, organisations)
        people = self.people(organisations)
        representations = self.representations(memberships, people)
        return DemoReport(
            organisations=len(organisations),
            networks=len(networks),
            people=len(people),
            memberships=len(memberships),
            representations=representations,
        )


@transaction.atomic
def demo_generate(
    *, scale: Scale, seed: int = 2026, replace: bool = False, progress: Progress = _no_progress
) -> DemoReport:
    if demo_exists():
        if not replace:
            raise DemoDataExists
        demo_remove()
    return _Generator(scale, seed, progress).run()
