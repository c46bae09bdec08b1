"""Which organisation a name on a page stands for: exact names, aliases and former names
first, then the installation's context, then fuzzy matching. Unresolved names are
reported with suggestions, never created here."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from rapidfuzz import fuzz, process

from natverk.importing import swedish
from natverk.registry.enums import NameKind, OrganisationKind
from natverk.registry.models import Network, Organisation, OrganisationName, normalise_name

FUZZY_THRESHOLD = 90
FUZZY_MARGIN = 4
SUGGESTION_THRESHOLD = 60


def loose(text: str) -> str:
    """Case, hyphens, slashes, punctuation and spacing folded away."""
    text = normalise_name(text)
    text = re.sub(r"[-–/]", " ", text)
    text = re.sub(r"[^\w\s&]", "", text)
    return " ".join(text.split())


def tokens(text: str) -> set[str]:
    return set(loose(text).split())


@dataclass
class Known:
    key: str
    name: str
    kind: str
    parent: str | None = None
    former: list[tuple[str, object]] = field(default_factory=list)  # (name, replaced_on)


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
    "leaderområde": OrganisationKind.LOCAL_ACTION_GROUP,
}


@dataclass
class Match:
    key: str
    matched: str  # the register's name that matched
    how: str  # name, alias, former, context, fuzzy
    score: float = 100.0
    written: str = ""  # the page's words this match was made from, when they differ


class NameIndex:
    """Every name of every organisation, looked up with case and spacing ignored."""

    def __init__(self, organisations: list[Known], names: list[tuple[str, str, str]]):
        self.organisations = {o.key: o for o in organisations}
        self.children: dict[str, list[Known]] = {}
        for known in organisations:
            if known.parent:
                self.children.setdefault(known.parent, []).append(known)
        self.strict: dict[str, tuple[str, str, str]] = {}
        self.loose: dict[str, tuple[str, str, str]] = {}
        for key, name, how in names:
            self.strict.setdefault(normalise_name(name), (key, name, how))
            self.loose.setdefault(loose(name), (key, name, how))
        self.choices = list(self.loose)
        self.choice_owner = [self.loose[choice][0] for choice in self.choices]

    @classmethod
    def from_database(cls) -> "NameIndex":
        organisations = {
            slug: Known(key=slug, name=name, kind=kind, parent=parent)
            for slug, name, kind, parent in Organisation.objects.values_list(
                "slug", "name", "kind", "parent__slug"
            )
        }
        names: list[tuple[str, str, str]] = []
        for slug, name, short_name in Organisation.objects.values_list(
            "slug", "name", "short_name"
        ):
            names.append((slug, name, "name"))
            if short_name:
                names.append((slug, short_name, "alias"))
        for slug, name, kind, replaced_on in OrganisationName.objects.values_list(
            "organisation__slug", "name", "kind", "replaced_on"
        ):
            names.append((slug, name, "former" if kind == NameKind.FORMER else "alias"))
            if kind == NameKind.FORMER:
                organisations[slug].former.append((name, replaced_on))
        # Canonical names first, so they win over another organisation's alias.
        names.sort(key=lambda entry: {"name": 0, "alias": 1, "former": 2}[entry[2]])
        return cls(list(organisations.values()), names)

    def exact(self, text: str) -> Match | None:
        entry = self.strict.get(normalise_name(text)) or self.loose.get(loose(text))
        if entry is None:
            return None
        key, name, how = entry
        return Match(key=key, matched=name, how=how)

    def fuzzy(self, text: str) -> Match | None:
        query = loose(text)
        if len(query) < 5:
            return None
        results = process.extract(query, self.choices, scorer=fuzz.token_sort_ratio, limit=8)
        best_by_key: dict[str, tuple[float, str]] = {}
        for choice, score, index in results:
            key = self.choice_owner[index]
            if key not in best_by_key or best_by_key[key][0] < score:
                best_by_key[key] = (score, choice)
        ranked = sorted(best_by_key.items(), key=lambda item: item[1][0], reverse=True)
        if not ranked or ranked[0][1][0] < FUZZY_THRESHOLD:
            return None
        if len(ranked) > 1 and ranked[0][1][0] - ranked[1][1][0] < FUZZY_MARGIN:
            return None  # too close to call
        key, (score, choice) = ranked[0]
        return Match(key=key, matched=self.loose[choice][1], how="fuzzy", score=score)

    def suggestions(self, text: str, limit: int = 3) -> list[tuple[str, str, float]]:
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
        for wording in filter(None, [match.matched, match.written]):
            if normalise_name(wording) == normalise_name(known.name):
                return None
            words = tokens(wording)
            for name, replaced_on in known.former:
                if words and words <= tokens(name):
                    return name, replaced_on
        return None


@dataclass
class Resolved:
    """What one written name stands for: keys, and what the resolution noticed."""

    as_written: str
    keys: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    suggestions: list[tuple[str, str, float]] = field(default_factory=list)
    renamed: list[tuple[str, str, str, object]] = field(default_factory=list)
    # (key, old name, current name, date)


class Resolver:
    def __init__(self, index: NameIndex, *, home_county_board: str | None = None):
        self.index = index
        self.home_county_board = home_county_board or settings.NATVERK_HOME_COUNTY_BOARD

    def name(self, text: str) -> Match | None:
        """One name to one organisation, or None."""
        text = text.strip().strip(".,;:").strip()
        if not text:
            return None
        match = self.index.exact(text)
        if match:
            return match
        without_parenthesis = re.sub(r"\s*\([^)]*\)\s*$", "", text).strip()
        if without_parenthesis != text:
            match = self.index.exact(without_parenthesis)
            inner = re.search(r"\(([^)]*)\)\s*$", text)
            if not match and inner:
                match = self.index.exact(inner[1])
            if match:
                return match
        if normalise_name(text) in ("länsstyrelsen", "länsstyrelsen i länet") and (
            self.home_county_board in self.index.organisations
        ):
            return Match(key=self.home_county_board, matched=text, how="context")
        stripped = swedish.GROUP_PREFIX.sub("", text)
        if stripped != text:
            match = self.name(stripped)
            if match:
                return match
        without_article = swedish.ARTICLE.sub("", text)
        if without_article != text:
            match = self.index.exact(without_article)
            if match:
                return match
        return self.index.fuzzy(text)

    def exact_or_context(self, text: str) -> Match | None:
        """A name as it stands, without fuzzy matching or rewording."""
        match = self.index.exact(text)
        if (
            match is None
            and normalise_name(text) == "länsstyrelsen"
            and self.home_county_board in self.index.organisations
        ):
            return Match(key=self.home_county_board, matched=text, how="context")
        return match

    def item(self, text: str) -> list[Resolved]:
        """A list item to one or more mentions: a name, two names joined by 'och', a
        name with a shared head ('Länsstyrelsen Skåne och Blekinge'), or a phrase
        naming several bodies ('brysselkontoren för A, B och C')."""
        match = self.name(text)
        if match:
            return [self._resolved(text, [match])]
        distributed = self._distributive(text)
        if distributed:
            return [distributed]
        for left, right in swedish.can_split_at_and(text):
            left_match, right_match = self.name(left), self.name(right)
            if left_match and right_match:
                return [self._resolved(left, [left_match]), self._resolved(right, [right_match])]
            head = left.rsplit(" ", 1)[0] if " " in left else ""
            shared = self.name(f"{head} {right}") if head and left_match else None
            if shared and shared.key != left_match.key:
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
            # The list's own "och" between two unknown names: "… Syd och Polisregion Syd".
            # A one-word right side stays ("Sveriges Kommuner och Regioner").
            left, right = cuts[-1]
            if len(right.split()) >= 2 and right[:1].isupper() and left[:1].isupper():
                return [self._resolved(left, []), self._resolved(right, [])]
        return [self._resolved(text, [])]

    def _distributive(self, text: str) -> Resolved | None:
        found = swedish.DISTRIBUTIVE.match(text)
        if not found:
            return None
        head = swedish.singular_of(found["head"])
        names = []
        for part in swedish.top_level_split(found["names"], swedish.COMMA):
            cuts = swedish.can_split_at_and(part)
            names.extend([cuts[-1][0], cuts[-1][1]] if cuts else [part])
        if len(names) < 2:
            return None
        matches = []
        for name in names:
            match = (
                self.index.exact(f"{head} för {name}")
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
        owner = self.name(name)
        if kind is None or owner is None:
            return None
        if self.index.organisations[owner.key].kind == kind:
            return owner
        children = [c for c in self.index.children.get(owner.key, []) if c.kind == kind]
        if len(children) == 1:
            return Match(key=children[0].key, matched=children[0].name, how="name")
        return None

    def _resolved(self, text: str, matches: list[Match]) -> Resolved:
        resolved = Resolved(as_written=text)
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
