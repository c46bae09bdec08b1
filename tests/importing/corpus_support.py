"""Scoring readings of the corpus pages against their hand-made readings: networks found,
spurious networks, members recalled and invented, resolutions right, pages refused."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from natverk.importing.errors import ImportProblem
from natverk.importing.parser import page_read

CORPUS = Path(__file__).parent / "corpus"
HOLDOUT = CORPUS / "holdout"


def folded(text: str) -> str:
    return " ".join(re.sub(r"[^\wåäöéü ]", " ", text.casefold()).split())


@dataclass
class Score:
    pages: int = 0
    refused: list[str] = field(default_factory=list)
    networks: int = 0
    networks_found: int = 0
    spurious: list[str] = field(default_factory=list)
    spurious_public: list[str] = field(default_factory=list)
    members: int = 0
    members_found: int = 0
    resolved: int = 0  # members found whose resolution is right
    invented: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    conveners: int = 0
    conveners_found: int = 0

    def add(self, other: "Score") -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value)

    @staticmethod
    def share(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    def summary(self) -> dict:
        return {
            "pages": self.pages,
            "refused": len(self.refused),
            "networks": self.networks,
            "networks_found_%": round(self.share(self.networks_found, self.networks), 1),
            "spurious": len(self.spurious),
            "spurious_public": len(self.spurious_public),
            "members": self.members,
            "member_recall_%": round(self.share(self.members_found, self.members), 1),
            "invented": len(self.invented),
            "resolved_right_%": round(self.share(self.resolved, self.members_found), 1),
            "convener_recall_%": round(self.share(self.conveners_found, self.conveners), 1),
        }


def pages(folder: Path) -> list[tuple[Path, Path]]:
    found = []
    for expected in sorted(folder.glob("*.expected.json")):
        stem = expected.name.removesuffix(".expected.json")
        page = next(p for p in folder.glob(f"{stem}.*") if p != expected)
        found.append((page, expected))
    return found


def _same(mention: dict, gold: dict, resolved_ok: dict) -> bool:
    if folded(mention["as_written"]) == folded(gold["as_written"]):
        return True
    if gold["resolved"] and mention["resolved"]:
        alternatives = [gold["resolved"], *resolved_ok.get(gold["as_written"], [])]
        return sorted(mention["resolved"]) in [sorted(a) for a in alternatives]
    return False


def _resolved_right(mention: dict, gold: dict, resolved_ok: dict) -> bool:
    alternatives = [gold["resolved"], *resolved_ok.get(gold["as_written"], [])]
    return sorted(mention["resolved"]) in [sorted(a) for a in alternatives]


def score_page(page: Path, expected: Path) -> Score:
    score = Score(pages=1)
    wanted = json.loads(expected.read_text(encoding="utf-8"))
    gold_networks = wanted["networks"]
    score.networks = len(gold_networks)
    score.members = sum(len(n["members"]) for n in gold_networks)
    score.conveners = sum(len(n.get("conveners", [])) for n in gold_networks)
    try:
        reading = page_read(page.read_bytes()).reading.to_dict()
    except ImportProblem as problem:
        score.refused.append(f"{page.name}: {problem}")
        score.missed.extend(
            f"{page.name}: {m['as_written']}" for n in gold_networks for m in n["members"]
        )
        return score
    optional = {folded(n) for n in wanted.get("optional_networks", [])}
    unmatched = list(reading["networks"])
    every_gold_name = {folded(m["as_written"]) for n in gold_networks for m in n["members"]}
    every_gold_name |= {folded(m) for n in gold_networks for m in n.get("may_also_read", [])}
    every_gold_key = {
        tuple(sorted(m["resolved"])) for n in gold_networks for m in n["members"] if m["resolved"]
    }
    for gold in gold_networks:
        names = {folded(gold["name"]), *(folded(n) for n in gold.get("also_named", []))}
        read = next((n for n in unmatched if folded(n["name"]) in names), None)
        if read is None:
            score.missed.append(f"{page.name}: the network {gold['name']}")
            score.missed.extend(
                f"{page.name}: {m['as_written']} (network {gold['name']})" for m in gold["members"]
            )
            continue
        unmatched.remove(read)
        score.networks_found += 1
        resolved_ok = gold.get("resolved_ok", {})
        may = {folded(n) for n in gold.get("may_also_read", [])}
        left = list(read["members"])
        for member in gold["members"]:
            found = next((m for m in left if _same(m, member, resolved_ok)), None)
            if found is None:
                score.missed.append(f"{page.name}: {member['as_written']} ({gold['name']})")
                continue
            left.remove(found)
            score.members_found += 1
            score.resolved += _resolved_right(found, member, resolved_ok)
        for extra in left:
            if folded(extra["as_written"]) not in may:
                score.invented.append(f"{page.name}: {extra['as_written']} ({gold['name']})")
        conveners = list(read["conveners"])
        for convener in gold.get("conveners", []):
            found = next((c for c in conveners if _same(c, convener, resolved_ok)), None)
            if found is not None:
                conveners.remove(found)
                score.conveners_found += 1
    for network in unmatched:
        if folded(network["name"]) in optional:
            continue
        score.spurious.append(f"{page.name}: {network['name']}")
        if network.get("certain", True):
            score.spurious_public.append(f"{page.name}: {network['name']}")
        for member in network["members"]:
            if folded(member["as_written"]) in every_gold_name:
                continue
            if member["resolved"] and tuple(sorted(member["resolved"])) in every_gold_key:
                continue
            score.invented.append(f"{page.name}: {member['as_written']} ({network['name']})")
    return score


def score_folder(folder: Path) -> tuple[Score, dict[str, Score]]:
    total, each = Score(), {}
    for page, expected in pages(folder):
        result = score_page(page, expected)
        each[page.name] = result
        total.add(result)
    return total, each
