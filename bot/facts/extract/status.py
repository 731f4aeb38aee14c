"""A measure's kind, status lifecycle, pause and dates, from the words around its rate."""

from __future__ import annotations

import re

from bot.facts.extract.rates import Rate, clause_of
from bot.facts.models import (
    LegalBasis,
    MeasureKind,
    MeasureStatus,
)
from bot.facts.text import (
    DATE_RE,
    NUMBER_WORDS,
    add_period,
    parse_date,
    words_to_number,
)

KIND_PATTERNS: tuple[tuple[MeasureKind, re.Pattern[str]], ...] = (
    ("transshipment", re.compile(r"\btrans-?ship\w*", re.I)),
    ("retaliatory", re.compile(r"\b(retaliat\w*|counter-?tariffs?|countermeasures?)\b", re.I)),
    ("safeguard", re.compile(r"\bsafeguard\w*", re.I)),
    ("quota", re.compile(r"\bquotas?\b", re.I)),
    ("penalty", re.compile(r"\b(penalt(?:y|ies)|punitive)\b", re.I)),
    ("baseline", re.compile(r"\bbaseline\b", re.I)),
    (
        "universal",
        re.compile(r"\b(universal|across-the-board|blanket|global|minimum)\b", re.I),
    ),
    ("reciprocal", re.compile(r"\breciprocal\b", re.I)),
)
_BASES: tuple[tuple[LegalBasis, re.Pattern[str]], ...] = (
    ("Section 232", re.compile(r"\bSection\s+232\b|\bnational[- ]security\s+grounds\b", re.I)),
    ("Section 301", re.compile(r"\bSection\s+301\b", re.I)),
    ("Section 122", re.compile(r"\bSection\s+122\b|\bbalance[- ]of[- ]payments\b", re.I)),
    ("Section 201", re.compile(r"\bSection\s+201\b|\bsafeguard\w*", re.I)),
    (
        "IEEPA",
        re.compile(
            r"\bIEEPA\b|\bInternational Emergency Economic Powers\b|\bemergency\s+"
            r"(?:powers?|tariffs?|law|orders?)\b",
            re.I,
        ),
    ),
    ("retaliation", re.compile(r"\b(retaliat\w*|counter-?tariffs?|countermeasures?)\b", re.I)),
    (
        "trade agreement",
        re.compile(
            r"\b(?:under|in|as part of|agreed in|set by)\s+(?:the|a|an|this|that|its)\s+(?:new\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:deal|agreement|pact|accord|framework)\b",
            re.I,
        ),
    ),
)
_HS_RE = re.compile(
    r"\b(?:HS|HTS|tariff heading|heading|subheading)\s*(?:code\s*)?"
    r"(?P<code>\d{4}(?:\.\d{2}){0,3}|\d{6,10})\b"
)


def legal_basis(sentence: str, pos: int) -> LegalBasis:
    """The legal basis named nearest to ``pos`` in the sentence, or ""."""
    best: tuple[int, LegalBasis] | None = None
    for basis, pattern in _BASES:
        for m in pattern.finditer(sentence):
            distance = abs(m.start() - pos)
            if best is None or distance < best[0]:
                best = (distance, basis)
    return best[1] if best else ""


def hs_code(text: str) -> str:
    """The Harmonized System heading the text states for the rate, or ""."""
    m = _HS_RE.search(text)
    return m.group("code") if m else ""


def end_date(text: str, published: str) -> str:
    """The date a measure ends, when stated ("until 9 July", "expires on 12 August")."""
    for m in re.finditer(r"\b(?:until|through|expir\w*(?:\s+on)?|ends?\s+on)\s+", text, re.I):
        d = DATE_RE.match(text, m.end())
        if d:
            return parse_date(d, published)
    return ""


_STATUS_PATTERNS: tuple[tuple[MeasureStatus, re.Pattern[str]], ...] = (
    (
        "paused",
        re.compile(r"\b(paus\w*|suspend\w*|on hold|delay\w*|postpon\w*|put off|defer\w*)\b", re.I),
    ),
    (
        "removed",
        re.compile(
            r"\b(remov\w*|scrapp?\w*|lift\w*|eliminat\w*|abolish\w*|repeal\w*|withdr[ae]w\w*)\b",
            re.I,
        ),
    ),
    (
        "threatened",
        re.compile(
            r"\b(threat\w*|could|might|(?-i:may)|warn\w*|avert\w*|avoid\w*|"
            r"(?:stave[sd]?|staving|head(?:s|ed|ing)?)\s+off|forestall\w*)\b",
            re.I,
        ),
    ),
    ("agreed", re.compile(r"\bagre(?:e|ed|es|eing)\b", re.I)),
    (
        "lowered",
        re.compile(
            r"\b(lower(?:s|ed|ing)?|cut|cuts|cutting|reduc\w*|slash\w*|trimm?\w*|decreas\w*|"
            r"(?:bring|brings|bringing|brought)\s+(?:[\w’']+\s+){0,5}down)\b",
            re.I,
        ),
    ),
    (
        "raised",
        re.compile(
            r"\b(rais(?:e|es|ed|ing)|hike[sd]?|hiking|increas\w*|rise|rises|rising|rose|"
            r"doubl\w*|tripl\w*)\b",
            re.I,
        ),
    ),
    (
        "agreed",
        re.compile(
            r"\b(?:(?:under|in|as part of) (?:the|a|an|this|that|its) (?:new |trade |framework )?"
            r"(?:deal|agreement|pact|accord|framework)|(?:reached|struck|signed|sealed|clinched) "
            r"(?:a|an|the) (?:\w+ )?(?:deal|agreement|pact|accord)|in exchange for|"
            r"in return for)\b",
            re.I,
        ),
    ),
    (
        "announced",
        re.compile(
            r"\b(will|would|shall|plans?|planned|set to|to take effect|take effect on|"
            r"takes effect on|announc\w*|propos\w*|unveil\w*|intends?|starting)\b",
            re.I,
        ),
    ),
    (
        "in force",
        re.compile(
            r"\b(in place|in effect|in force|took effect|remains?|remained|currently|now|"
            r"face[sd]?|facing|levies|subject to|kept|keeps|keeping|maintain\w*|still|"
            r"appl(?:y|ies)|imposed)\b",
            re.I,
        ),
    ),
)
_ANAPHOR_RE = re.compile(
    r"^[\s,]*(?:but|though|although|and|while|yet)?\s*(?:(?:these|those|the|such|both)\s+"
    r"(?:tariffs?|duties|levies|levy|rates?|measures?)|they|it)\b",
    re.I,
)


_PASSIVE_RE = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\b", re.I)
"""A pronoun that undergoes the change ("it was paused") is the tariff; one that acts ("it
will suspend its countermeasures") is the government."""
_HYPOTHETICAL_RE = re.compile(
    r"\b(offer\w*|hop\w*|want\w*|seek\w*|sought|ask\w*|urg\w*|negotiat\w*|call\w* for|"
    r"propos\w*|vot\w*|mov\w*|tr(?:y|ies|ied)|attempt\w*|bid)\s+(?:\S+\s+){0,2}?to\s+"
    r"(?:\w+\s+){0,2}$",
    re.I,
)


def _status_in(text: str) -> tuple[MeasureStatus, re.Match[str]] | None:
    for status, pattern in _STATUS_PATTERNS:
        for m in pattern.finditer(text):
            if re.search(r"\b(not|never|n't)\s+(?:\w+\s+)?$", text[: m.start()]):
                continue
            if status in {"lowered", "raised", "removed"} and _HYPOTHETICAL_RE.search(
                text[: m.start()]
            ):
                continue
            if re.match(r"avert|avoid|stav|head|forestall", m.group(0), re.I) and re.search(
                r"\bto\s+(?:\w+\s+)?$", text[: m.start()]
            ):
                return "announced", m  # "an attempt to avert the levy": still coming
            if re.search(r"\b(?:until|unless|if|whether)\b[^,;]*$", text[: m.start()], re.I):
                continue  # "will remain until the levies are lifted": not this rate's status
            if status == "removed" and re.match(
                r"\w*\s+(?:[\w’'-]+\s+){0,4}?to\s+[\d.]+\s*(?:%|percent|per cent)",
                text[m.end() :],
            ):
                return "raised", m  # "lifts the levy to 45%"
            if (
                status == "announced"
                and m.group(1).lower() in {"will", "would", "shall"}
                and re.match(r"\s+(pay|face|remain|stay|apply)\b", text[m.end() :])
            ):
                continue
            return status, m
    return None


def measure_status(
    sentence: str, clauses: list[tuple[int, int]], rate: Rate, seg: tuple[int, int]
) -> tuple[MeasureStatus, str]:
    """Status of a rate and the text that justified it (to read pause lengths from).

    Cues are looked for in the rate's own part of its clause first (so "well below the 40%
    levy the minister had threatened" does not make the neighbouring 12% threatened), then in the
    whole clause, then in a later clause that refers back ("though these duties have
    been paused"), then in a coordinated earlier clause.
    """
    idx = clause_of(clauses, rate.start)
    a, b = clauses[idx]
    own = _status_in(sentence[max(a, seg[0]) : min(b, seg[1])]) or _status_in(sentence[a:b])
    for later in clauses[idx + 1 :]:
        text = sentence[later[0] : later[1]]
        anaphor = _ANAPHOR_RE.match(text)
        if anaphor:
            hit = _status_in(text)
            bare = anaphor.group(0).split()[-1].lower() in {"it", "they"}
            if hit and bare and not _PASSIVE_RE.search(text[anaphor.end() : hit[1].start()]):
                continue  # "and it will suspend its countermeasures": the pronoun acts
            if hit:
                return hit[0], text
    if own:
        return own[0], sentence[a:b]
    if re.match(r"[\s,]*except\b", sentence[a:b], re.I):
        return "in force", sentence[a:b]
    if re.match(r"[\s,]*(and|alongside|plus|as well as)\b", sentence[a:b], re.I):
        for prev in reversed(clauses[:idx]):
            hit = _status_in(sentence[prev[0] : prev[1]])
            if hit:
                return hit[0], sentence[prev[0] : prev[1]]
    return "in force", sentence[a:b]


_PERIOD_RE = re.compile(
    rf"\b(?:for|of)\s+(?:another\s+|a further\s+)?(?P<n>\d+|{NUMBER_WORDS})[\s-]+"
    r"(?P<unit>days?|weeks?|months?)\b"
    rf"|\b(?P<n2>\d+|{NUMBER_WORDS})-(?P<unit2>day|week|month)\s+"
    r"(?:pause|suspension|delay|reprieve|truce)",
    re.I,
)


_PAUSE_START = re.compile(r"\b(?:from|starting|beginning|since|as of)\s+(?:on\s+)?$", re.I)


def pause_of(text: str, published: str) -> tuple[str, str]:
    """(paused_until, pause_period) as the text states them.

    An end date is given only when stated, or when a stated length runs from a stated start
    ("for 90 days from April 9"); a bare length ("paused for 90 days") stays a length.
    """
    until = re.search(r"\buntil\s+", text, re.I)
    if until and (d := DATE_RE.match(text, until.end())):
        return parse_date(d, published), ""
    m = _PERIOD_RE.search(text)
    if not m:
        return "", ""
    raw = m.group("n") or m.group("n2")
    unit = (m.group("unit") or m.group("unit2")).lower()
    n = int(raw) if raw.isdigit() else int(words_to_number(raw) or 0)
    if not n:
        return "", ""
    period = f"{n} {unit.rstrip('s')}{'' if n == 1 else 's'}"
    for d in DATE_RE.finditer(text):
        if _PAUSE_START.search(text[: d.start()]):
            return add_period(parse_date(d, published), n, unit), period
    return "", period


def stated_dates(text: str, published: str) -> tuple[str, str]:
    """(effective_date, announced_date) stated in ``text``."""
    effective = announced = ""
    for d in DATE_RE.finditer(text):
        before = text[: d.start()].lower()
        iso = parse_date(d, published)
        if re.search(r"\b(announced|unveiled|signed)\s+(?:on\s+)?$", before):
            announced = announced or iso
        elif re.search(
            r"\b(effective|starting|from|beginning|as of|effect(?: on)?|force(?: on)?|"
            r"on)\s+$",
            before,
        ) and not re.search(r"\bby\s+$", before):
            effective = effective or iso
    return effective, announced


def stated_kind(text: str) -> MeasureKind | None:
    """The kind the words around a rate state ("penalty", "baseline", ...), if any."""
    return next((kind for kind, pattern in KIND_PATTERNS if pattern.search(text)), None)


def measure_kind(
    stated: MeasureKind | None, product: str, imposer: str, target: str
) -> MeasureKind:
    """The measure's kind: as the text states it (``stated_kind``, read once per rate), else
    sectoral for a product, else what the pair implies."""
    if stated:
        return stated
    if product != "all goods":
        return "sectoral"
    if imposer == "United States" and target not in {"", "all"}:
        # A country-specific rate on all goods from Washington is, in 2025 reporting,
        # the "reciprocal" schedule even when the article does not use the word.
        return "reciprocal"
    return "other"
