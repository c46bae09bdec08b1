"""Synthetic but plausible Swedish data, for demonstrations and benchmarks.

The same seed gives the same data. Rows are written in bulk, history included, so a
national data set takes seconds rather than hours. Organisations are named after the
real municipalities and counties of the reference data ("Företagarna Kalix", "Region
Gävleborg"), networks after real focus areas and parts of the country ("Samverkansgruppen
för äldreomsorg i Norrbotten"), and their keys are read from their names. A generated
organisation's website is under `demo.natverk.invalid`, which is how the data is found
again to be replaced: a demo network is one with demo organisations in it.
"""

import csv
import datetime
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
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
from natverk.registry.models import (
    FocusTag,
    FormerNetworkAddress,
    Membership,
    Network,
    Organisation,
    normalise_name,
)

DEMO_DOMAIN = ".demo.natverk.invalid"
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

REFERENCE = Path(__file__).resolve().parent.parent / "registry" / "reference" / "national"

# Made-up places, for organisations beyond what the real names give (European scale).
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


@dataclass(frozen=True)
class Topic:
    """A focus area as the names and texts use it."""

    name: str  # the focus tag: "Folkhälsa"
    slug: str
    phrase: str  # after "för": "folkhälsa"
    stem: str  # the start of a compound: "folkhälso" (Folkhälsonätverket, folkhälsoråd)
    sentence: str  # what the network works on, in a sentence


TOPICS = [
    Topic("EU-samordning", "eu", "EU-frågor", "EU-",
          "I fokus står EU:s program och vägen till europeisk finansiering."),
    Topic("Strukturfonder", "strukturfonder", "strukturfonderna", "strukturfonds",
          "Nätverket följer regional- och socialfonden och delar erfarenheter av ansökningar."),
    Topic("Landsbygdsutveckling", "landsbygdsutveckling", "landsbygdsutveckling", "landsbygds",
          "Arbetet rör service, bredband och företagande på landsbygden."),
    Topic("Regional utveckling", "regional-utveckling", "regional utveckling", "utvecklings",
          "Utgångspunkten är den regionala utvecklingsstrategin och hur den genomförs lokalt."),
    Topic("Klimat och energi", "klimat", "klimat och energi", "klimat",
          "Medlemmarna arbetar med energiomställning, klimatanpassning och gemensamma mål."),
    Topic("Kompetensförsörjning", "kompetens", "kompetensförsörjning", "kompetens",
          "Frågan är hur arbetsgivarna i länet får den kompetens de behöver."),
    Topic("Digitalisering", "digitalisering", "digitalisering", "digitaliserings",
          "Medlemmarna delar lösningar för e-tjänster, infrastruktur och informationssäkerhet."),
    Topic("Folkhälsa", "folkhalsa", "folkhälsa", "folkhälso",
          "Arbetet utgår från folkhälsopolitikens mål och de lokala välfärdsbokslutens resultat."),
    Topic("Kollektivtrafik", "kollektivtrafik", "kollektivtrafik", "kollektivtrafik",
          "Nätverket samordnar trafikplanering, pendling och tillgänglighet mellan kommunerna."),
    Topic("Näringsliv", "naringsliv", "näringslivsutveckling", "näringslivs",
          "Medlemmarna samarbetar om etableringar, företagsklimat och besöksnäring."),
    Topic("Integration", "integration", "integration", "integrations",
          "Arbetet gäller etablering på arbetsmarknaden, språk och samhällsorientering."),
    Topic("Vattenfrågor", "vatten", "vattenfrågor", "vatten",
          "Nätverket arbetar med vattenförsörjning, avlopp och åtgärder i avrinningsområdena."),
    Topic("Äldreomsorg", "aldreomsorg", "äldreomsorg", "äldreomsorgs",
          "Medlemmarna jämför arbetssätt i hemtjänst och särskilt boende och planerar utbildning."),
]  # fmt: skip
NETWORK_FORMS = [
    "Nätverket för {phrase} i {place}",
    "Samverkansgruppen för {phrase} i {place}",
    "{Stem}nätverket i {place}",
    "{place_genitive} {stem}råd",
    "Arbetsgruppen för {phrase} i {place}",
    "Regionalt forum för {phrase} i {place}",
    "{place_genitive} {stem}grupp",
    "Referensgruppen för {phrase} i {place}",
]
# Parts of the country networks are named after, besides counties and municipalities.
AREAS = [
    "Sydost", "Nordväst", "Sydväst", "Nordost", "Mälardalen", "Norrland", "Sydsverige",
    "Västsverige", "Östra Mellansverige", "Bergslagen", "Öresundsregionen", "Norra Skåne",
    "Sjuhärad", "Fyrbodal", "Höglandet", "Tornedalen",
]  # fmt: skip
AUDIENCES = [
    "EU-samordnare", "EU-strateger", "utvecklingsstrateger", "näringslivschefer",
    "projektledare", "enhetschefer", "kommunstrateger", "handläggare", "utredare",
    "verksamhetsutvecklare",
]  # fmt: skip
MEMBERS_PHRASES = [
    "kommunerna", "kommunerna, regionen och länsstyrelsen", "tjänstepersoner från kommunerna",
    "strateger och handläggare", "kommuner, myndigheter och lärosäten",
]  # fmt: skip
HOW_OFTEN = {None: "vid behov", 2: "två gånger om året", 4: "fyra gånger om året",
             6: "sex gånger om året", 10: "tio gånger om året"}  # fmt: skip
TITLES = [
    "EU-samordnare", "EU-strateg", "Utvecklingsstrateg", "Näringslivschef", "Projektledare",
    "Enhetschef", "Kommunstrateg", "Handläggare", "Utredare", "Verksamhetsutvecklare",
]  # fmt: skip
# Organisations named after a municipality, {name} or its genitive {genitive}.
MUNICIPAL_FORMS = [
    (OrganisationKind.INTEREST_ORG, "Företagarna {name}"),
    (OrganisationKind.INTEREST_ORG, "Hyresgästföreningen {name}"),
    (OrganisationKind.OTHER, "{name} Vatten AB"),
    (OrganisationKind.OTHER, "Räddningstjänsten {name}"),
    (OrganisationKind.OTHER, "{genitive} folkhögskola"),
    (OrganisationKind.OTHER, "{name} Energi AB"),
    (OrganisationKind.ASSOCIATION, "{genitive} hembygdsförening"),
    (OrganisationKind.LOCAL_ACTION_GROUP, "Leader {name}"),
]
# Organisations named after a county, by its short name ("Skåne") or its genitive.
COUNTY_FORMS = [
    (OrganisationKind.REGION, "Region {name}"),
    (OrganisationKind.ASSOCIATION, "{genitive} kommunförbund"),
    (OrganisationKind.BRUSSELS_OFFICE, "{name} Europakontor"),
    (OrganisationKind.EU_PROGRAMME, "Landsbygdsprogrammet i {name}"),
    (OrganisationKind.INTEREST_ORG, "Handelskammaren i {name}"),
    (OrganisationKind.UNIVERSITY, "Högskolan i {name}"),
]
# Made-up places: only when the real names run out.
MADE_UP_FORMS = [
    (OrganisationKind.ASSOCIATION, "{name} byalag"),
    (OrganisationKind.ASSOCIATION, "{genitive} hembygdsförening"),
    (OrganisationKind.INTEREST_ORG, "Företagarna {name}"),
    (OrganisationKind.OTHER, "Stiftelsen {name}gården"),
    (OrganisationKind.OTHER, "{name} Vatten AB"),
    (OrganisationKind.ASSOCIATION, "{name} idrottsförening"),
    (OrganisationKind.LOCAL_ACTION_GROUP, "Leader {name}"),
    (OrganisationKind.OTHER, "{genitive} folkhögskola"),
]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]  # "EU-strateger", never "Eu-strateger"


def genitive(name: str) -> str:
    """Swedish genitive: -s, except after a vowel, s, x or z (Skånes, Blekinge, Vännäs)."""
    return name if name[-1].lower() in "aeiouyåäösxz" else f"{name}s"


@dataclass(frozen=True)
class Place:
    name: str
    municipality_code: str = ""
    county_code: str = ""


def _municipalities() -> list[dict]:
    with (REFERENCE / "municipalities.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _counties() -> list[Place]:
    with (REFERENCE / "counties.csv").open(encoding="utf-8") as handle:
        return [
            Place(row["county_board_short"].removeprefix("Länsstyrelsen "), county_code=row["code"])
            for row in csv.DictReader(handle)
        ]


def unique_slug(name: str, taken: set[str], most: int = 100) -> str:
    """A key read from the name ("Region Östergötland" → region-ostergotland), with a
    number after it when another has it."""
    base = slugify(name)[:most].strip("-") or "demo"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base[: most - 1 - len(str(number))]}-{number}"
    taken.add(slug)
    return slug


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


def demo_organisations() -> QuerySet[Organisation]:
    """The generated organisations, in the order they were made."""
    return Organisation.objects.filter(website__endswith=DEMO_DOMAIN).order_by("pk")


def demo_networks() -> QuerySet[Network]:
    """The generated networks, in the order they were made."""
    members = Membership.objects.filter(organisation__in=demo_organisations())
    return Network.objects.filter(pk__in=members.values("network_id")).order_by("pk")


def demo_exists() -> bool:
    return demo_organisations().exists()


@transaction.atomic
def demo_remove() -> None:
    demo = demo_organisations()
    demo_networks().delete()  # their memberships and representations with them
    Representation.objects.filter(organisation__in=demo).delete()
    Person.objects.filter(email__endswith="@demo.natverk.invalid").delete()
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

    def made_up_place(self) -> str:
        return self.random.choice(PLACE_STARTS) + self.random.choice(PLACE_ENDS)

    def organisation_names(self) -> list[tuple[str, str, Place]]:
        """(kind, name, place) of plausible organisations, real places first, in an
        order of the seed's; the names the register has already are left out."""
        municipalities = [
            Place(row["name"], row["code"], row["county_code"]) for row in _municipalities()
        ]
        counties = _counties()
        real: list[tuple[str, str, Place]] = [
            (OrganisationKind.MUNICIPALITY, row["official_name"], place)
            for row, place in zip(_municipalities(), municipalities, strict=True)
        ]
        real += [
            (kind, form.format(name=place.name, genitive=genitive(place.name)), place)
            for place in municipalities
            for kind, form in MUNICIPAL_FORMS
        ]
        real += [
            (kind, form.format(name=place.name, genitive=genitive(place.name)), place)
            for place in counties
            for kind, form in COUNTY_FORMS
        ]
        self.random.shuffle(real)
        names = real
        if len(real) < self.scale.organisations * 2:
            made_up = {self.made_up_place() for _ in range(self.scale.organisations * 2)}
            names += [
                (kind, form.format(name=name, genitive=genitive(name)), Place(name))
                for name in sorted(made_up)
                for kind, form in MADE_UP_FORMS
            ]
        existing = set(Organisation.objects.values_list("name", flat=True))
        codes = set(
            Organisation.objects.exclude(municipality_code="").values_list(
                "municipality_code", flat=True
            )
        )
        seen = {normalise_name(name) for name in existing}
        chosen = []
        for kind, name, place in names:
            if normalise_name(name) in seen or (
                kind == OrganisationKind.MUNICIPALITY and place.municipality_code in codes
            ):
                continue
            seen.add(normalise_name(name))
            chosen.append((kind, name, place))
        return chosen

    def write(self, model, rows: list, label: str) -> list:
        written = []
        for batch in self.progress(_batches(rows), label, len(_batches(rows))):
            written.extend(bulk_create_with_history(batch, model, batch_size=BATCH_SIZE))
        return written

    def organisations(self) -> list[Organisation]:
        taken = set(Organisation.objects.values_list("slug", flat=True))
        rows = []
        names = self.organisation_names()
        for number in range(self.scale.organisations):
            kind, name, place = names[number % len(names)]
            if number >= len(names):  # beyond every plausible name: numbered
                name = f"{name} {number // len(names) + 1}"
            slug = unique_slug(name, taken)
            rows.append(
                Organisation(
                    slug=slug,
                    name=name,
                    kind=kind,
                    municipality_code=(
                        place.municipality_code if kind == OrganisationKind.MUNICIPALITY else ""
                    ),
                    county_code=place.county_code,
                    website=f"https://{slug[:60]}{DEMO_DOMAIN}",
                )
            )
        self.write(Organisation, rows, "organisations")
        return list(demo_organisations())

    def focus_tags(self) -> list[FocusTag]:
        tags = []
        for topic in TOPICS:
            tag, _created = FocusTag.objects.get_or_create(
                slug=topic.slug, defaults={"name": topic.name}
            )
            tags.append(tag)
        return tags

    def network_name(self, topic: Topic, place: str) -> str:
        return self.random.choice(NETWORK_FORMS).format(
            phrase=topic.phrase,
            place=place,
            place_genitive=genitive(place),
            stem=topic.stem,
            Stem=_capital(topic.stem),
        )

    def description(self, topic: Topic, place: str, meetings) -> tuple[str, str]:
        """(introduction, purpose) of a network, in two short paragraphs."""
        members = self.random.choice(MEMBERS_PHRASES)
        introduction = (
            f"<p>Nätverket samlar {members} i {place} kring {topic.phrase}. "
            f"{topic.sentence}</p>"
            f"<p>Mötena hålls {HOW_OFTEN.get(meetings, 'vid behov')} och ägnas åt "
            "erfarenhetsutbyte och gemensamma insatser.</p>"
        )
        purpose = (
            f"<p>Syftet är att stärka samverkan om {topic.phrase} mellan organisationerna i "
            f"{place} och att ge dem en gemensam röst gentemot nationella och europeiska "
            "aktörer.</p>"
        )
        return introduction, purpose

    def networks(self, tags: list[FocusTag]) -> list[Network]:
        regions = [*(county.name for county in _counties()), *AREAS]
        places = [*regions, *(row["name"] for row in _municipalities())]
        taken = set(Network.objects.values_list("slug", flat=True))
        taken |= set(FormerNetworkAddress.objects.values_list("slug", flat=True))
        names = set(Network.objects.values_list("name", flat=True))
        rows = []
        chosen_topics = []
        for _number in range(self.scale.networks):
            topic = self.random.choice(TOPICS)
            # Counties and areas more often than single municipalities.
            place = self.random.choice(regions if self.random.random() < 0.6 else places)
            name = self.network_name(topic, place)
            while name in names:
                name = self.network_name(self.random.choice(TOPICS), self.random.choice(places))
            names.add(name)
            chosen_topics.append(topic.slug)
            meetings = self.random.choice([None, 2, 4, 4, 6, 10])
            introduction, purpose = self.description(topic, place, meetings)
            rows.append(
                Network(
                    slug=unique_slug(name, taken, most=120),
                    name=name,
                    introduction=introduction,
                    purpose=purpose,
                    function=self.random.choice(NetworkFunction.values),
                    ambition_level=self.random.choice(AmbitionLevel.values),
                    formality=self.random.choice(Formality.values),
                    status=self.random.choices(NetworkStatus.values, weights=[85, 10, 5])[0],
                    audience=(
                        f"{_capital(self.random.choice(AUDIENCES))} och andra som arbetar "
                        f"med {topic.phrase}"
                    ),
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
        networks = list(Network.objects.filter(slug__in=[row.slug for row in rows]).order_by("pk"))
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
