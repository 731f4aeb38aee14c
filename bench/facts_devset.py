"""The fact extractor scored on an independent gold ledger (``../shared/eval-dev/facts.yaml``).

The articles go through the product's own path (``scan_knowledge`` → ``chunk_document`` →
``extract_facts``, as ``FactsIndex.build`` calls it), so losses in loading and chunking count.

Figures, as the dev set's README defines its gold:

- measure recall: distinct (file, imposer, target, rate) measures with a stated rate that some
  ledger row of that file reproduces (targets "all countries", "other countries", "nearly all
  trading partners", "all countries except X" all read as "all");
- people recall: (file, name) entries found among the file's participants; "with role" also
  requires one of the entry's role words inside the extracted role;
- row precision: ledger rows (with a rate) that match some gold measure of their file, over all
  such rows: a row matching none is a false row, whatever else it gets right;
- strict row precision: as row precision, but the matched gold measure must also agree on
  the goods (a row for "all goods" against gold that names specific goods, or a row for
  goods that neither the gold measure nor the row's quote names, is false; gold for all or
  most goods accepts the goods its quote names) and the row's quote must state the rate;
  a row whose imposer and target are swapped matches no gold measure of its own direction,
  so it is false in both figures;
- false tariffs: rows whose rate is one of the file's listed non-tariff percentages and that
  match no gold measure.

Nothing here is used by the product; it only reads the set to measure.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.facts.extract import extract_facts
from bot.facts.lexicon import country_of, find_products
from bot.facts.models import FactSet, TariffMeasure
from bot.facts.text import normalise_name
from bot.ingest.chunking import chunk_document
from bot.ingest.pipeline import scan_knowledge

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT / ".." / "shared" / "eval-dev"

MeasureKey = tuple[str, str, str, float | None]
"""(file stem, imposer, target, rate)."""


def _country(value: str) -> str:
    low = value.lower()
    if low.startswith(("all ", "other ", "nearly all", "every")) or low == "all":
        return "all"
    return country_of(value) or value


def _stem(doc_id: str) -> str:
    return Path(doc_id).stem


@dataclass(slots=True)
class DevScore:
    measures: int = 0
    measures_found: int = 0
    people: int = 0
    people_found: int = 0
    people_with_role: int = 0
    rows: int = 0
    rows_matched: int = 0
    rows_strict: int = 0
    false_tariffs: list[str] = field(default_factory=list)
    missed_measures: list[str] = field(default_factory=list)
    false_rows: list[str] = field(default_factory=list)
    loose_rows: list[str] = field(default_factory=list)
    missed_people: list[str] = field(default_factory=list)
    extract_seconds: float = 0.0

    def figures(self) -> list[list[object]]:
        def pct(a: int, b: int) -> str:
            return f"{a}/{b} ({a / b:.0%})" if b else "-"

        return [
            ["figure", "value"],
            ["measure recall", pct(self.measures_found, self.measures)],
            ["people recall (name)", pct(self.people_found, self.people)],
            ["people recall (name + role)", pct(self.people_with_role, self.people)],
            ["row precision", pct(self.rows_matched, self.rows)],
            ["row precision (strict: goods, quote)", pct(self.rows_strict, self.rows)],
            ["false tariffs", len(self.false_tariffs)],
            ["extraction time", f"{self.extract_seconds * 1000:.0f} ms"],
        ]


def load_gold(dev_set: Path = DEV_SET) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((dev_set / "facts.yaml").read_text(encoding="utf-8"))
    return loaded


def extract_corpus(corpus: Path) -> tuple[FactSet, float]:
    """Facts of every article in ``corpus`` through the indexer's own path; and the seconds
    extraction alone took."""
    documents, _skipped = scan_knowledge(corpus)
    passages = [p for d in documents for p in chunk_document(d)]
    start = time.perf_counter()
    facts = extract_facts(passages)
    return facts, time.perf_counter() - start


def _row_key(m: TariffMeasure) -> MeasureKey:
    return (_stem(m.doc_id), m.imposer, _country(m.target) if m.target else "", m.rate_percent)


def score(gold: dict[str, Any], facts: FactSet) -> DevScore:
    out = DevScore()
    wanted: set[MeasureKey] = set()
    for g in gold["tariffs"]:
        key = (g["file"], _country(g["imposer"]), _country(g["target"]), g["rate"])
        if g["rate"] is not None:
            wanted.add((key[0], key[1], key[2], float(g["rate"])))
    known: dict[MeasureKey, list[str]] = {}
    for g in gold["tariffs"]:
        gkey = (g["file"], _country(g["imposer"]), _country(g["target"]), _rate(g["rate"]))
        known.setdefault(gkey, []).append(str(g["product"]))
    rows = [m for m in facts.measures if m.rate_percent is not None]
    got = {_row_key(m) for m in rows}
    out.measures = len(wanted)
    out.measures_found = len(wanted & got)
    out.missed_measures = [_show(k) for k in sorted(wanted - got, key=str)]
    not_tariffs = {(n["file"], float(n["value"])) for n in gold["not_tariffs"]}
    seen_rows: set[tuple[MeasureKey, str]] = set()
    for m in rows:
        key = _row_key(m)
        if (key, m.product) in seen_rows:
            continue  # the same row from the same article twice is shown once
        seen_rows.add((key, m.product))
        out.rows += 1
        line = f"{_show(key)} {m.product} [{m.status}] ← {m.evidence[:140]}"
        if key in known:
            out.rows_matched += 1
            goods_agree = any(_same_goods(m.product, g, m.evidence) for g in known[key])
            if goods_agree and _states_rate(m.evidence, m.rate_percent):
                out.rows_strict += 1
            else:
                out.loose_rows.append(line)
            continue
        out.false_rows.append(line)
        if (key[0], key[3]) in not_tariffs:
            out.false_tariffs.append(line)
    _score_people(gold, facts, out)
    return out


_GENERAL_GOODS_RE = re.compile(
    r"(?:(?:all|most|many|nearly all)\s+)?(?P<origin>(?:[A-Z][\w-]*\s+)*)"
    r"(?:goods|imports|products)\b"
)
"""The general run of goods, perhaps of one origin ("US goods"); "USMCA goods" is a subset."""
_GOLD_HEAD_RE = re.compile(r"\s*(?:\(|,|;|\bincl\.|\bwithin\b|$)")


def _goods_words(text: str) -> set[str]:
    canon = {p for p, _a, _b in find_products(text)}
    if canon:
        return canon
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _GENERIC_WORDS}


_GENERIC_WORDS = frozenset({"goods", "products", "imports", "exports", "other", "some"})


def _same_goods(row_product: str, gold_product: str, quote: str) -> bool:
    """Whether a row's product agrees with a gold measure's free-text product: both the
    general run of goods, the row's goods named in the gold text, or goods the quote names
    under a gold measure for all goods (a threat to all goods covers the cars named)."""
    m = _GENERAL_GOODS_RE.match(gold_product)
    general = m is not None and all(country_of(w) for w in m.group("origin").split())
    if row_product == "all goods":
        return general
    if general and _goods_words(row_product) & _goods_words(quote):
        return True
    head_end = _GOLD_HEAD_RE.search(gold_product)
    head = gold_product[: head_end.start()] if general and head_end else gold_product
    named = gold_product if not general or "incl." in gold_product else head
    return bool(_goods_words(row_product) & _goods_words(named))


def _states_rate(quote: str, rate: float | None) -> bool:
    """Whether the quote states the rate: the figure with a percent sign or "points", or a
    word for zero."""
    if rate is None:
        return True
    if rate == 0 and re.search(r"\b(?:zero|free|exempt|eliminat|remov|drop)", quote, re.I):
        return True
    figure = f"{rate:g}".replace(".", r"\.")
    return (
        re.search(rf"(?<![\d.]){figure}\s*(?:%|per ?cent|percent|(?:percentage )?points)", quote)
        is not None
    )


def _rate(value: object) -> float | None:
    return None if value is None else float(str(value))


def _show(key: MeasureKey) -> str:
    rate = "?" if key[3] is None else f"{key[3]:g}%"
    return f"{key[0][:40]}: {key[1] or '?'} → {key[2] or '?'} {rate}"


def _score_people(gold: dict[str, Any], facts: FactSet, out: DevScore) -> None:
    by_file: dict[str, list[tuple[str, str]]] = {}
    for p in facts.participants:
        by_file.setdefault(_stem(p.doc_id), []).append((normalise_name(p.name), p.role.lower()))
    entries = {(g["file"], g["name"]): g for g in gold["people"]}
    out.people = len(entries)
    for (file, name), g in sorted(entries.items()):
        want = normalise_name(name)
        hits = [role for got, role in by_file.get(file, []) if _same_person(want, got)]
        if not hits:
            out.missed_people.append(f"{file[:40]}: {name}")
            continue
        out.people_found += 1
        if any(w.lower() in role for w in g["role_words"] for role in hits):
            out.people_with_role += 1


def _same_person(want: str, got: str) -> bool:
    """Full names equal, or one a longer form of the other ("Lula" vs "Luiz Inácio Lula da
    Silva" is not accepted: the surname and one more word must agree)."""
    if want == got:
        return True
    a, b = want.split(), got.split()
    return len(a) > 1 and len(b) > 1 and a[-1] == b[-1] and a[0] == b[0]


def run(dev_set: Path = DEV_SET) -> DevScore:
    gold = load_gold(dev_set)
    facts, seconds = extract_corpus(dev_set / "corpus")
    result = score(gold, facts)
    result.extract_seconds = seconds
    return result


def details(result: DevScore) -> Sequence[str]:
    lines = [f"  MISSED measure: {m}" for m in result.missed_measures]
    lines += [f"  FALSE row: {m}" for m in result.false_rows]
    lines += [f"  FALSE row (strict: goods or quote): {m}" for m in result.loose_rows]
    lines += [f"  FALSE TARIFF: {m}" for m in result.false_tariffs]
    lines += [f"  MISSED person: {m}" for m in result.missed_people]
    return lines
