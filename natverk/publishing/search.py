"""Finding networks by words, with Swedish stemming, on either database.

On PostgreSQL the text is searched with the `swedish` text search configuration; on
SQLite an FTS5 table holds the same text stemmed by the Swedish Snowball stemmer. Both
match every word of the query as a prefix of a stem, so "fonderna" (stem "fond") finds
Fondsamordningsgruppen and "Malmö högskola" finds the networks of Malmö universitet,
whose former name it is.
"""

import re
from collections.abc import Iterable

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from natverk.publishing.models import SearchDocument
from natverk.registry.models import Network, OrganisationName
from natverk.registry.selectors import current_memberships_prefetch

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"[\wåäöÅÄÖéü]+", re.UNICODE)
# Words too common to search by (the head of the Snowball Swedish stop list).
STOP_WORDS = frozenset(
    [
        "och",
        "det",
        "att",
        "i",
        "en",
        "jag",
        "hon",
        "som",
        "han",
        "på",
        "den",
        "med",
        "var",
        "sig",
        "för",
        "så",
        "till",
        "är",
        "men",
        "ett",
        "om",
        "hade",
        "de",
        "av",
        "icke",
        "mig",
        "du",
        "henne",
        "då",
        "sin",
        "nu",
        "har",
        "inte",
        "hans",
        "honom",
        "skulle",
        "hennes",
        "där",
        "min",
        "man",
        "ej",
        "vid",
        "kunde",
        "något",
        "från",
        "ut",
        "när",
        "efter",
        "upp",
        "vi",
        "dem",
        "vara",
        "vad",
        "över",
        "än",
        "dig",
        "kan",
        "sina",
        "här",
        "ha",
        "mot",
        "alla",
        "under",
        "någon",
        "eller",
        "allt",
        "mycket",
        "sedan",
        "ju",
        "denna",
        "själv",
        "detta",
        "åt",
        "utan",
        "varit",
        "hur",
        "ingen",
        "mitt",
        "ni",
        "bli",
        "blev",
        "oss",
        "din",
        "dessa",
        "några",
        "deras",
        "blir",
        "mina",
        "samma",
        "vilken",
        "er",
        "sådan",
        "vår",
        "blivit",
        "dess",
        "inom",
        "mellan",
        "sådant",
        "varför",
        "varje",
        "vilka",
        "ditt",
        "vem",
        "vilket",
        "sitta",
        "sådana",
        "vart",
        "dina",
        "vars",
        "vårt",
        "våra",
        "ert",
        "era",
        "vilkas",
    ]
)
_stemmer = snowballstemmer.stemmer("swedish")


def query_words(query: str) -> list[str]:
    """The searchable words of a query, lower case, without stop words or punctuation."""
    words = [w.casefold() for w in WORD.findall(query[:MAX_QUERY_LENGTH])]
    return [w for w in words if w not in STOP_WORDS][:12]


def stemmed(text: str) -> str:
    return " ".join(_stemmer.stemWords([w.casefold() for w in WORD.findall(text)]))


def network_text(network: Network, names_by_organisation: dict[int, list[str]]) -> str:
    parts = [
        network.name,
        network.name_en,
        network.short_name,
        network.short_name_expansion,
        strip_tags(network.introduction),
        strip_tags(network.purpose),
        network.audience,
        *(tag.name for tag in network.focus_tags.all()),
        *(tag.name_en for tag in network.focus_tags.all()),
    ]
    for membership in network.current_memberships:
        parts.extend(names_by_organisation.get(membership.organisation_id, []))
    return " ".join(part for part in parts if part)


def documents_refresh(network_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search text of the given networks (all if None); returns how many."""
    networks = Network.objects.all()
    if network_ids is not None:
        network_ids = set(network_ids)
        networks = networks.filter(pk__in=network_ids)
    read = list(networks.prefetch_related("focus_tags", current_memberships_prefetch()))
    organisation_ids = {m.organisation_id for n in read for m in n.current_memberships}
    names: dict[int, list[str]] = {}
    for network in read:
        for membership in network.current_memberships:
            organisation = membership.organisation
            names.setdefault(organisation.pk, [organisation.name, organisation.short_name])
    for organisation_id, name in OrganisationName.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("organisation_id", "name"):
        names.setdefault(organisation_id, []).append(name)

    documents = [SearchDocument(network=n, text=network_text(n, names)) for n in read]
    if network_ids is None:
        SearchDocument.objects.all().delete()
    else:
        SearchDocument.objects.filter(network_id__in=network_ids).delete()
    SearchDocument.objects.bulk_create(documents, batch_size=500)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if network_ids is None:
                cursor.execute("DELETE FROM publishing_search_fts")
            else:
                for chunk in _chunks(sorted(network_ids), 500):
                    marks = ",".join("%s" for _ in chunk)
                    cursor.execute(
                        f"DELETE FROM publishing_search_fts WHERE network_id IN ({marks})",  # noqa: S608
                        chunk,
                    )
            cursor.executemany(
                "INSERT INTO publishing_search_fts (stemmed, network_id) VALUES (%s, %s)",
                [(stemmed(d.text), d.network_id) for d in documents],
            )
    return len(read)


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def matching_network_ids(words: list[str]):
    """A query of the ids of networks whose text holds every word (as a stem prefix)."""
    if connection.vendor == "postgresql":
        raw = " & ".join(f"{word.replace(chr(39), '')}:*" for word in words)
        query = SearchQuery(raw, search_type="raw", config="swedish")
        return (
            SearchDocument.objects.annotate(vector=SearchVector("text", config="swedish"))
            .filter(vector=query)
            .values("network_id")
        )
    match = " AND ".join(f'"{_stemmer.stemWord(word)}"*' for word in words)
    return RawSQL(
        "SELECT network_id FROM publishing_search_fts WHERE publishing_search_fts MATCH %s",
        [match],
    )


def index_rebuild() -> int:
    """Rebuild the search index from the stored search documents (after a restore, which
    brings back the documents but not SQLite's index of them)."""
    if connection.vendor != "sqlite":
        return 0  # PostgreSQL searches the documents themselves
    documents = list(SearchDocument.objects.values_list("text", "network_id"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM publishing_search_fts")
        cursor.executemany(
            "INSERT INTO publishing_search_fts (stemmed, network_id) VALUES (%s, %s)",
            [(stemmed(text), network_id) for text, network_id in documents],
        )
    return len(documents)
