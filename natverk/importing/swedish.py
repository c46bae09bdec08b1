"""The Swedish forms a networks page uses, as patterns over plain text. No database here:
these functions only say what the words say; `resolution` decides what the names are."""

import re
from dataclasses import dataclass, field

NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20,
}  # fmt: skip
NUMBER = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
ABBREVIATIONS = re.compile(
    r"\b(?:t\.ex|bl\.a|m\.fl|m\.m|d\.v\.s|dvs|s\.k|t\.o\.m|fr\.o\.m|o\.s\.v|ca|resp|jfr|inkl"
    r"|exkl|nr|st|kl|tel|ang|el|enl|mfl)\.$",
    re.IGNORECASE,
)
ROLE_WORDS = re.compile(
    r"samordnare|strateg|tjänstem|handläggare|chef|ansvarig|ansvarar|representant|medarbetare"
    r"|personer|resurs|utvecklare|ledare|experter|specialist|företrädare|politiker|förtroendevald"
    r"|rektor|projektledare|controller|koordinator|sekreterare|ordförande|rådgivare"
    # Agent nouns: rådgivare, utredare, ekonomer, strateger, samordnare, specialister.
    r"|\w{3,}(?:are|ärer|örer|ister|iker|loger|nomer|eger)\b",
    re.IGNORECASE,
)
GATHERS = re.compile(
    r"\b(?:samlar|består av|sammanför|för samman|engagerar|bjuder in|vänder sig till)\b",
    re.IGNORECASE,
)
COLLECTIVES = re.compile(
    r"\b(?:tjänstemän|representanter|aktörer|kommuner|organisationer|företrädare|medarbetare"
    r"|myndigheter|parter)(?:na)?\b",
    re.IGNORECASE,
)


def describes_members_generally(sentence: str) -> bool:
    """'Nätverket samlar trafikplanerare från de skånska kommunerna': says who takes part
    in general terms, without naming anyone."""
    gathers = GATHERS.search(sentence)
    if not gathers:
        return False
    rest = sentence[gathers.end() :]
    return bool(COLLECTIVES.search(rest) or ROLE_WORDS.search(rest))


LEAD_INS = [
    r"(?:följande|dessa) (?:organisationer|parter|aktörer|myndigheter|kommuner|medlemmar)"
    r"[^:.]*?(?:deltar|ingår|är med|medverkar|finns med|representeras)[^:.]*?:",
    r"(?:består|bestod) av (?:tjänstemän|representanter|företrädare|medarbetare|personer)"
    r" (?:från|för|på) följande [^:.]*?:",
    r"(?:består|bestod) av (?:tjänstemän|representanter|företrädare|medarbetare|personer)"
    r" (?:från|för|på)",
    r"(?:består|bestod) av följande [^:.]*?:",
    r"(?:består|bestod) av:",
    r"(?:i|inom) (?:nätverket|gruppen|partnerskapet|rådet|samverkan) (?:ingår|deltar|medverkar)"
    r"(?: följande[^:.]*?)?:?",
    r"(?:deltagare|medlemmar|deltagande organisationer|medlemsorganisationer|ingående parter"
    r"|organisationer|parter|representerade organisationer)(?: i [^:.]*?)?:",
    r"medlemmar (?:i|av) [^:.]*? är",
    r"(?:nätverkets|gruppens|partnerskapets) (?:medlemmar|deltagare) är",
    r"(?:deltar|ingår|medverkar) (?:gör|i nätverket)? ?(?:representanter från|följande):?",
]
LEAD_IN = re.compile(r"(?:^|(?<=[\s(]))(?:" + "|".join(LEAD_INS) + r")\s*", re.IGNORECASE)

CONVENER_ROLE = re.compile(
    r"\s*\((?P<joint>gemensamt |gemensam |delat )?(?:sammankallande|sammankallare)"
    r"(?: tillsammans med [^)]*)?\)",
    re.IGNORECASE,
)
OTHER_ROLE = re.compile(
    r"\s*\((?P<role>adjungerad|adjungerade|observatör|observatörer|sekretariat|sekreterare"
    r"|processledare|värd)\)",
    re.IGNORECASE,
)
SEATS = re.compile(
    r"\s*\((?P<count>" + NUMBER + r")\s+(?:personer|person|platser|plats|representanter"
    r"|representant|ledamöter|ledamot|st|deltagare|stycken|tjänstemän)\)",
    re.IGNORECASE,
)
ROLE_NAMES = {
    "adjungerad": "observer", "adjungerade": "observer", "observatör": "observer",
    "observatörer": "observer", "sekretariat": "secretariat", "sekreterare": "secretariat",
    "processledare": "secretariat", "värd": "secretariat",
}  # fmt: skip

CONVENER_SENTENCES = [
    # X och Y är gemensamt sammankallande (till nätverket) (tillsammans med Z)
    re.compile(
        r"^(?P<names>.+?) (?:är|var|blir|fungerar som) (?P<joint>gemensamt |gemensamma |delat )?"
        r"(?:sammankallande|sammankallare)(?: (?:till|för|i|av) [^,.]+?)?"
        r"(?: tillsammans med (?P<partner>.+?))?\s*[.!]?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:nätverkets |gruppens )?(?:sammankallande|sammankallare)(?: (?:för|i|till) [^:]+?)?"
        r"(?: är|:)\s*(?P<names>.+?)\s*[.!]?$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bsammankallas (?P<joint>gemensamt )?(?:av|utav) (?P<names>.+?)\s*[.!]?$",
        re.IGNORECASE,
    ),
]

RELATION_PATTERNS = [
    ("reports_to", r"\b(?:arbetsgrupp|arbetsutskott|beredningsgrupp|undergrupp|arbetsgruppen)"
                   r" (?:till|åt|under|för|inom) "),
    ("reports_to", r"\brapporterar (?:till|in till) "),
    ("reports_to", r"\bär underställd "),
    ("advises", r"\brådgivande (?:organ |funktion |grupp )?(?:till|åt|för|gentemot) "),
    ("advises", r"\bger råd (?:till|åt) "),
    ("advises", r"\breferensgrupp (?:till|åt|för) "),
    ("part_of", r"\b(?:är|utgör) en del av "),
    ("part_of", r"\bdelnätverk (?:inom|till|under|i) "),
    ("part_of", r"\bär ett undernätverk (?:till|inom|i) "),
]  # fmt: skip
RELATION_END = re.compile(
    r",|;|\.(?:\s|$)|\s(?:som|och i|och att|samt|för att|där|i syfte|när|med syfte|vilket"
    r"|och för|och vid|och med|i utformningen|i arbetet|kring|om)\s",
    re.IGNORECASE,
)
DESCRIBED_AS = re.compile(r"^\s*,?\s*som (?:består av|utgörs av) (?P<text>[^.]+)", re.IGNORECASE)

UNITS_PER_YEAR = {
    "år": 1, "året": 1, "termin": 2, "terminen": 2, "halvår": 2, "halvåret": 2,
    "kvartal": 4, "kvartalet": 4, "månad": 12, "månaden": 12, "vecka": 52, "veckan": 52,
}  # fmt: skip
UNIT = r"(?P<unit>" + "|".join(sorted(UNITS_PER_YEAR, key=len, reverse=True)) + r")\b"
CADENCE = re.compile(
    r"\b(?P<count>" + NUMBER + r")(?:\s*(?:[-–]|till|à|eller)\s*(?P<upper>" + NUMBER + r"))?"
    r"(?:\s+(?:gånger|gång|ggr|möten|träffar|fysiska möten|digitala möten|sammankomster))?"
    r"\s+(?:per|om|i|varje|under)\s+" + UNIT,
    re.IGNORECASE,
)
EVERY_OTHER_PER_YEAR = {"år": 0.5, "termin": 1, "kvartal": 2, "månad": 6, "vecka": 26}
EVERY_PER_YEAR = {
    "månad": 12, "vecka": 52, "kvartal": 4, "termin": 2,
    "månadsvis": 12, "årligen": 1, "kvartalsvis": 4,
}  # fmt: skip
EVERY_OTHER = re.compile(r"\b(?:varannan|vartannat) (?P<unit>månad|vecka|år|termin|kvartal)\b",
                         re.IGNORECASE)  # fmt: skip
EVERY = re.compile(
    r"\b(?:varje|en gång i|en gång per) (?P<unit>månad|vecka|kvartal|termin)\b"
    r"|\b(?P<adverb>månadsvis|årligen|kvartalsvis)\b",
    re.IGNORECASE,
)
RESIDENTIAL = re.compile(r"\binternat", re.IGNORECASE)
RESIDENTIAL_COUNT = re.compile(
    r"\b(?P<count>" + NUMBER + r")\s+(?:av\s+(?:träffarna|mötena|dessa)\b[^.]*?\binternat"
    r"|internat\b)",
    re.IGNORECASE,
)
PLACES_EITHER = re.compile(
    r"antingen i (?P<first>[A-ZÅÄÖ][\wåäö-]+) eller i (?P<second>[A-ZÅÄÖ][\wåäö-]+)"
)
PLACE_SINGLE = re.compile(r"\binternat(?:et)?\b[^.]*?\b(?:i|på) (?P<place>[A-ZÅÄÖ][\wåäö-]+)")

AUDIENCE_PATTERNS = [
    re.compile(
        r"\bnätverk(?:et)? för (?P<text>[^.]+?)"
        r"(?:\.|$| med (?:fokus|syfte|inriktning)| där | som träffas)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:riktar|vänder) sig (?:främst |i första hand |framför allt )?till "
        r"(?P<text>[^.]+?)(?:\.|$)",
        re.IGNORECASE,
    ),
    re.compile(r"\bmålgrupp(?:en)?(?: är|:)\s*(?P<text>[^.]+?)(?:\.|$)", re.IGNORECASE),
]
INFORMAL = re.compile(r"\binformell(?:t|a)?\b", re.IGNORECASE)
FUNCTIONS = [
    ("advisory_body", re.compile(r"rådgivande|ger råd|referensgrupp", re.I)),
    ("working_group", re.compile(r"arbetsgrupp|beredningsgrupp|arbetsutskott", re.I)),
    ("steering", re.compile(r"styrgrupp|styrelse|styr arbetet|beslutande", re.I)),
    ("meeting_place", re.compile(r"mötesplats|forum för", re.I)),
    ("information_exchange", re.compile(
        r"uppdatera varandra|informationsutbyte|utbyte av information|erfarenhetsutbyte"
        r"|informera", re.I,
    )),
]  # fmt: skip
# Lower case only: "Strategiska fondsamordningsgruppen" is a name, not an ambition.
AMBITIONS = [
    ("informal", re.compile(r"\binformell")),
    ("strategic", re.compile(r"\bstrategisk")),
    ("operational", re.compile(r"\boperativ")),
]
FOCUS = [
    ("eu", re.compile(r"\bEU\b|EU-|Bryssel|europeisk|Interreg", re.I)),
    ("strukturfonder", re.compile(r"fond(?:er|erna|samordning)|investeringsfond|ESF", re.I)),
    ("landsbygdsutveckling", re.compile(r"landsbygd", re.I)),
    ("regional-utveckling", re.compile(r"regional(?:t)? utveckling|regionalt utvecklings", re.I)),
]

GROUP_PREFIX = re.compile(
    r"^(?:(?:ett antal|några|flera|ett par|samtliga|alla|övriga|berörda)\s+)?"
    r"(?:[\wåäö]+/)?(?:representanter|företrädare|tjänstemän|medarbetare|kommuner|personer)"
    r"\s+(?:från|för|inom|på|i)\s+",
    re.IGNORECASE,
)
DISTRIBUTIVE = re.compile(
    r"^(?P<head>[\wåäöÅÄÖ-]+?(?:en|na))\s+(?:för|i|på|hos|vid)\s+(?P<names>.+)$"
)
PLURAL_TO_SINGULAR = [("kontoren", "kontoret"), ("erna", "en"), ("arna", "en"), ("orna", "an"),
                      ("ena", "et"), ("en", "et")]  # fmt: skip
ARTICLE = re.compile(r"^(?:den|det|de)\s+", re.IGNORECASE)


def number_value(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.casefold()]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph. A colon does not end one (lists follow colons), and
    abbreviations such as 't.ex.' do not either."""
    sentences, start = [], 0
    for match in re.finditer(r"[.!?](?=\s+[A-ZÅÄÖ0-9\"'«(])", paragraph):
        candidate = paragraph[start : match.end()].strip()
        if ABBREVIATIONS.search(candidate):
            continue
        sentences.append(candidate)
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def top_level_split(text: str, separator: re.Pattern) -> list[str]:
    """Split at `separator`, but not inside parentheses."""
    parts, depth, start = [], 0, 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            match = separator.match(text, index)
            if match and match.end() > index:
                parts.append(text[start:index])
                start = index = match.end()
                continue
        index += 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


COMMA = re.compile(r"\s*[,;]\s+")
SAMT = re.compile(r"\s+samt\s+", re.IGNORECASE)
FINAL_AND = re.compile(r"\s+(?:och|&|eller)\s+", re.IGNORECASE)


def list_items(text: str) -> list[str]:
    """The items of a list sentence, before anything is resolved. Everything after 'samt'
    is one item; the final 'och' is split later, when it is known whether it belongs to
    a name (see resolution)."""
    text = re.sub(r"\s*[.!]\s*$", "", text.strip())
    if not text:
        return []
    head, *after_samt = top_level_split(text, SAMT)
    items = top_level_split(head, COMMA)
    return items + after_samt


def can_split_at_and(text: str) -> list[tuple[str, str]]:
    """Ways to cut 'X och Y' at a top-level 'och' that is not a suspended compound
    ('Arbets- och miljömedicin')."""
    cuts = []
    depth = 0
    for match in FINAL_AND.finditer(text):
        before = text[: match.start()]
        depth = before.count("(") - before.count(")")
        if depth or before.endswith("-"):
            continue
        cuts.append((before.strip(), text[match.end() :].strip()))
    return cuts


@dataclass
class ItemText:
    """A list item with its role and seat count taken off."""

    text: str
    convener: bool = False
    joint: bool = False
    role: str | None = None
    seats: int | None = None


# Words around a name that are not part of it: "m.fl.", "bl.a.", a footnote mark, a
# link's note.
NOT_THE_NAME = [
    re.compile(r"\s*,?\s*\b(?:m\.\s?fl|med flera|mfl|etc|osv|o\.s\.v)\.?\s*$", re.IGNORECASE),
    re.compile(r"^\s*(?:bl\.\s?a\.?|bland annat|t\.\s?ex\.?|till exempel)\s+", re.IGNORECASE),
    re.compile(r"\s*\((?:extern länk|länk|öppnas i nytt fönster|pdf)\)\s*", re.IGNORECASE),
    re.compile(r"(?<=\w)(?:\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)"),
]


def item_text(raw: str) -> ItemText:
    text = raw.strip().rstrip(".,;").strip()
    for pattern in NOT_THE_NAME:
        text = pattern.sub("", text).strip()
    item = ItemText(text=text.rstrip(".,;").strip())
    convener = CONVENER_ROLE.search(item.text)
    if convener:
        item.convener = True
        item.joint = bool(convener["joint"])
        item.text = CONVENER_ROLE.sub("", item.text).strip()
    other = OTHER_ROLE.search(item.text)
    if other:
        item.role = ROLE_NAMES[other["role"].casefold()]
        item.text = OTHER_ROLE.sub("", item.text).strip()
    seats = SEATS.search(item.text)
    if seats:
        item.seats = number_value(seats["count"])
        item.text = SEATS.sub("", item.text).strip()
    item.text = item.text.strip(" ,;:")
    return item


def find_lead_in(sentence: str) -> re.Match | None:
    return LEAD_IN.search(sentence)


@dataclass
class ConvenerSentence:
    names: str
    joint: bool
    partner: str | None = None


def convener_sentence(sentence: str) -> ConvenerSentence | None:
    for pattern in CONVENER_SENTENCES:
        match = pattern.search(sentence.strip())
        if match:
            names = match["names"].strip()
            names = re.sub(r"^(?:nätverket|gruppen|det)\s+", "", names, flags=re.I)
            groups = match.groupdict()
            return ConvenerSentence(
                names=names,
                joint=bool(groups.get("joint")) or bool(groups.get("partner")),
                partner=(groups.get("partner") or None),
            )
    return None


@dataclass
class RelationText:
    kind: str
    target: str
    described_as: str | None = None


def relation_sentences(sentence: str) -> list[RelationText]:
    found = []
    for kind, pattern in RELATION_PATTERNS:
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            rest = sentence[match.end() :]
            end = RELATION_END.search(rest)
            target = (rest[: end.start()] if end else rest).strip().rstrip(".")
            target = ARTICLE.sub("", target).strip(" ()\"'”“")
            if not re.match(r"\w", target) or len(target.split()) > 8:
                continue
            target = target[0].upper() + target[1:]
            after = rest[end.start() :] if end else ""
            described = DESCRIBED_AS.match(after)
            found.append(
                RelationText(
                    kind=kind,
                    target=target,
                    described_as=described["text"].strip() if described else None,
                )
            )
    return found


@dataclass
class CadenceText:
    meetings_per_year: float | None = None
    residential_per_year: int | None = None
    residential_places: list[str] = field(default_factory=list)


def cadence(text: str) -> CadenceText | None:
    result = CadenceText()
    match = CADENCE.search(text)
    if match:
        per_unit = number_value(match["count"])
        result.meetings_per_year = per_unit * UNITS_PER_YEAR[match["unit"].casefold()]
    else:
        other = EVERY_OTHER.search(text)
        every = EVERY.search(text)
        if other:
            unit = other["unit"].casefold()
            result.meetings_per_year = EVERY_OTHER_PER_YEAR[unit]
        elif every:
            unit = (every["unit"] or every["adverb"]).casefold()
            result.meetings_per_year = EVERY_PER_YEAR[unit]
    if RESIDENTIAL.search(text):
        count = RESIDENTIAL_COUNT.search(text)
        result.residential_per_year = number_value(count["count"]) if count else 1
        either = PLACES_EITHER.search(text)
        if either:
            result.residential_places = [either["first"], either["second"]]
        else:
            single = PLACE_SINGLE.search(text)
            if single:
                result.residential_places = [single["place"]]
    if result.meetings_per_year is None and result.residential_per_year is None:
        return None
    if isinstance(result.meetings_per_year, float) and result.meetings_per_year.is_integer():
        result.meetings_per_year = int(result.meetings_per_year)
    return result


def audience(text: str) -> str | None:
    for pattern in AUDIENCE_PATTERNS:
        for match in pattern.finditer(text):
            candidate = match["text"].strip().rstrip(",")
            if ROLE_WORDS.search(candidate) and len(candidate.split()) <= 25:
                return candidate
    return None


def classify(text: str, patterns) -> str:
    for value, pattern in patterns:
        if pattern.search(text):
            return value
    return ""


def focus_tags(text: str) -> list[str]:
    return [slug for slug, pattern in FOCUS if pattern.search(text)]


def singular_of(head: str) -> str:
    """'brysselkontoren' -> 'brysselkontoret', 'länsstyrelserna' -> 'länsstyrelsen'."""
    lower = head.casefold()
    for plural, singular in PLURAL_TO_SINGULAR:
        if lower.endswith(plural):
            return head[: len(head) - len(plural)] + singular
    return head


def is_plural_phrase(text: str) -> bool:
    """Whether a name is worded as a group ('Europa direkt-kontoren', 'representanter
    från …') rather than as one body."""
    if GROUP_PREFIX.match(text):
        return True
    return any(
        re.search(r"(?:erna|arna|orna|[^i]ena|[mnr]en|rna)$", word.casefold()) and len(word) > 6
        for word in re.split(r"[\s/]+", text)
    )
