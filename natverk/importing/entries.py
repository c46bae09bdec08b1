"""One entry of a list of members: an organisation, or a person with the organisation
they sit for ('Anna Berg, Lunds kommun', 'Kommundirektör Anna Berg, Lunds kommun',
'Anna Berg (S) regionråd Region Skåne, ordförande', 'Lunds kommun: Anna Berg'), a
person alone (one line of an alternating list), a phone number, or something else.

People are recognised by their given name (the Faker package's lists of given names in
the languages Swedish pages meet) or by a party after the name; they are never an
organisation, and what is published never names them."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from natverk.importing.source import CONTACT_DETAILS

PARTY = re.compile(r"\s*\((?P<party>S|M|C|L|V|KD|MP|SD|FP|s|m|c|l|v|kd|mp|sd|fp)\)")
NAME_WORD = r"[A-ZÅÄÖÉÜ][a-zåäöéèüáíóúñç]+(?:-[A-ZÅÄÖÉÜ][a-zåäöéèüáíóúñç]+)?"
PARTICLE = r"(?:de|af|von|van|der|den|la|di|da|el|al|bin)"
PERSON_NAME = re.compile(rf"(?P<name>{NAME_WORD}(?:\s+(?:{PARTICLE}\s+)?{NAME_WORD}){{1,3}})")
# Column headings of a table of members.
COLUMN_WORDS = {"namn", "kommun", "organisation", "roll", "titel", "befattning", "e-post",
                "telefon", "representerar", "funktion", "sektor", "uppdrag", "parti",
                "epost", "mejl", "mobil", "ort"}  # fmt: skip
SECTOR = re.compile(r"\bsektor\b|\bnäringsliv\b|\bcivilsamhälle", re.IGNORECASE)
# The words of a link: "Läs mer på vattenrådets webbplats", "Mer information".
LINK_WORDS = re.compile(
    r"^(?:läs mer|mer information|klicka|här kan du|här hittar du|se även|till |gå till)\b",
    re.IGNORECASE,
)
FIRST_NAME_LOCALES = ["sv_SE", "no_NO", "da_DK", "fi_FI", "en_US", "de_DE", "fr_FR", "nl_NL",
                      "tr_TR", "pl_PL", "es_ES", "it_IT"]  # fmt: skip


@cache
def first_names() -> frozenset[str]:
    """Given names, folded, from the Faker package's person providers."""
    import importlib

    names: set[str] = set()
    for locale in FIRST_NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):  # a locale Faker does not have
            continue
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            names.update(n.casefold() for n in getattr(provider, attribute, ()) or ())
    return frozenset(names)


def given_name(word: str) -> bool:
    parts = word.casefold().split("-")
    return all(part in first_names() for part in parts)


@dataclass
class Entry:
    kind: str  # "person", "organisation", "phone", "header" or "other"
    organisation: str = ""  # the organisation's words as written
    person: str = ""
    role: str = ""  # the person's role, as written
    party: str = ""


@dataclass
class Person:
    name: str
    start: int
    end: int


def person_in(text: str, known: Callable[[str], bool] = lambda _t: False) -> Person | None:
    """The first person's name in a text: two to four capitalised words from a given
    name on ('Kommundirektör Anders Axén' -> 'Anders Axén'), or followed by a party;
    never the name of an organisation (`known`: 'Lilla Edet')."""
    for match in PERSON_NAME.finditer(text):
        if known(match["name"]):
            continue
        words = list(re.finditer(r"\S+", match["name"]))
        for index, word in enumerate(words):
            if given_name(word[0]) and len(words) - index >= 2:
                start = match.start() + word.start()
                return Person(name=text[start : match.end()], start=start, end=match.end())
        if PARTY.match(text[match.end() :]):
            return Person(name=match["name"], start=match.start(), end=match.end())
    return None


def organisation_like(text: str) -> str:
    """The organisation a part of a person line names: the part itself when it starts with
    a capital ('Lunds kommun'), else what follows its role words ('regiondirektör
    Regionförbundet' -> 'Regionförbundet'); empty when it is only a role."""
    text = text.strip(" .,;")
    if not text or CONTACT_DETAILS.search(text):
        return ""
    if text[0].isupper():
        return text
    words = text.split()
    for index, word in enumerate(words):
        if word[0].isupper():
            if index and words[index - 1] in ("för", "i", "på", "vid", "hos"):
                return ""  # "riksdagsledamot för Socialdemokraterna": a role, not a seat
            return " ".join(words[index:])
    return ""


def entry(text: str, known: Callable[[str], bool] = lambda _t: False) -> Entry:
    """What one line of a list of members says. `known` says whether words are the name
    of an organisation in the register."""
    text = text.strip().strip("•·-–").strip()
    if not text:
        return Entry("other")
    cells = [c.strip() for c in text.split("\t") if c.strip()]
    if len(cells) > 1 and all(c.casefold() in COLUMN_WORDS for c in cells):
        return Entry("header")
    if CONTACT_DETAILS.fullmatch(text.replace(" ", "")) or re.fullmatch(
        r"[+\d][\d\s()/-]{6,}", text
    ):
        return Entry("phone")
    if len(cells) > 1:
        text = ", ".join(cells)
    labelled = re.match(r"^(?P<organisation>[^:]{2,80}):\s+(?P<rest>.+)$", text)
    if labelled and not person_in(labelled["organisation"], known):
        named = person_in(labelled["rest"], known)
        if named:
            return Entry("person", organisation=labelled["organisation"], person=named.name)
    if LINK_WORDS.match(text):
        return Entry("other")
    person = person_in(text, known)
    first, _comma, rest = text.partition(", ")
    if (
        person is None
        and rest
        and PERSON_NAME.fullmatch(first)
        and not known(first)
        and any(known(organisation_like(part)) for part in rest.split(", "))
    ):
        # "Derk de Berg, Upplands Väsby kommun": a name before the organisation it sits
        # for, though the given name is not one we know.
        person = Person(name=first, start=0, end=len(first))
    if person is None:
        if SECTOR.search(text):
            return Entry("other")
        return Entry("organisation", organisation=text)
    before, after = text[: person.start], text[person.end :]
    party = PARTY.match(after)
    if party:
        after = after[party.end() :]
    parts = [p.strip() for p in re.split(r",\s*|\s+[-–]\s+", after) if p.strip()]
    role_before = before.strip(" ,")
    organisation = ""
    roles = [role_before] if role_before else []
    for part in reversed(parts):
        candidate = organisation_like(part)
        if candidate and not organisation:
            organisation = candidate
            if candidate != part:
                roles.insert(0, part[: len(part) - len(candidate)].strip())
        else:
            roles.insert(0, part)
    return Entry(
        "person",
        organisation=organisation,
        person=person.name,
        role=", ".join(r for r in roles if r),
        party=party["party"].upper() if party else "",
    )
