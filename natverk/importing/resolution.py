"""Which organisation a name on a page stands for: exact names, aliases and former names
first, then the forms Swedish names take (bare, genitive, "X kommun", "X stad",
"Region X län", "Landstinget i X"), then what the page is about ("Länsstyrelsen",
"Regionen", "Kommunen"), then fuzzy matching that never crosses a place name.
Unresolved names are reported with suggestions, never created here."""

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from natverk.importing import swedish
from natverk.registry.enums import NameKind, OrganisationKind
from natverk.registry.models import Network, Organisation, OrganisationName, normalise_name

FUZZY_THRESHOLD = 90
FUZZY_MARGIN = 4
SUGGESTION_THRESHOLD = 60


@functools.lru_cache(maxsize=65536)
def loose(text: str) -> str:
    """Case, hyphens, slashes, punctuation and spacing folded away (cached: a page asks
    for the same few thousand words again and again)."""
    text = normalise_name(text)
    text = re.sub(r"[-–/]", " ", text)
    text = re.sub(r"[^\w\s&]", "", text)
    return " ".join(text.split())


def without_genitive(text: str) -> str:
    """Each word without a genitive -s: 'region jämtlands härjedalen' and 'region jämtland
    härjedalen' compare equal. Used on both sides of a comparison."""
    return " ".join(w[:-1] if len(w) > 4 and w.endswith("s") else w for w in text.split())


def tokens(text: str) -> set[str]:
    return set(loose(text).split())


@dataclass
class Known:
    key: str
    name: str
    kind: str
    parent: str | None = None
    county: str = ""
    former: list[tuple[str, object]] = field(default_factory=list)  # (name, replaced_on)


@dataclass
class County:
    code: str
    name: str  # "Västernorrlands län"
    stem: str  # "Västernorrland"
    board: str | None = None  # key of its county board
    region: str | None = None  # key of its region


# The body a distributive phrase names for each organisation ("brysselkontoren för A, B
# och C"), by the kind of organisation its head word stands for.
HEAD_KINDS = {
    "brysselkontor": OrganisationKind.BRUSSELS_OFFICE,
    "eu-kontor": OrganisationKind.BRUSSELS_OFFICE,
    "länsstyrelse": OrganisationKind.COUNTY_BOARD,
    "universitet": OrganisationKind.UNIVERSITY,
    "högskol": OrganisationKind.UNIVERSITY,
    "kommun": OrganisationKind.MUNICIPALITY,
    "region": OrganisationKind.REGION,
    "landsting": OrganisationKind.REGION,
    "leaderområde": OrganisationKind.LOCAL_ACTION_GROUP,
}
# A bare word for a kind of body, which means the one of the place the page is about.
CONTEXT_WORDS = {
    "länsstyrelsen": OrganisationKind.COUNTY_BOARD,
    "länsstyrelsen i länet": OrganisationKind.COUNTY_BOARD,
    "regionen": OrganisationKind.REGION,
    "landstinget": OrganisationKind.REGION,
    "regionförbundet": OrganisationKind.REGION,
    "kommunen": OrganisationKind.MUNICIPALITY,
}
FORMER_CONTEXT_WORDS = {"landstinget", "regionförbundet"}


@dataclass
class Match:
    key: str
    matched: str  # the register's name that matched
    how: str  # name, alias, former, context, fuzzy
    score: float = 100.0
    written: str = ""  # the page's words this match was made from, when they differ
    reason: dict = field(default_factory=dict)  # for a context match: why this one


class NameIndex:
    """Every name of every organisation, looked up with case and spacing ignored, and the
    forms Swedish writes names of municipalities, regions and county boards in."""

    def __init__(
        self,
        organisations: list[Known],
        names: list[tuple[str, str, str]],
        *,
        municipalities: dict[str, str] | None = None,
        counties: dict[str, County] | None = None,
    ):
        self.organisations = {o.key: o for o in organisations}
        self.children: dict[str, list[Known]] = {}
        for known in organisations:
            if known.parent:
                self.children.setdefault(known.parent, []).append(known)
        self.strict: dict[str, tuple[str, str, str]] = {}
        self.loose: dict[str, tuple[str, str, str]] = {}
        self.genitive: dict[str, tuple[str, str, str]] = {}
        for key, name, how in names:
            self._add(key, name, how)
        self.counties = counties or {}
        # Bare municipality name -> key: "Ale", "Borås", "Upplands Väsby".
        self.municipalities = {normalise_name(n): k for n, k in (municipalities or {}).items()}
        self._add_forms()
        self.choices = list(self.loose)
        self.choice_owner = [self.loose[choice][0] for choice in self.choices]
        self.places = self._places()
        self.county_stems = {loose(c.stem) for c in self.counties.values()}
        self.cache: dict[str, Match | None] = {}

    def _add(self, key: str, name: str, how: str) -> None:
        entry = (key, name, how)
        self.strict.setdefault(normalise_name(name), entry)
        self.loose.setdefault(loose(name), entry)
        self.genitive.setdefault(without_genitive(loose(name)), entry)

    def _add_forms(self) -> None:
        """The forms a region and a county board go by, and the landsting and regional
        associations that became a region (reported as its former names)."""
        for county in self.counties.values():
            genitive = county.name.removesuffix(" län")
            if county.region and county.region in self.organisations:
                for form in (f"Region {county.stem}", f"Region {county.name}",
                             f"Region {genitive}", f"Region {county.stem} län"):  # fmt: skip
                    self._add(county.region, form, "alias")
                for form in (f"Landstinget {county.stem}", f"Landstinget i {county.name}",
                             f"Landstinget i {county.stem}", f"{genitive} läns landsting",
                             f"Regionförbundet i {county.name}", f"Regionförbundet {county.stem}",
                             f"Regionförbundet i {county.stem}"):  # fmt: skip
                    self._add(county.region, form, "former")
                    self.organisations[county.region].former.append((form, None))
            if county.board and county.board in self.organisations:
                for form in (
                    f"Länsstyrelsen {county.stem}",
                    f"Länsstyrelsen i {county.stem}",
                    f"Länsstyrelsen {county.name}",
                    f"Länsstyrelsen i {county.name}",
                ):
                    self._add(county.board, form, "alias")

    def _places(self) -> dict[str, str]:
        """Place name -> county code: municipalities and counties, bare and as stems."""
        places = {}
        for bare, key in self.municipalities.items():
            known = self.organisations.get(key)
            if known and known.county:
                places[loose(bare)] = known.county
        for county in self.counties.values():
            places[loose(county.stem)] = county.code
            places[loose(county.name)] = county.code
        return places

    @classmethod
    def from_database(cls) -> "NameIndex":
        organisations = {
            slug: Known(key=slug, name=name, kind=kind, parent=parent, county=county)
            for slug, name, kind, parent, county in Organisation.objects.values_list(
                "slug", "name", "kind", "parent__slug", "county_code"
            )
        }
        names: list[tuple[str, str, str]] = []
        municipalities: dict[str, str] = {}
        counties: dict[str, County] = {}
        for slug, name, short_name, kind, code, county in Organisation.objects.values_list(
            "slug", "name", "short_name", "kind", "municipality_code", "county_code"
        ):
            names.append((slug, name, "name"))
            if short_name:
                names.append((slug, short_name, "alias"))
            if code:
                bare = short_name or re.sub(r"s? (?:kommun|stad)$", "", name, flags=re.I)
                municipalities[bare] = slug
                if kind == OrganisationKind.REGION:
                    municipalities[bare.removeprefix("Region ")] = slug  # Gotland
            if county and kind == OrganisationKind.REGION:
                counties.setdefault(county, County(code=county, name="", stem="")).region = slug
            if county and kind == OrganisationKind.COUNTY_BOARD:
                counties.setdefault(county, County(code=county, name="", stem="")).board = slug
        for slug, name, kind, replaced_on in OrganisationName.objects.values_list(
            "organisation__slug", "name", "kind", "replaced_on"
        ):
            names.append((slug, name, "former" if kind == NameKind.FORMER else "alias"))
            if kind == NameKind.FORMER:
                organisations[slug].former.append((name, replaced_on))
            board_name = re.fullmatch(r"Länsstyrelsen i (.+ län)", name)
            code = organisations[slug].county
            if board_name and code in counties:
                counties[code].name = board_name[1]
        for entry in counties.values():
            board = organisations.get(entry.board or "")
            if not entry.name and board:
                entry.name = board.name.removeprefix("Länsstyrelsen ") + " län"
            entry.stem = re.sub(r"s län$| län$", "", entry.name)
        # Canonical names first, so they win over another organisation's alias.
        names.sort(key=lambda entry: {"name": 0, "alias": 1, "former": 2}[entry[2]])
        return cls(
            list(organisations.values()),
            names,
            municipalities=municipalities,
            counties={c.code: c for c in counties.values() if c.name},
        )

    # Lookups ---------------------------------------------------------------------

    def exact(self, text: str) -> Match | None:
        entry = (
            self.strict.get(normalise_name(text))
            or self.loose.get(loose(text))
            or self.genitive.get(without_genitive(loose(text)))
        )
        if entry is None:
            return self.municipality(text)
        key, name, how = entry
        return Match(key=key, matched=name, how=how)

    def municipality(self, text: str) -> Match | None:
        """A municipality in any of its forms: 'Ale', 'Ale kommun', 'Bergs kommun',
        'Borås stad', 'Lunds kommuns'."""
        folded = normalise_name(text)
        base = re.sub(r"\s+(?:kommuns?|stads?)$", "", folded)
        for candidate in (base, base[:-1] if base.endswith("s") else None):
            key = self.municipalities.get(candidate or "")
            if key:
                return Match(key=key, matched=self.organisations[key].name, how="alias")
        return None

    def place_words(self, text: str) -> list[str]:
        """The place names in a name: 'Torsby kommun' -> ['torsby']."""
        words = loose(text).split()
        found: list[str] = []
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                for form in (phrase, phrase[:-1] if phrase.endswith("s") else ""):
                    if form and form in self.places and not any(form in f for f in found):
                        found.append(form)
        return found

    def fuzzy(self, text: str) -> Match | None:
        query = loose(text)
        if len(query) < 5:
            return None
        results = process.extract(query, self.choices, scorer=fuzz.token_sort_ratio, limit=8)
        places = self.place_words(text)
        self._query_words = query.split()
        best_by_key: dict[str, tuple[float, str]] = {}
        for choice, score, index in results:
            if not self._same_places(places, choice):
                continue  # "Torsby kommun" is never "Osby kommun"
            key = self.choice_owner[index]
            if key not in best_by_key or best_by_key[key][0] < score:
                best_by_key[key] = (score, choice)
        ranked = sorted(best_by_key.items(), key=lambda item: item[1][0], reverse=True)
        if not ranked or ranked[0][1][0] < FUZZY_THRESHOLD:
            return None
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < FUZZY_MARGIN:
            return None  # too close to call
        key, (score, choice) = ranked[0]
        return Match(key=key, matched=self.loose[choice][1], how="fuzzy", score=round(score))

    def _same_places(self, places: list[str], choice: str) -> bool:
        """Whether a candidate names the same places as the query: each place word of
        either is, in the other, the same word or one within one letter ('Simrishams
        kommun' is Simrishamns kommun; 'Torsby kommun' is not Osby kommun)."""
        theirs = self.place_words(choice)

        def near(place: str, text: str) -> bool:
            words = loose(text).split()
            phrases = words + [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
            return any(
                Levenshtein.distance(place, w) <= 1
                or (w.endswith("s") and Levenshtein.distance(place, w[:-1]) <= 1)
                for w in phrases
            )

        return all(near(p, choice) for p in places) and all(
            near(p, " ".join(self._query_words)) for p in theirs
        )

    def suggestions(self, text: str, limit: int = 3) -> list[tuple[str, str, int]]:
        """(name, key, score) of the closest organisations, best first."""
        results = process.extract(loose(text), self.choices, scorer=fuzz.WRatio, limit=limit * 4)
        seen, suggestions = set(), []
        for _choice, score, index in results:
            key = self.choice_owner[index]
            if key in seen or score < SUGGESTION_THRESHOLD:
                continue
            seen.add(key)
            suggestions.append((self.organisations[key].name, key, round(score)))
            if len(suggestions) == limit:
                break
        return suggestions

    def renamed_from(self, match: Match) -> tuple[str, object] | None:
        """The former name the page's wording belongs to, if it is an old name: an exact
        former name, or an alias whose words all come from a former name."""
        known = self.organisations[match.key]
        if match.how == "context":
            return None
        for wording in filter(None, [match.matched, match.written]):
            if normalise_name(wording) == normalise_name(known.name):
                return None
            words = tokens(wording)
            for name, replaced_on in known.former:
                if words and words <= tokens(name):
                    return name, replaced_on
        return None

    def county_of(self, key: str) -> str:
        known = self.organisations.get(key)
        return known.county if known else ""


@dataclass
class PageContext:
    """What a page is about: its county and, when it is one municipality's page, that
    municipality; and why."""

    county: str = ""  # county code
    municipality: str = ""  # organisation key
    evidence: list[str] = field(default_factory=list)  # names that point there
    from_home: bool = False  # no evidence on the page: the installation's own county


def page_context(index: NameIndex, texts: list[str], title: str) -> PageContext:
    """The county and municipality a page is about, from the organisations and places it
    names (its title counts most), or the installation's home county."""
    votes: Counter[str] = Counter()
    evidence: dict[str, list[str]] = {}
    municipal: Counter[str] = Counter()
    for weight, text in [(3, title), *((1, t) for t in texts)]:
        for name, key in _names_in(index, text):
            county = index.county_of(key)
            kind = index.organisations[key].kind
            if county:
                votes[county] += weight * (2 if kind != OrganisationKind.MUNICIPALITY else 1)
                evidence.setdefault(county, [])
                if name not in evidence[county]:
                    evidence[county].append(name)
            if kind == OrganisationKind.MUNICIPALITY:
                municipal[key] += weight
        for name in _county_names(index, text):
            code = index.places[loose(name)]
            votes[code] += weight
            evidence.setdefault(code, [])
            if name not in evidence[code]:
                evidence[code].append(name)
        for place in re.findall(
            r"\b(?:i |inom )?([A-ZÅÄÖ][\wåäö]+(?: [A-ZÅÄÖ][\wåäö]+)? län)\b", text
        ):
            place_code = index.places.get(loose(place))
            if place_code:
                votes[place_code] += weight * 2
                evidence.setdefault(place_code, [])
                if place not in evidence[place_code]:
                    evidence[place_code].append(place)
    context = PageContext()
    ranked = votes.most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        context.county = ranked[0][0]
        context.evidence = evidence[context.county][:3]
    else:
        home = index.organisations.get(settings.NATVERK_HOME_COUNTY_BOARD)
        context.county = home.county if home else ""
        context.from_home = True
    top = municipal.most_common(2)
    if top and (len(top) == 1 or top[0][1] > top[1][1]) and top[0][1] >= 2:
        context.municipality = top[0][0]
    return context


def _county_names(index: NameIndex, text: str) -> list[str]:
    """The counties a text names by their own name ('Västernorrland', 'Västra Götaland')."""
    stems = index.county_stems
    found = []
    for run in re.finditer(r"\b[A-ZÅÄÖ][\wåäö]+(?: [A-ZÅÄÖ][\wåäö]+)?", text):
        for phrase in (run[0], *run[0].split()):
            if loose(phrase) in stems:
                if phrase not in found:
                    found.append(phrase)
                break
    return found


CAPITALISED_RUN = re.compile(r"\b[A-ZÅÄÖ][\wåäöé-]+(?:\s+(?:i\s+|och\s+)?[A-ZÅÄÖ][\wåäöé-]+){0,4}")


def _names_in(index: NameIndex, text: str) -> list[tuple[str, str]]:
    """(words, key) of the organisations a text names exactly, longest first."""
    found = []
    for run in CAPITALISED_RUN.finditer(text):
        words = run[0].split()
        start = 0
        while start < len(words):
            for end in range(len(words), start, -1):
                phrase = " ".join(words[start:end])
                entry = index.strict.get(normalise_name(phrase))
                key = entry[0] if entry else None
                if key is None and end - start <= 3:
                    match = index.municipality(phrase)
                    key = match.key if match else None
                if key:
                    found.append((phrase, key))
                    start = end
                    break
            else:
                start += 1
    return found


@dataclass
class Resolved:
    """What one written name stands for: keys, and what the resolution noticed."""

    as_written: str
    keys: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, str, int]] = field(default_factory=list)
    renamed: list[tuple[str, str, str, object]] = field(default_factory=list)
    # (key, old name, current name, date)
    matches: list[Match] = field(default_factory=list)


class Resolver:
    def __init__(self, index: NameIndex, *, context: PageContext | None = None):
        self.index = index
        self.context = context or PageContext()

    def in_context(self, text: str, *, sentence: str = "") -> Match | None:
        """A bare 'Länsstyrelsen', 'Regionen', 'Landstinget' or 'Kommunen': the body of
        the county or municipality the page (or the sentence) is about."""
        folded = normalise_name(text)
        kind = CONTEXT_WORDS.get(folded)
        if kind is None:
            return None
        county = self.index.counties.get(self.context.county)
        reason = {
            "county": county.name if county else "",
            "evidence": self.context.evidence,
            "home": self.context.from_home,
        }
        key = None
        if kind == OrganisationKind.COUNTY_BOARD and county:
            key = county.board
        elif kind == OrganisationKind.REGION and county:
            key = county.region
        elif kind == OrganisationKind.MUNICIPALITY:
            named = [
                k
                for _n, k in _names_in(self.index, sentence)
                if self.index.organisations[k].kind == OrganisationKind.MUNICIPALITY
            ]
            if len(set(named)) == 1:
                key = named[0]
                reason = {"sentence": self.index.organisations[key].name}
            elif self.context.municipality:
                key = self.context.municipality
                reason = {"municipality": self.index.organisations[key].name}
        if not key or key not in self.index.organisations:
            return None
        how = "context"
        if folded in FORMER_CONTEXT_WORDS:
            reason["former"] = True
        return Match(key=key, matched=self.index.organisations[key].name, how=how, reason=reason)

    def name(self, text: str, *, sentence: str = "") -> Match | None:
        """One name to one organisation, or None."""
        text = text.strip().strip(".,;:").strip()
        if not text:
            return None
        cached = self.index.cache.get(text)
        if cached is not None or (text in self.index.cache and not sentence):
            return cached
        match = self._name(text, sentence=sentence)
        if match is None or match.how != "context":
            self.index.cache[text] = match
        return match

    def _name(self, text: str, *, sentence: str) -> Match | None:
        match = self.index.exact(text)
        if match:
            return match
        context = self.in_context(text, sentence=sentence)
        if context:
            return context
        without_parenthesis = re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()
        if without_parenthesis != text:
            match = self.index.exact(without_parenthesis)
            inner = re.search(r"\(([^)]*)\)\s*$", text)
            if not match and inner:
                match = self.index.exact(inner[1])
            if match:
                return match
        stripped = swedish.GROUP_PREFIX.sub("", text)
        if stripped != text:
            match = self.name(stripped, sentence=sentence)
            if match:
                return match
        without_article = swedish.ARTICLE.sub("", text)
        if without_article != text:
            match = self.index.exact(without_article)
            if match:
                return match
        if re.fullmatch(r"[a-zåäö]{3,}", text):
            # "polis" in a list of bodies is "polisen"
            for definite in (f"{text}en", f"{text}n", f"{text}et"):
                match = self.index.exact(definite)
                if match:
                    return match
        return self.index.fuzzy(text)

    def exact_or_context(self, text: str) -> Match | None:
        """A name as it stands, without fuzzy matching or rewording."""
        return self.index.exact(text) or self.in_context(text)

    def item(self, text: str, *, sentence: str = "", in_list: bool = False) -> list[Resolved]:
        """A list item to one or more mentions: a name, two names joined by 'och', a
        name with a shared head ('Länsstyrelsen Skåne och Blekinge'), or a phrase
        naming several bodies ('brysselkontoren för A, B och C')."""
        match = self.index.exact(text) or self.in_context(text, sentence=sentence)
        if match:
            return [self._resolved(text, [match])]
        for left, right in swedish.can_split_at_and(text):
            # Two names the register knows, before any guess at one name: "A och B".
            left_match, right_match = self.index.exact(left), self.index.exact(right)
            if left_match and right_match:
                return [self._resolved(left, [left_match]), self._resolved(right, [right_match])]
        match = self.name(text, sentence=sentence)
        if match:
            return [self._resolved(text, [match])]
        distributed = self._distributive(text)
        if distributed:
            return [distributed]
        for left, right in swedish.can_split_at_and(text):
            left_match = self.name(left, sentence=sentence)
            right_match = self.name(right, sentence=sentence)
            if left_match and right_match:
                return [self._resolved(left, [left_match]), self._resolved(right, [right_match])]
            head = left.rsplit(" ", 1)[0] if " " in left else ""
            shared = self.name(f"{head} {right}") if head and left_match else None
            if shared and left_match and shared.key != left_match.key:
                resolved = self._resolved(text, [left_match, shared])
                resolved.findings.append(f"split:{text}")
                return [resolved]
            if not left_match and not right_match:
                continue
            # One side is a known name, the other not: two mentions, one unresolved.
            return [
                self._resolved(left, [left_match] if left_match else []),
                self._resolved(right, [right_match] if right_match else []),
            ]
        cuts = swedish.can_split_at_and(text)
        if cuts:
            # The list's own "och" between two unknown names: "… Syd och Polisregion Syd",
            # "RISE och Matfiskodlarna". Outside a list a one-word right side stays
            # ("Sveriges Kommuner och Regioner").
            left, right = cuts[-1]
            if (len(right.split()) >= 2 or in_list) and right[:1].isupper() and left[:1].isupper():
                return [self._resolved(left, []), self._resolved(right, [])]
        return [self._resolved(text, [])]

    def _distributive(self, text: str) -> Resolved | None:
        found = swedish.DISTRIBUTIVE.match(text)
        if not found:
            return None
        head = swedish.singular_of(found["head"])
        preposition = found["preposition"]
        names = []
        for part in swedish.top_level_split(found["names"], swedish.COMMA):
            cuts = swedish.can_split_at_and(part)
            names.extend([cuts[-1][0], cuts[-1][1]] if cuts else [part])
        if len(names) < 2:
            return None
        matches = []
        for name in names:
            match = (
                self.index.exact(f"{head} {preposition} {name}")
                or self.index.exact(f"{head} för {name}")
                or self.index.exact(f"{name}s {head}")
                or self._body_of_kind(head, name)
            )
            if match is None:
                return None
            match.written = name
            matches.append(match)
        return self._resolved(text, matches)

    def _body_of_kind(self, head: str, name: str) -> Match | None:
        """'brysselkontoret' of 'Region Skåne': the organisation itself if it is a Brussels
        office, else the one Brussels office it runs."""
        kind = next(
            (kind for stem, kind in HEAD_KINDS.items() if head.casefold().startswith(stem)), None
        )
        owner = self.index.exact(name)
        if kind is None or owner is None:
            return None
        if self.index.organisations[owner.key].kind == kind:
            return owner
        children = [c for c in self.index.children.get(owner.key, []) if c.kind == kind]
        if len(children) == 1:
            return Match(key=children[0].key, matched=children[0].name, how="name")
        return None

    def _resolved(self, text: str, matches: list[Match]) -> Resolved:
        resolved = Resolved(as_written=text, matches=matches)
        if not matches:
            resolved.findings.append(f"unresolved:{text}")
            resolved.suggestions = self.index.suggestions(text)
            return resolved
        for match in matches:
            if match.key not in resolved.keys:
                resolved.keys.append(match.key)
            if match.how == "fuzzy":
                resolved.findings.append(f"fuzzy:{text}")
            renamed = self.index.renamed_from(match)
            if renamed:
                resolved.findings.append(f"renamed:{match.key}")
                known = self.index.organisations[match.key]
                old = match.written or text if match.how != "fuzzy" else renamed[0]
                resolved.renamed.append((match.key, old, known.name, renamed[1]))
            known = self.index.organisations[match.key]
            if known.kind == OrganisationKind.GROUPING and swedish.is_plural_phrase(text):
                resolved.findings.append(f"group_member:{match.key}")
        return resolved


def network_names() -> dict[str, str]:
    """Normalised network name or short name -> slug, for relation targets."""
    names = {}
    for slug, name, short_name in Network.objects.values_list("slug", "name", "short_name"):
        names[normalise_name(name)] = slug
        if short_name:
            names.setdefault(normalise_name(short_name), slug)
    return names
