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
    r"\s*\((?P<role>adjungerad|adjungerade|adjungerad ledamot|observatör|observatörer"
    r"|sekretariat|sekreterare|processledare|värd|vice ordförande|ordförande|ordf\.?)\)",
    re.IGNORECASE,
)
# "(2 personer)", "(fyra personer, varav en ordförande)", "(två platser)".
SEATS = re.compile(
    r"\s*\((?P<count>" + NUMBER + r")\s+(?:personer|person|platser|plats|representanter"
    r"|representant|ledamöter|ledamot|st|deltagare|stycken|tjänstemän|tjänstepersoner)"
    r"(?:\s*,\s*varav[^)]*)?\)",
    re.IGNORECASE,
)
# A note after a name that is not part of it: "(kvar sedan tidigare)", "(ny)", "(tf)".
NOTE = re.compile(
    r"\s*\((?:kvar sedan tidigare|omvald|nyvald|ny|nytt|tf|t\.f\.|vakant|tillträder[^)]*"
    r"|från \d{4}[^)]*|sedan \d{4}[^)]*)\)",
    re.IGNORECASE,
)
ROLE_NAMES = {
    "adjungerad": "observer", "adjungerade": "observer", "adjungerad ledamot": "observer",
    "observatör": "observer", "observatörer": "observer", "sekretariat": "secretariat",
    "sekreterare": "secretariat", "processledare": "secretariat", "värd": "secretariat",
    "ordförande": "chair", "ordf": "chair", "ordf.": "chair", "vice ordförande": "chair",
}  # fmt: skip

CONVENER_SENTENCES = [
    # Det är X (och Y) som är (gemensamt) sammankallande / som sammankallar
    re.compile(
        r"^det är (?P<names>.+?) som (?:(?:är|var) (?P<joint>gemensamt |gemensamma |delat )?"
        r"(?:sammankallande|sammankallare)|(?P<joint2>gemensamt )?sammankallar)\b"
        r"(?: tillsammans med (?P<partner>.+?))?[^.]*?[.!]?$",
        re.IGNORECASE,
    ),
    # X och Y är gemensamt sammankallande (till nätverket) (under 2019) (tillsammans med Z)
    re.compile(
        r"^(?P<names>.+?) (?:är|var|blir|fungerar som) (?P<joint>gemensamt |gemensamma |delat )?"
        r"(?:sammankallande|sammankallare)(?: \([^)]*\))?"
        r"(?: (?:till|för|i|av|under|från|sedan) [^,.]+?)?(?: \([^)]*\))?"
        r"(?: tillsammans med (?P<partner>.+?))?\s*[.!]?$",
        re.IGNORECASE,
    ),
    # X (och Y) sammankallar (gemensamt) (gruppen, till mötena …)
    re.compile(r"^(?P<names>[A-ZÅÄÖ].+?) (?P<joint>gemensamt )?sammankallar\b[^.]*?[.!]?$"),
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
    r"^(?P<head>[\wåäöÅÄÖ-]+?(?:en|na))\s+(?P<preposition>för|i|på|hos|vid)\s+(?P<names>.+)$"
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
    item.text = NOTE.sub("", item.text).strip()
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
                joint=bool(groups.get("joint") or groups.get("joint2") or groups.get("partner")),
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


# What a heading is ------------------------------------------------------------------

# A heading over the members of the network it belongs to: "Deltagare", "Deltagare 2022",
# "Ledamöter i insynsrådet", "Organisationer i den nya styrgruppen".
MEMBERS_HEADING = re.compile(
    r"^(?:deltagare|deltagarna|medlemmar(?:na)?|medlemsorganisationer|medlemskommuner"
    r"|ingående (?:organisationer|parter|kommuner)|deltagande (?:organisationer|kommuner)"
    r"|representerade organisationer|organisationer|parter(?:na)?|ordinarie ledamöter"
    r"|ledamöter(?:na)?|ledamot|sammansättning|representanter|representation"
    r"|(?P<observer>adjungerade?(?: ledamöter| ledamot)?))\b(?:\s+(?:i|av|för|från) .*)?$"
)
CONVENERS_HEADING = re.compile(r"^(?:sammankallande|sammankallare|samordnare)$")
CONTACT_SECTION = re.compile(r"^(?:kontakt(?:person(?:er)?|uppgifter|information|a oss)?|frågor)\b")
AREA_HEADING = re.compile(r"^(?:vårt |verksamhets|geografiskt? )?område(?:t|n)?\b|geografi")
# Headings that name a part of a page about a network, not a network: "Syfte",
# "Mötestider 2016", "Tid och plats", "Nätverkets uppdrag", "Styrelsens roll".
SECTION_WORDS = (
    "syfte|mål|målgrupp|uppdrag|uppdraget|bakgrund|historik|fakta|om nätverket|om gruppen"
    "|möten|mötet|mötestider|mötesdagar|mötesdatum|mötesfrekvens|mötesplan|datum|tid och plats"
    "|tider|kalender|kalendarium|arbetsformer|arbetssätt|arbetsuppgifter|uppgifter|ansvar"
    "|verksamhet|verksamhetsplan|program|programmet|dokumentation|dokument|handlingar"
    "|protokoll|minnesanteckningar|länkar|relaterat|relaterade|läs mer|se även|mer information"
    "|tidigare möten|aktuellt|nyheter|prioriterade områden|fokusområden|förväntningar|mandat"
    "|inriktning|organisation|organisering|styrning|finansiering|resultat|utvecklingsinsatser"
    "|insatser|aktiviteter|publikationer|rapporter|bilagor|kontaktpersoner|inbjudan"
    "|anmälan|välkommen|vision|värdegrund|tema|teman"
)
SECTION_HEADING = re.compile(
    r"^(?:" + SECTION_WORDS + r")\b"
    r"|^(?:nätverkets|gruppens|rådets|styrgruppens|samverkansrådets|partnerskapets"
    r"|föreningens|vår|våra|vårt|om)\s"
    r"|^[\wåäö-]+(?::s|s) roll(?:er)?$|\?$|^[\wåäö-]*grupper$"
)
YEARS = re.compile(
    r"\s*(?:\b(?:våren|hösten|vt|ht|år|året)\s+)?\b\d{4}(?:\s*[-–/]\s*\d{2,4})?\s*$", re.I
)
# The head of a network's name: "Socialchefsnätverket", "Politisk styrgrupp",
# "Blåljussamverkan", "Regionala rådet för …", "LAG".
NETWORK_NOUN = re.compile(
    r"(?:nätverk|nätverket|grupp|gruppen|grupper|råd|rådet|forum|forumet|partnerskap|partnerskapet"
    r"|kommitté|kommittén|delegation|delegationen|beredning|beredningen|styrelse|styrelsen"
    r"|samverkan|samarbete|samarbetet|allians|alliansen|utskott|utskottet|konsortium"
    r"|plattform|plattformen|regionråd|office|kontor|kontoret)$",
    re.IGNORECASE,
)
ACRONYM = re.compile(r"\b[A-ZÅÄÖ]{2,}\b|\b[A-ZÅÄÖ][a-zåäö]*-[A-ZÅÄÖ]")
# A text that speaks of its section's body as a group: "Arbetsgruppens uppdrag är …".
SELF_REFERENCE = re.compile(
    r"^(?:nätverket|nätverkets|gruppen|gruppens|arbetsgruppen|arbetsgruppens|styrgruppen"
    r"|styrgruppens|rådet|rådets|partnerskapet|partnerskapets|forumet|kommittén|delegationen"
    r"|beredningen|samverkansgruppen|referensgruppen|ledningsgruppen|projektgruppen"
    r"|samverkansrådet|samverkansrådets)\b",
    re.IGNORECASE,
)
# Words a name does not start with, though a sentence may: pronouns, determiners, adverbs.
NOT_A_NAME_START = {
    "vi", "det", "den", "de", "detta", "dessa", "denna", "här", "där", "nu", "man", "alla",
    "flera", "många", "några", "han", "hon", "ni", "du", "jag", "vår", "våra", "vårt",
    "sådana", "andra", "övriga", "samtliga", "varje", "var", "ett", "en", "som", "när",
    "dessutom", "även", "också", "idag", "sedan", "tidigare", "både", "dels", "genom",
}  # fmt: skip
CONNECTORS = {"och", "i", "för", "på", "av", "med", "de", "den", "det", "till", "om", "vid"}
GENERIC_TITLES = {"om oss", "om", "start", "startsida", "hem", "välkommen", "nyheter", "kontakt"}


def heading_role(text: str) -> str | None:
    """'members', 'observers', 'conveners', 'contact', 'area' or 'section' for a heading
    that names a part of a network's page; None for one that may name a network."""
    folded = " ".join(text.casefold().rstrip(":").split())
    folded = YEARS.sub("", folded).strip(" -–:") or folded
    members = MEMBERS_HEADING.match(folded)
    if members:
        return "observers" if members["observer"] else "members"
    if CONVENERS_HEADING.match(folded):
        return "conveners"
    if CONTACT_SECTION.match(folded):
        return "contact"
    if AREA_HEADING.match(folded):
        return "area"
    if SECTION_HEADING.search(folded) or folded in GENERIC_TITLES:
        return "section"
    if re.fullmatch(r"[\wåäö-]+", folded) and re.fullmatch(
        r"(?:" + ROLE_WORDS.pattern + r")(?:na|erna)?", folded, re.IGNORECASE
    ):
        return "people"  # "Projektledare": people in a role, not a group
    return None


def names_a_network(text: str) -> bool:
    """Whether a heading's words name a group: its head is a network noun
    ('Krisinformatörsnätverket', 'Politisk styrgrupp', 'Samverkan på regional nivå'),
    or it is a proper name ('U-Sam', 'North Sweden', 'Europa Direkt Sydskåne')."""
    words = re.findall(r"[\wåäöÅÄÖ-]+", text.split(" – ")[0].split(" - ")[0])
    if not words:
        return False
    if any(re.search(NETWORK_NOUN.pattern, w.casefold()) for w in words):
        return True
    if len(words) <= 4 and ACRONYM.search(" ".join(words)):
        return True
    content = [w for w in words if w.casefold() not in CONNECTORS]
    return 2 <= len(content) <= 6 and all(w[:1].isupper() for w in content)


# "Europa Direkt är EU-kommissionens nätverk av …", "Nätverket X är ett forum för …".
DEFINES_A_GROUP = re.compile(
    r"^(?P<subject>[A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:\s+[A-ZÅÄÖ0-9][\wåäöÅÄÖ-]*){0,5})\s+är\s+"
    r"(?:ett|en|det|vårt|vår|[\wåäöÅÄÖ-]+s)\s+(?:[\wåäö-]+\s+){0,2}?(?P<noun>[\wåäö-]+)\b"
)


def defined_group(sentence: str) -> str | None:
    """The name a sentence says is a group ('Europa Direkt är EU-kommissionens nätverk
    av informationskontor' names 'Europa Direkt'), or None."""
    match = DEFINES_A_GROUP.match(sentence.strip())
    if not match or not re.search(NETWORK_NOUN.pattern, match["noun"].casefold()):
        return None
    return match["subject"]


# What a sentence says of its names -----------------------------------------------------

# The list of members follows these words.
MEMBERS_AFTER = re.compile(
    r"\b(?:består|bestod|utgörs|utgjordes)\s+(?:idag\s+|i\s+dag\s+)?av\s+"
    r"(?:(?:tjänstemän|tjänstepersoner|representanter|företrädare|medarbetare|personer"
    r"|politiker|förtroendevalda|ledamöter|chefer)\s+(?:från|för|på|i|inom)\s+)?"
    r"(?:följande\s+[\wåäö]+\s*:?\s*)?"
    r"|\b(?:samarbete|samverkan|samverkansorgan|samverkansprojekt|samverkansforum"
    r"|partnerskap|överenskommelse|organ|nätverk|forum|samarbetsorgan)\b[^.]{0,90}?\bmellan\s+"
    r"|\b(?:med|av)\s+(?:representanter|företrädare|deltagare)\s+(?:från|för)\s+"
    r"|\b(?:där|här|(?<![\wåäö])[Ii]\s+(?:nätverket|gruppen|rådet|partnerskapet|samverkan"
    r"|styrgruppen|[\wåäö]*gruppen|[\wåäö]*delegationen|[\wåäö]*rådet|denna\s+[\wåäö]+"
    r"|det\s+[\wåäö]+|[A-ZÅÄÖ][\wåäö:]*(?:\s+[\wåäöÅÄÖ:]+){0,3}))\s+(?:ingår|deltar|medverkar"
    r"|sitter)\s+(?:även\s+|också\s+|dessutom\s+|idag\s+)?"
    r"(?:(?:\d+|[\wåäö]+)\s+(?:kommuner|organisationer|regioner|parter|lärosäten)[^:]{0,120}:\s*)?"
    r"(?:(?:representanter|företrädare|tjänstemän|tjänstepersoner|politiker)\s+(?:från|för)\s+)?"
    r"|\b(?:medlemmar(?:na)?|medlemskommuner(?:na)?|medlemsorganisationer(?:na)?|deltagare(?:na)?"
    r"|ledamöter(?:na)?|parter(?:na)?|huvudmän(?:nen)?|ägare(?:na)?|medverkande\s+[\wåäö]+"
    r"|deltagande\s+[\wåäö]+|ingående\s+[\wåäö]+)\b(?:\s+(?:i|av)\s+[^:;.]{1,60}?)?"
    r"\s*(?:är|:|;)\s+"
    r"|\bsom\s+[^.;:]{0,60}?\b(?:är\s+medlemmar\s+i|ingår\s+i|deltar\s+i)\s*[;:]\s*"
    r"|\bbland\s+(?:övriga\s+|andra\s+)?(?:organisationer|medlemmar|deltagare|parter)"
    r"[^.]{0,40}?\bfinns\s+(?:bland\s+andra\s+|bl\.\s?a\.\s+)?"
    r"|\b(?:samarbetet|samverkan|nätverket)\s+i\s+[^–,.]{1,40}?\s+[–-]\s+",
    re.IGNORECASE,
)
# The list of members stands before these words (the subject of the sentence).
MEMBERS_BEFORE = re.compile(
    r"\s+(?:är|blir|var)\s+(?:[\wåäö]+\s+){0,4}(?:medlemmar|medlem|parter|deltagare|ledamöter"
    r"|organisationer|huvudmän|ägare|delägare)\b"
    r"|\s+(?:ingår|deltar|medverkar|sitter\s+med|tar\s+plats|står\s+bakom|har\s+suttit\s+med"
    r"|ska\s+ha\s+(?:var\s+sin\s+)?plats|anslöt\s+sig|har\s+anslutit\s+sig|är\s+med\b"
    r"|har\s+skrivit\s+under|skrev\s+under|har\s+undertecknat|undertecknade)\b",
    re.IGNORECASE,
)
# "… men de har suttit med": the members are named before the first verb of the sentence.
FIRST_VERB = re.compile(
    r"\s+(?:är|blir|var|har|ska|ingår|deltar|medverkar|sitter|tar|står|anslöt|skrev"
    r"|undertecknade)\s",
    re.IGNORECASE,
)
# What a sentence says of names that are not members: who pays, who works alongside,
# which places an area covers, what came before, what is owned.
NOT_MEMBERS = re.compile(
    r"finansier|finansiär|medfinansi|bidrag från|\bstöds av|\bsponsr"
    r"|\bsamarbetar\s+(?:också\s+|även\s+)?med|\bsamverkar\s+(?:också\s+|även\s+)?med"
    r"|\bjobbar\s+(?:även\s+|också\s+)?nära|\bi\s+samarbete\s+med|\btillsammans\s+med\s+andra"
    r"|\b(?:upptagnings|verksamhets)?område(?:t|n)?\s+(?:består|omfattar|är|utgörs)"
    r"|\bomfattar\b|\btäcker\b|\bmålgrupp(?:en)?\s+är|\ballmänheten\s+i\b|\bligger\s+i\b"
    r"|\bbildades\s+(?:av|ur|genom)|\bslogs\s+(?:ihop|samman)|\bsammanslagning|\bersatte\b"
    r"|\bövertog\b|\btidigare\s+(?:hette|kallades)|\binnan\s+det\b"
    r"|\bäger\b|\bägs\s+av\b|\bhelägd|\bdotterbolag|\bbolag(?:en|et)?\b"
    r"|\bmed\s+flera\b|\bm\.\s?fl\.",
    re.IGNORECASE,
)
# Where the last name of a list ends and the rest of the sentence begins.
CLAUSE_AFTER_NAME = re.compile(
    r"\s+[-–]\s+|\s+(?:i\s+frågor|när|som|vars|med\s+(?:syfte|fokus|uppdrag|ansvar)|för\s+att|i\s+syfte"
    r"|inom\s+(?:områdena|ramen)|är|har|ska|kan|sedan|efter|genom|har\s+skrivit"
    r"|om\s+en|för\s+(?:frågor|arbetet))\b",
    re.IGNORECASE,
)
FILLERS = re.compile(
    r"^(?:även|också|dessutom|bland\s+andra|bl\.\s?a\.?|t\.\s?ex\.?|till\s+exempel|bland\s+annat"
    r"|idag|i\s+dag|nu|från)\s+",
    re.IGNORECASE,
)
# A kind of body, not a body: "länets kommuner", "räddningstjänsten", "ideella organisationer".
GENERIC_KIND = re.compile(
    r"(?:^|\s)(?:[\wåäö]+\s+)*(?:kommun|kommuner|kommunerna|räddningstjänst|räddningstjänsten"
    r"|organisation|organisationer|organisationerna|aktör|aktörer|aktörerna|myndighet"
    r"|myndigheter|myndigheterna|förening|föreningar|föreningarna|företag|företagen"
    r"|verksamhet|verksamheter|verksamheterna|verksamhetsgrenar|näringsliv|näringslivet"
    r"|sektor|sektorn|landsting|landstingen|regioner|regionerna|länsstyrelser|kontor|kontoren"
    r"|miljökontor|miljökontoren|skolor|hälsocentral|hälsocentralen|vårdcentral|vårdcentralen"
    r"|kommunförbund|kommunförbunden|lärosäten|universitet|högskolor|intresseorganisationer"
    r"|civilsamhälle|civilsamhället|rådgivningen|forskning|utbildning|enskilda|privatpersoner"
    r"|invånare|medborgare|allmänhet|allmänheten|branscher|parter|partner|partners)$",
    re.IGNORECASE,
)
# A list item that names a network and then who takes part in it: "Blåljussamverkan med
# representanter från …", "Nordsam för samverkan mellan …".
NETWORK_ITEM = re.compile(
    r"^(?P<name>[A-ZÅÄÖ][^,:;]{1,90}?)(?:\s+med\s+(?:representanter|företrädare|deltagare)"
    r"\s+(?:från|för)\b|\s+för\s+samverkan\s+mellan\b|,\s+som\s)"
)


def members_span(sentence: str) -> tuple[str, str] | None:
    """Where a sentence names members: ('after', text after the words saying so) or
    ('before', the subject before them); None when it says nothing of members."""
    after = MEMBERS_AFTER.search(sentence + " ")
    if after:
        return "after", sentence[min(after.end(), len(sentence)) :]
    before = MEMBERS_BEFORE.search(sentence)
    if before:
        verb = FIRST_VERB.search(sentence)
        end = verb.start() if verb and verb.start() <= before.start() else before.start()
        return "before", sentence[:end]
    return None


def says_not_members(sentence: str) -> bool:
    return bool(NOT_MEMBERS.search(sentence))


RELATIVE_CONVENER = re.compile(
    r",\s+som\s+(?:är|var)\s+(?P<joint>gemensamt\s+)?(?:sammankallande|sammankallare)\b",
    re.IGNORECASE,
)


def convener_marks(sentence: str) -> str:
    """'…, och Länsstyrelsen, som är sammankallande.' -> '… och Länsstyrelsen
    (sammankallande).': the mark the rest of the reading understands."""
    return RELATIVE_CONVENER.sub(
        lambda m: " (gemensamt sammankallande)" if m["joint"] else " (sammankallande)", sentence
    )


def last_item_end(text: str) -> str:
    """The last name of a list without the rest of the sentence after it."""
    cut = CLAUSE_AFTER_NAME.search(text)
    return text[: cut.start()] if cut else text


def without_fillers(text: str) -> str:
    """A list's first name without the words that lead up to it ("även", "bland andra",
    "… spridningen över landet: Arvika")."""
    if ": " in text:
        text = text.rsplit(": ", 1)[1]
    previous = None
    while previous != text:
        previous, text = text, FILLERS.sub("", text).strip()
    return re.sub(r"^(?:kommunerna|kommunernas)\s+(?=[A-ZÅÄÖ])", "", text)


def is_generic_kind(text: str) -> bool:
    """'länets kommuner', 'räddningstjänsten', 'ideella organisationer': what kind of
    body, not which one."""
    return bool(GENERIC_KIND.search(text.casefold())) and not re.search(r"[A-ZÅÄÖ]", text[1:])
