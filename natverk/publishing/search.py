"""Finding networks by words, with Swedish stemming, on either database.

On PostgreSQL the text is searched with the `swedish` text search configuration; on
SQLite an FTS5 table holds the same text stemmed by the Swedish Snowball stemmer. Both
match every word of the query as a prefix of a stem, so "fonderna" (stem "fond") finds
Fondsamordningsgruppen and "Malmö högskola" finds the networks of Malmö universitet,
whose former name it is.

What people type is met halfway: å, ä and ö may be left out ("malmo hogskola"), and a
compound finds its parts and a part its compounds ("strukturfonder" finds "struktur- och
investeringsfonderna"). For that the text is searched with its words folded to plain
letters, and the tails of long words stand as words of their own. A network is found by
the names of its members, and of the organisations a grouping among them stands for
("Lund" finds the networks of Skånes fyra hörn).
"""

import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags

from natverk.publishing.models import SearchDocument
from natverk.registry.enums import OrganisationKind
from natverk.registry.models import Affiliation, Network, Organisation, OrganisationName
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


# A word this long may be a compound; its parts are at least this long.
COMPOUND_LENGTH = 9
PART_LENGTH = 4


def fold(text: str) -> str:
    """Lower case without diacritics: 'Malmö högskola' → 'malmo hogskola'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_words(query: str) -> list[str]:
    """The searchable words of a query, lower case, without stop words or punctuation."""
    words = [w.casefold() for w in WORD.findall(query[:MAX_QUERY_LENGTH])]
    return [w for w in words if w not in STOP_WORDS][:12]


def tails(word: str) -> list[str]:
    """The ends of a long word that may be words of their own: 'investeringsfonderna' →
    'stmentsfonderna', …, 'fonderna', …, 'erna'. Only whole parts ever match a query, so
    the nonsense among them costs only space."""
    if len(word) < COMPOUND_LENGTH:
        return []
    return [word[start:] for start in range(PART_LENGTH, len(word) - PART_LENGTH + 1)]


# Tails are indexed with this mark, so that only the second part of a compound typed as
# one word meets them: "universitet" alone finds Malmö universitet, not every
# lantbruksuniversitet, while "strukturfonder" finds "struktur- och investeringsfonderna".
TAIL_MARK = "qx"


def expanded(text: str) -> str:
    """The words of a text as a folded query meets them: folded where folding changes
    them, and the marked tails of long words."""
    extra: list[str] = []
    for word in dict.fromkeys(w.casefold() for w in WORD.findall(text)):
        plain = fold(word)
        if plain != word:
            extra.append(plain)
        extra.extend(TAIL_MARK + tail for tail in tails(plain))
    return " ".join(dict.fromkeys(extra))


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
    text = " ".join(part for part in parts if part)
    return f"{text} {expanded(text)}"


def grouped_members(grouping_ids: set[int]) -> dict[int, set[int]]:
    """Everything each grouping stands for, all the way down, from one query of the
    current affiliations."""
    down: dict[int, list[int]] = {}
    for member_id, group_id in Affiliation.objects.current().values_list("member_id", "group_id"):
        down.setdefault(group_id, []).append(member_id)
    found: dict[int, set[int]] = {}
    for grouping_id in grouping_ids:
        seen: set[int] = set()
        frontier = list(down.get(grouping_id, []))
        while frontier:
            member_id = frontier.pop()
            if member_id not in seen and member_id != grouping_id:
                seen.add(member_id)
                frontier.extend(down.get(member_id, []))
        found[grouping_id] = seen
    return found


def documents_refresh(network_ids: Iterable[int] | None = None) -> int:
    """Rebuild the search text of the given networks (all if None); returns how many."""
    networks = Network.objects.all()
    if network_ids is not None:
        network_ids = set(network_ids)
        networks = networks.filter(pk__in=network_ids)
    read = list(networks.prefetch_related("focus_tags", current_memberships_prefetch()))
    groupings = {
        m.organisation_id
        for n in read
        for m in n.current_memberships
        if m.organisation.kind == OrganisationKind.GROUPING
    }
    below = grouped_members(groupings) if groupings else {}
    organisation_ids = {m.organisation_id for n in read for m in n.current_memberships}
    organisation_ids |= {member for members in below.values() for member in members}
    own: dict[int, list[str]] = {}
    for pk, name, short_name in Organisation.objects.filter(
        pk__in=organisation_ids, needs_review=False
    ).values_list("pk", "name", "short_name"):
        own[pk] = [name, short_name]
    for organisation_id, name in OrganisationName.objects.filter(
        organisation_id__in=organisation_ids
    ).values_list("organisation_id", "name"):
        own.setdefault(organisation_id, []).append(name)
    # A grouping is found by its own names and by those of all it stands for.
    names = {
        pk: [*own.get(pk, []), *(n for m in below.get(pk, ()) for n in own.get(m, []))]
        for pk in own
    }

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


def alternatives(word: str) -> list[list[list[str]]]:
    """The ways a query word can be found, each a list of parts that must all be there,
    each part one of some spellings: the word whole, or a long word as the start of one
    word and the end of another or of a compound ('strukturfonder' → 'struktur' and
    'fonder' or '…fonder…'). All folded."""
    plain = fold(word)
    ways = [[[plain]]]
    if len(plain) >= COMPOUND_LENGTH:
        ways += [
            [[plain[:cut]], [plain[cut:], TAIL_MARK + plain[cut:]]]
            for cut in range(PART_LENGTH, len(plain) - PART_LENGTH + 1)
        ]
    # Each spelling must leave something to search by ("_" and the like do not).
    usable = [[[s for s in part if _usable(s)] for part in way] for way in ways]
    return [way for way in usable if all(way)]


def _usable(spelling: str) -> bool:
    lexemes = _lexemes(spelling)
    return bool(lexemes) and all(_stemmer.stemWord(lexeme) for lexeme in lexemes)


def _lexemes(word: str) -> list[str]:
    # Only letters and digits reach a query: \w also lets "_" through, which both search
    # engines read as a separator.
    return [part for part in re.split(r"[_\W]+", word) if part]


def matching_network_ids(words: list[str]):
    """A query of the ids of networks whose text holds every word (as a stem prefix),
    or both parts of it where it is a compound."""
    if connection.vendor == "postgresql":

        def pg(spelling: str) -> str:
            return "(" + " & ".join(f"{lexeme}:*" for lexeme in _lexemes(spelling)) + ")"

        raw = " & ".join(
            "("
            + " | ".join(
                "(" + " & ".join("(" + " | ".join(map(pg, part)) + ")" for part in way) + ")"
                for way in alternatives(word)
            )
            + ")"
            for word in words
            if alternatives(word)
        )
        if not raw:
            return SearchDocument.objects.none().values("network_id")
        query = SearchQuery(raw, search_type="raw", config="swedish")
        return (
            SearchDocument.objects.annotate(vector=SearchVector("text", config="swedish"))
            .filter(vector=query)
            .values("network_id")
        )

    def fts(spelling: str) -> str:
        terms = [_stemmer.stemWord(lexeme) for lexeme in _lexemes(spelling)]
        return "(" + " AND ".join(f'"{term}"*' for term in terms if term) + ")"

    match = " AND ".join(
        "("
        + " OR ".join(
            "(" + " AND ".join("(" + " OR ".join(map(fts, part)) + ")" for part in way) + ")"
            for way in alternatives(word)
        )
        + ")"
        for word in words
        if alternatives(word)
    )
    if not match:
        return RawSQL("SELECT network_id FROM publishing_search_fts WHERE 0", [])
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


def matching_organisations(words: list[str], *, limit: int = 20) -> list[Organisation]:
    """Public organisations whose names (short, former and other names too) hold every
    word of the query, folded, as the start of a word or of a part of one."""
    wanted = [fold(w) for w in words]
    names: dict[int, list[str]] = {}
    for pk, name in OrganisationName.objects.filter(organisation__needs_review=False).values_list(
        "organisation_id", "name"
    ):
        names.setdefault(pk, []).append(name)
    found = []
    for organisation in Organisation.objects.public().only("slug", "name", "kind", "short_name"):
        text = " ".join(
            [organisation.name, organisation.short_name, *names.get(organisation.pk, [])]
        )
        plain = [fold(w) for w in WORD.findall(text)]
        heads = [*plain, *(t for w in plain for t in tails(w))]
        if all(any(h.startswith(w) for h in heads) for w in wanted):
            found.append(organisation)
    return found[:limit]


def closest_name(query: str, names: list[str]) -> str | None:
    """The name nearest to a query that found nothing, when it is near enough to be what
    was meant ("Brysselnätvreket" → "Brysselnätverket")."""
    from rapidfuzz import fuzz, process, utils

    if not query.strip() or not names:
        return None
    best = process.extractOne(
        fold(query[:MAX_QUERY_LENGTH]),
        {name: fold(name) for name in names},
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=80,
    )
    return best[2] if best else None
