"""Rate tables rendered as text rows by ingestion: "Cut flowers — additional duty: 0%; total
duty: 12%".

A row names what it is about (its first cell) and labelled cells. The rate a row states is the
one whose label says it is the total ("total", "combined", "overall", "effective", "applied"),
or the only percentage of the row; a row with several percentages and no total is left out
rather than guessed. Who imposes and who pays come from the article, as the caption would say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.extract.context import DocContext, Sentence
from bot.facts.extract.roles import Carry
from bot.facts.extract.rows import undated_measure
from bot.facts.extract.status import legal_basis, measure_kind, stated_kind
from bot.facts.lexicon import find_countries, find_products
from bot.facts.models import TariffMeasure
from bot.facts.text import PERCENT_RE, percent_value

_ROW_RE = re.compile(
    r"^\s*(?P<label>[^—–:;|]{2,80}?)\s+[—–]\s+(?P<cells>[^:;]{1,50}:\s*[^;]+(?:;\s*[^:;]{1,50}:\s*[^;]+)*?)"
    r"\s*\.?\s*$"
)
_TOTAL_RE = re.compile(r"\b(total|combined|overall|effective|applied|new|current)\b", re.I)
_RATE_LABEL_RE = re.compile(
    r"\b(tariffs?|dut(?:y|ies)|lev(?:y|ies)|surcharges?|rates?|customs)\b", re.I
)
_QUALIFIER_RE = re.compile(r"\s*(?:\([^()]*\)|\b(?:under|per|from|since|until)\b[^()]*)\s*\.?$")
"""What may follow a cell's figure and still leave it the cell's value: "0% (exempt)",
"50% under Section 232"."""
_EXEMPT_RE = re.compile(r"\b(exempt\w*|excluded|duty-free|tariff-free|waived)\b", re.I)


@dataclass(frozen=True, slots=True)
class TableRow:
    label: str
    """The row's first cell ("Cut flowers")."""
    product: str
    """The canonical product when the lexicon knows it, else the label in lower case."""
    rate: float
    cell: str
    """The label of the cell the rate was read from ("total duty")."""
    exempt: bool
    """Some cell says the item is exempt from part of the duty."""


def table_row(text: str) -> TableRow | None:
    """The rate one rendered table row states, or None when the text is not such a row or
    its rate is ambiguous."""
    if "—" not in text and "–" not in text:
        return None
    m = _ROW_RE.match(text)
    if m is None:
        return None
    cells: list[tuple[str, str]] = []
    for part in m.group("cells").split(";"):
        name, _, value = part.partition(":")
        cells.append((name.strip(), value.strip()))
    rated = [
        (name, value, percent_value(pm))
        for name, value in cells
        if (pm := PERCENT_RE.fullmatch(_QUALIFIER_RE.sub("", value).strip(" ."))) is not None
    ]
    rated = [(n, v, r) for n, v, r in rated if r is not None]
    if not rated:
        return None
    totals = [c for c in rated if _TOTAL_RE.search(c[0])]
    if len(totals) == 1:
        name, _value, rate = totals[0]
    elif len(rated) == 1:
        name, _value, rate = rated[0]
    else:
        return None
    if rate is None or not _RATE_LABEL_RE.search(name):
        return None  # the cell must say it is a duty, a tariff or a rate
    label = m.group("label").strip()
    products = [p for p, _a, _b in find_products(label.lower())]
    exempt = any(_EXEMPT_RE.search(f"{n} {v}") for n, v in cells)
    return TableRow(label, products[0] if products else label.lower(), rate, name, exempt)


def table_measures(
    rows: list[TableRow], s: Sentence, ctx: DocContext, carry: Carry
) -> list[TariffMeasure]:
    """Measures of rendered table rows: the pair is the one the text just spoke of (a
    caption, the rows before), else the article's; a row whose first cell names a country
    ("Vietnam — new rate: 46%") is that country's rate."""
    recent = s.index - carry.sentence_index <= 3
    target = carry.target if recent and carry.target else ctx.guess_target(carry.imposer)
    imposer = carry.imposer if recent and carry.imposer else ctx.guess_imposer(target)
    published = s.passage.published or ctx.published
    out: list[TariffMeasure] = []
    for row in rows:
        line = next(line for line in s.text.splitlines() if line.strip().startswith(row.label))
        payer, product, levier = target, row.product, imposer
        named = find_countries(row.label)
        if named:
            payer = named[0].country
            found = find_products(row.label.lower())
            product = found[0][0] if found else "all goods"
            levier = imposer if imposer != payer else ctx.guess_imposer(payer)
        if not levier or levier == payer:
            continue
        out.append(
            undated_measure(
                s,
                published,
                (levier, payer, product),
                row.rate,
                "exemption"
                if row.exempt
                else measure_kind(stated_kind(line), product, levier, payer),
                "exempt" if row.exempt and row.rate == 0 else "in force",
                line.strip(),
                legal_basis(line, len(line)),
            )
        )
    return out
