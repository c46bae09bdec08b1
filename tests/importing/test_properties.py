"""Random and mutated pages: the importer either reads a page or says why not with its
own error, and an import is written whole or not at all."""

from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natverk.importing.errors import ImportProblem
from natverk.importing.parser import page_read
from natverk.importing.reading import NetworkReading
from natverk.importing.seed import SEED_PAGE
from natverk.importing.services import page_import
from natverk.registry.models import Membership, Network, Relation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference")]

SEED_LINES = SEED_PAGE.read_text(encoding="utf-8").split("\n")
WORDS = [
    "Följande organisationer deltar i nätverket:", "sammankallande", "(gemensamt sammankallande)",
    "och", "samt", ",", ".", "Region Skåne", "Malmö högskola", "Länsstyrelsen", "internat",
    "fyra gånger per år", "arbetsgrupp till", "rådgivande till", "Sidansvarig",
    "Senast uppdaterad:", "(", ")", ":", "\n", "\n\n", "- ", "<p>", "</h2>", "&nbsp;", "\x00",
    "Ä", "\u00a0",
]  # fmt: skip
FAST = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated_pages(draw) -> str:
    lines = list(SEED_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        position = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        action = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "cut", "noise"]))
        if not lines:
            lines.append("")
        if action == "delete":
            del lines[position]
        elif action == "duplicate":
            lines.insert(position, lines[position])
        elif action == "insert":
            lines.insert(position, " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=12))))
        elif action == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
        elif action == "cut":
            line = lines[position]
            lines[position] = line[: draw(st.integers(min_value=0, max_value=len(line)))]
        else:
            lines[position] += draw(st.text(max_size=40))
    return "\n".join(lines)


def wanted_keys(network: NetworkReading) -> set[str]:
    return {key for mention in [*network.conveners, *network.members] for key in mention.resolved}


def register_rows():
    return (
        list(
            Network.objects.order_by("pk").values_list("slug", "introduction", "meetings_per_year")
        ),
        list(
            Membership.objects.order_by("pk").values_list(
                "network_id", "organisation_id", "role", "end_date"
            )
        ),
        list(Relation.objects.order_by("pk").values_list("source_id", "kind", "target_network_id")),
    )


def refusal(read, *args, **kwargs) -> ImportProblem | None:
    """The importer's own error, if it refuses; any other exception fails the test."""
    try:
        read(*args, **kwargs)
    except ImportProblem as problem:
        return problem
    return None


@FAST
@given(data=st.binary(max_size=4000))
def test_random_bytes_are_read_or_refused_with_the_importers_own_error(data):
    problem = refusal(page_read, data)
    assert problem is None or str(problem)


@FAST
@given(text=st.text(max_size=3000))
def test_random_text_is_read_or_refused_with_the_importers_own_error(text):
    problem = refusal(page_read, text.encode("utf-8"))
    assert problem is None or str(problem)


@FAST
@given(page=mutated_pages(), as_html=st.booleans())
def test_mutated_pages_are_written_whole_or_not_at_all(page, as_html):
    data = (
        f"<html><body><main><pre>{page}</pre></main></body></html>" if as_html else page
    ).encode("utf-8")
    before = register_rows()
    results = []
    problem = refusal(lambda: results.append(page_import(data, apply=True, reason="test")))
    if problem is not None:
        assert str(problem)
        assert register_rows() == before
        return
    held = defaultdict(set)  # memberships kept until someone decides about an unknown name
    for kept in results[0].report.held:
        held[kept.network].add(kept.key)
    for network in results[0].page.reading.networks:
        stored = Network.objects.get(slug=network.slug)
        current = set(
            Membership.objects.current()
            .filter(network=stored)
            .values_list("organisation__slug", flat=True)
        )
        assert current == wanted_keys(network) | held[network.name]
