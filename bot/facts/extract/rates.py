"""Which percentages are tariff rates: bound to a tariff noun, a levy verb, or a verb of
level or change whose subject is goods, a product or a country; old figures of a change."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.lexicon import GENERIC_GOODS, find_countries, find_products
from bot.facts.text import (
    PERCENT_RE,
    percent_value,
)

STRONG_NOUN = (
    r"(?:(?:counter-?)?tariffs?|dut(?:y|ies)|levy|levies|import tax(?:es)?|surcharges?|"
    r"surtax(?:es)?)(?![-\w])"
)
WEAK_NOUN = r"(?:rates?|baseline|penalty|penalties|ceiling)(?![-\w])"
STRONG_RE = re.compile(rf"\b{STRONG_NOUN}", re.I)
_LEVY_VERB_RE = re.compile(
    r"\b(levies|levied|levy|imposes|imposed|impose|charges|charged|slapped|slaps)\s+"
    r"(?:an?\s+)?(?:(?:additional|extra|further|new)\s+)?$",
    re.I,
)
_NON_TARIFF_RATE = re.compile(
    r"\b(interest|benchmark|key|policy|lending|exchange|growth|unemployment|inflation|"
    r"approval|tax|mortgage|savings|jobless|participation|vacancy|occupancy|birth|"
    r"mortality|poverty|saving|discount|repo|effective|average|overall)\s+$",
    re.I,
)
_MODIFIER_STOP = frozenset(
    {
        "as",
        "after",
        "amid",
        "before",
        "because",
        "since",
        "while",
        "when",
        "if",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "with",
        "than",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "but",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "for",
        "this",
        "its",
        "their",
        "his",
        "her",
        "and",
        "fell",
        "rose",
        "jumped",
        "dropped",
        "slid",
        "gained",
        "lost",
        "grew",
        "shrank",
    }
)
_DEMAND_RE = re.compile(
    r"\b(push(?:es|ed|ing)?\s+for|seek(?:s|ing)?|sought|wants?|wanted|demand(?:s|ed|ing)?|"
    r"call(?:s|ed|ing)?\s+for|ask(?:s|ed|ing)?\s+for|lobb(?:y|ies|ied|ying)\s+for|"
    r"cap\s+of|ceiling\s+of|limit\s+of)\b",
    re.I,
)
_ESCAPED_RE = re.compile(
    r"\b(?:escap(?:e|es|ed|ing)|exempt(?:s|ed|ing)?\s+from|(?:spared|excluded)\s+from|"
    r"dodg(?:e|es|ed|ing)|evad(?:e|es|ed|ing))\s+(?:the\s+|an?\s+|its\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
"""A rate that goods escape: "orange juice escapes the extra 40% surcharge" is not its rate."""
_NEGATED_RE = re.compile(
    r"\b(?:(?:not|never|n't|no longer)\s+(?:\w+\s+){0,2}?(?P<verb>impose|levy|introduce|"
    r"apply|announce|retaliate|respond|raise|hike|increase|lower|cut|reduce|remove|lift|"
    r"scrap|pause|suspend|extend|set|slap|put)\w*|(?P<deny>den(?:y|ies|ied)|dismiss(?:es|ed)?|"
    r"reject(?:s|ed)?)\s+(?:\w+\s+)?(?:reports?|claims?|suggestions?|speculation)|"
    r"rul(?:e|es|ed)\s+out)\b",
    re.I,
)
_CHANGE_VERBS = frozenset(
    {
        "raise",
        "hike",
        "increase",
        "lower",
        "cut",
        "reduce",
        "remove",
        "lift",
        "scrap",
        "pause",
        "suspend",
        "extend",
    }
)

_CLAUSE_BREAK_RE = re.compile(
    r";|(?<!\d):(?!\d)|,(?=\s+(?:but|though|although|while|whereas|alongside|except|and|which|as|after|"
    r"before|matching|ending|citing|according|unless|down from|up from|half|double|"
    r"rather than|instead of|in place of|compared with|well above|well below)\b)"
    r"(?!\s+but\s+also)|"
    r"\s(?=(?:but|though|although|while|whereas|except|unless)\s)(?!but\s+also)"
)


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.start() + (1 if m.group(0) in ";:," else 0)
    spans.append((start, len(sentence)))
    return spans


def clause_of(clauses: list[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(clauses):
        if a <= pos < b:
            return i
    return len(clauses) - 1


@dataclass(frozen=True, slots=True)
class Rate:
    value: float
    start: int
    end: int
    noun_start: int
    noun_end: int
    previous: bool = False
    """The old figure of a change ("from 20% to 45%", "up from 8%"): superseded."""
    level: bool = False
    """Bound by a verb of level ("stays at", "kept at", "pay"): a rate that holds, not a change."""
    measured: tuple[int, int] = (-1, -1)
    """The noun phrase a verb-bound rate measures ("Norway" in "Norway stays at 12%")."""
    both_ways: bool = False
    """Stated for both sides ("duty-free both ways", "each side will scrap")."""


_GAPPED_RE = re.compile(r"\s*(?:,|;|,?\s*and)\s+(?P<np>(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){1,3})")
_FROM_TO_RE = re.compile(r"\s+(?:to|and)\s+(?:about\s+|around\s+|roughly\s+)?")
_DOWN_UP_FROM_RE = re.compile(
    r"\b(?:down|up|lower|higher|rising|falling|raised|lowered|cut|increased)\s+from\s+"
    r"(?:the\s+)?(?:about\s+|around\s+|roughly\s+)?$",
    re.I,
)
_LEVEL_VERB_RE = re.compile(
    r"\b(?P<verb>stay(?:s|ed|ing)?|remain(?:s|ed|ing)?|kept|keep(?:s|ing)?|held|hold(?:s|ing)?|"
    r"left|leav(?:e|es|ing)|unchanged|pay(?:s|ing)?|paid|fac(?:e|es|ed|ing)|charged|taxed|capped|cap(?:s|ped)?|"
    r"stand(?:s|ing)?|stood|"
    r"set|fixed|now)\s+(?P<np>(?:[\w.’'-]+\s+){0,4}?)(?:at\s+)?"
    r"(?:(?:a|an|the)\s+)?(?:about\s+|around\s+|roughly\s+|only\s+|just\s+)?$",
    re.I,
)
_CHANGE_TO_RE = re.compile(
    r"\b(?P<verb>rais\w*|lift\w*|hik\w*|increas\w*|doubl\w*|tripl\w*|lower\w*|cut|cuts|"
    r"cutting|reduc\w*|slash\w*|halv\w*|bring\w*|brought|br?ing\s+\w+\s+down|"
    r"comes?\s+down|came\s+down|goes\s+up|went\s+up|go(?:es)?\s+down|went\s+down|"
    r"fall(?:s|ing)?|fell|ris(?:e|es|ing)|rose|climb\w*|jump\w*)\s+"
    r"(?P<np>(?:[\w.’'-]+\s+){0,5}?)(?:down\s+|up\s+)?to\s+"
    r"(?:about\s+|around\s+|roughly\s+)?$",
    re.I,
)
_CHARGED_ON_RE = re.compile(r"\s+(?:charged|levied|imposed|applied)\s+(?:on|to)\s")
_SET_BY_RE = re.compile(
    r"\s+(?:that\s+)?(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,3}(?:had\s+|has\s+)?"
    r"(?:announced|set|imposed|threatened|proposed|ordered|levied)\b"
)
_ON_GOODS_RE = re.compile(
    r"\s+on\s+(?!(?:the\s+)?(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:the\s+)?same\s+day|top\b|average|paper)\b)",
    re.I,
)
_PAID_BY_RE = re.compile(
    r"\s+(?:that\s+|which\s+)?(?P<payer>it|they|(?:its|their)\s+(?:[\w-]+\s+){1,2}?|"
    r"(?:[A-Z][\w’'.-]*\s+){1,2}(?:[a-z][\w-]+\s+)?)"
    r"\s*(?P<aux>(?:(?:has|have|had|will|would|already|still|now|long)\s+){1,2})?(?:been\s+)?"
    r"(?P<verb>pay(?:s|ing)?|paid|fac(?:e|es|ed|ing))\b"
)
"""A rate followed by a relative clause whose subject pays it: "the 17.5% it has been paying",
"the 12% Peru pays", "the 30% Chilean exporters faced"."""
_RELATIVE_RE = re.compile(r"\s(?:that|which|who|whose|whether)\s", re.I)
_MEASURED_WORDS = frozenset(
    {
        "tariff",
        "tariffs",
        "duty",
        "duties",
        "levy",
        "levies",
        "rate",
        "rates",
        "surcharge",
        "surcharges",
        "penalty",
        "penalties",
        "baseline",
        "tax",
        "taxes",
    }
)
_SUBJECT_SKIP = frozenset(
    {
        "now",
        "still",
        "also",
        "will",
        "would",
        "shall",
        "could",
        "may",
        "might",
        "go",
        "goes",
        "went",
        "on",
        "have",
        "has",
        "had",
        "been",
        "be",
        "is",
        "are",
        "was",
        "were",
        "only",
        "already",
        "then",
        "all",
        "which",
        "who",
        "that",
        "continue",
        "continues",
        "to",
    }
)


def _measured_head(text: str) -> str:
    words = _measured_phrase(text).split()
    return words[-1] if words else ""


def _measured_phrase(text: str) -> str:
    """The head word of the noun phrase a rate measures, read off the words before its
    verb: "Nearly all Danish goods will pay" -> "goods"; "the odds that the judges back the
    levies dropped" -> "odds" (the subject of the verb, not the noun in its clause)."""
    rel = _RELATIVE_RE.search(text)
    whose = rel is not None and rel.group(0).strip().lower() == "whose"
    if (
        rel
        and not whose
        and not re.search(r"\b(?:who|which|that)\s*$", text[rel.start() :].rstrip())
    ):
        text = text[: rel.start()]
    coordinated = re.search(r"\b(?:and|but|or)\s*$", text)
    first_verb = _FINITE_RE.search(text)
    if coordinated and first_verb:
        # "Glass and ceramics are excluded and stay at 18%": the first verb's subject
        text = text[: first_verb.start()]
    words = re.findall(r"[\w’'-]+|,", text)
    while words and (words[-1].lower() in _SUBJECT_SKIP or words[-1] == ","):
        words.pop()
    return " ".join(w for w in words if w != ",")


_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|do|does|did|remains?|stays?)\b",
    re.I,
)


def _measures_trade(head: str, phrase: str) -> bool:
    """Is the word a rate is bound to something a tariff is charged on (goods, a product, a
    country, a tariff noun)?  Shares, chances, prices and indexes are not."""
    low = re.sub(r"[’']s$", "", head).lower()
    if low in _MEASURED_WORDS or is_goods_word(low) or low in _POLITY_NOUNS:
        return True  # "the bloc will pay 15%": a country named by what it is
    if find_products(" ".join(_measured_phrase(phrase).lower().split()[-4:])):
        return True  # "car parts", "chips and solar cells"
    if low in _QUANTITY_NOUNS:
        return False
    mentions = find_countries(phrase.rstrip(" ,"))
    if any(m.end >= len(phrase.rstrip(" ,")) - 1 for m in mentions):
        return True
    trimmed = _measured_phrase(phrase)  # "The UK still pays", "Goods from Peru that ... pay"
    if any(m.end >= len(trimmed) - 1 for m in find_countries(trimmed)):
        return True
    head_np = _POSTMODIFIER_RE.split(trimmed, maxsplit=1)[0].split()
    if head_np and is_goods_word(head_np[-1]):
        return True  # "Goods outside the pact pay 25%": the head comes before its modifier
    # "Chilean salmon and wine stay at 6%": goods named by their origin
    return any(m.form == "demonym" for m in mentions)


_POLITY_NOUNS = frozenset({"bloc", "union", "country", "nation", "kingdom", "republic"})
_POSTMODIFIER_RE = re.compile(r"\s(?:outside|from|of|in|under|within|beyond|not)\s", re.I)
_QUANTITY_NOUNS = frozenset(
    {
        "unemployment",
        "inflation",
        "growth",
        "output",
        "shares",
        "stocks",
        "prices",
        "price",
        "interest",
        "approval",
        "turnout",
        "support",
        "share",
        "yields",
        "yield",
        "index",
        "chance",
        "odds",
        "probability",
        "savings",
        "wages",
        "spending",
        "deficit",
        "debt",
    }
)
"""Quantities a percentage can measure that are never what a tariff is charged on."""


def tariff_rates(sentence: str, tariff_context: bool = False) -> list[Rate]:
    """Percentages grammatically tied to a tariff noun, a levy verb, or (in an article about
    tariffs) a verb of level or change whose subject is goods, a product or a country."""
    low = sentence.lower()
    if (
        "%" not in sentence
        and "per" not in low
        and "pct" not in low
        and " points of " not in low
        and not _ZERO_HINT.search(low)
    ):
        return []  # most sentences state no rate: skip the clause analysis
    strong_here = any(
        not re.match(r"[-\w]", sentence[m.end() : m.end() + 1] or " ")
        for m in STRONG_RE.finditer(sentence)
    )
    has_strong = tariff_context or strong_here
    clauses = clause_spans(sentence)
    percents = [(m, percent_value(m)) for m in PERCENT_RE.finditer(sentence)]
    out: list[Rate] = []
    for k, (m, value) in enumerate(percents):
        if value is None:
            continue
        before = sentence[: m.start()]
        after = sentence[m.end() :]
        nxt = percents[k + 1][0] if k + 1 < len(percents) else None
        c_start, _c_end = clauses[clause_of(clauses, m.start())]
        previous = False
        if re.search(r"\bfrom\s+(?:the\s+)?(?:about\s+|around\s+|roughly\s+)?$", before, re.I):
            # "from 20% to 45%": the old figure of a change, kept as superseded.
            to_next = nxt is not None and _FROM_TO_RE.fullmatch(sentence[m.end() : nxt.start()])
            if not (to_next or _DOWN_UP_FROM_RE.search(before)):
                continue
            previous = True
        elif re.search(r"\bby\s+(?:the\s+)?(?:about\s+|around\s+)?$", before, re.I) and (
            not re.search(r"\bby\s+(?:the|an?)\s+$", before, re.I)
            or _noun_after(sentence, m.end(), has_strong) is None
        ):
            continue  # "cut by 10%" is a change; "hit by the 50% tariff" names a tariff
        if re.match(r"\s+of\b", after):
            continue
        clause_before = sentence[c_start : m.start()]
        noun = _noun_after(sentence, m.end(), has_strong) or _noun_before(
            sentence, c_start, m.start(), has_strong
        )
        if noun is None and _LEVY_VERB_RE.search(before):
            noun = (m.start(), m.start())
        if noun is None and has_strong and _CHARGED_ON_RE.match(after):
            noun = (m.start(), m.end())  # "the 22% levied on foreign bicycles"
        if noun is None and strong_here and _ON_GOODS_RE.match(after):
            noun = (m.start(), m.start())
        if noun is None and has_strong and _SET_BY_RE.match(after):
            noun = (m.start(), m.start())  # "the 17% Ottawa announced for X"
        level = False
        measured = (-1, -1)
        paid = _PAID_BY_RE.match(after) if noun is None and has_strong else None
        if paid:
            # "the 17.5% it has been paying", "the 12% Peru pays": a rate someone pays
            noun, level = (m.start(), m.start()), True
            measured = (m.end() + paid.start("payer"), m.end() + paid.end("payer"))
            # "the 3.5% it paid before the war": a simple past payment is a former rate
            previous = previous or (paid.group("aux") is None and paid.group("verb") == "paid")
        gapped = (
            _GAPPED_RE.fullmatch(sentence[out[-1].end : m.start()])
            if noun is None and out and out[-1].level and out[-1].measured[0] >= 0
            else None
        )
        if gapped:
            # "Vietnam now faces 46%, Cambodia 49% and Thailand 36%": the verb is understood
            noun, level = (m.start(), m.start()), True
            measured = (out[-1].end + gapped.start("np"), out[-1].end + gapped.end("np"))
        if previous and noun is None:
            own = _previous_of(sentence, c_start, m, out)
            # "from 80% to 35%": the old figure takes the noun of the new one (below)
            noun = (own.noun_start, own.noun_end) if own else (m.start(), m.start())
        if has_strong:
            bound = _verb_bound(sentence, c_start, m.start())
            if bound is not None and noun is None:
                noun, level, measured = bound
            elif bound and noun and bound[1] and bound[2][0] <= noun[0] < bound[2][1]:
                # "leaves Peru's tariff at 18%": the tariff is the measured object
                level, measured = True, bound[2]
        if noun is None:
            continue
        if _DEMAND_RE.search(clause_before) or _ESCAPED_RE.search(clause_before[-80:]):
            continue
        if re.search(r"\b(?:would|could|might|should)\s+have\s+\w+", clause_before, re.I):
            continue  # "a deal that would have kept the rate at 10%": it did not happen
        if re.search(r"\bhop(?:e|es|ed|ing)\s+to\s+(?:[\w-]+\s+){0,4}$", clause_before, re.I):
            continue  # "hope to agree a rate of 15%": a hope, not a measure
        neg = _NEGATED_RE.search(clause_before)
        if neg and not (neg.group("verb") and neg.group("verb").lower() in _CHANGE_VERBS):
            continue
        out.append(Rate(value, m.start(), m.end(), noun[0], noun[1], previous, level, measured))
    if tariff_context or strong_here:
        points = _points_of(sentence) if " points of " in low else []
        extra = [*_zero_rates(sentence, clauses), *points]
        out = sorted([*out, *extra], key=lambda r: r.start)
    return _pair_changes(out)


_ZERO_HINT = re.compile(r"zero|-free|\b(?:entirely|completely|altogether|fully)\b")
"""Words without which no 0% rate in words can be stated (``_ZERO_RE``): a cheap pre-filter."""
_ZERO_RE = re.compile(
    r"\b(?:duty|tariff)-free\s+(?:quotas?|access|treatment|entry)\b"
    r"|\b(?:cross\w*|enter\w*|ship\w*|remain\w*|stay\w*|trad\w*|flow\w*|travel\w*)\s+"
    r"(?:the\s+(?:border|country)\s+)?(?:duty|tariff)-free\b"
    r"|\b(?:drop\w*|scrap\w*|eliminat\w*|remov\w*|abolish\w*|lift\w*)\s+(?:all\s+)?"
    r"(?:their\s+|its\s+|the\s+)?(?:tariffs|duties)\s+(?:entirely|completely|altogether|fully)\b"
    r"|\bzero(?:-for-zero)?\s+(?:tariffs?|duties)\b"
    r"|\b(?:to|at)\s+zero\b",
    re.I,
)


_POINTS_OF_RE = re.compile(
    rf"(?<![\w.])(?P<num>\d{{1,3}}(?:\.\d+)?)\s+(?:percentage\s+)?points?\s+of\s+"
    rf"(?:the\s+|its\s+|their\s+|that\s+)?(?:[\w\"“”-]+\s+){{0,2}}?(?P<noun>{STRONG_NOUN})",
    re.I,
)


def _points_of(sentence: str) -> list[Rate]:
    """A part of a tariff counted in points: "the other 14 points of the plum tariff
    are suspended" states a 24% slice of that tariff (never a change: "cut by 10 points")."""
    out: list[Rate] = []
    for m in _POINTS_OF_RE.finditer(sentence):
        if re.search(r"\bby\s+(?:about\s+|some\s+)?$", sentence[: m.start()], re.I):
            continue
        out.append(Rate(float(m.group("num")), m.start(), m.end("num"), *m.span("noun")))
    return out


_OFFER_RE = re.compile(
    r"\b(?:offer\w*|propos\w*|hop\w*|seek\w*|sought|want\w*|urg\w*|call\w*\s+for|ask\w*|"
    r"pledg\w*|promis\w*)\s+(?:\w+\s+)?to\b",
    re.I,
)


def _zero_rates(sentence: str, clauses: list[tuple[int, int]]) -> list[Rate]:
    """Rates of 0% stated in words: "a duty-free quota", "zero tariffs", "cut the tariff on
    X to zero", "ship duty-free"; never when negated ("no longer duty-free")."""
    out: list[Rate] = []
    for m in _ZERO_RE.finditer(sentence):
        c_start = clauses[clause_of(clauses, m.start())][0]
        clause_before = sentence[c_start : m.start()]
        if re.search(r"\b(?:not|no longer|never|n't)\b", clause_before + m.group(0), re.I):
            continue
        if _DEMAND_RE.search(clause_before) or _OFFER_RE.search(clause_before):
            continue  # "offered to cut tariffs to zero": a position, not a measure
        if _SHARE_RE.search(clause_before) or _GOAL_RE.search(clause_before):
            continue  # "70% of its exports cross duty-free", "work toward a duty-free quota"
        if re.search(
            r"\b(?:outside|beyond|above|over|exceeding)\s+(?:an?\s+|the\s+)?$",
            sentence[: m.start()],
        ):
            continue  # "sugar shipped above a duty-free quota"
        start, end = m.start(), m.end()
        if re.match(r"(?:to|at)\s", m.group(0), re.I):
            noun = _noun_before(sentence, c_start, m.start() + 3, True)
            if noun is None:
                continue
            start = m.end() - 4
            out.append(Rate(0.0, start, end, noun[0], noun[1]))
            continue
        c_end = clauses[clause_of(clauses, m.start())][1]
        both = _BOTH_WAYS_RE.search(sentence[c_start:c_end]) is not None
        out.append(Rate(0.0, start, end, start, end, both_ways=both))
    return out


_SHARE_RE = re.compile(
    r"(?:\b\d[\d.]*\s*(?:%|per ?cent)|\b(?:half|a third|a quarter|two-thirds|three-quarters|"
    r"most|much|the bulk|the majority))\s+of\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:exports|imports|trade|goods|shipments|products|sales)\b",
    re.I,
)
"""A share of trade ("85% of its exports"): what crosses duty-free is a share, not a rate."""
_GOAL_RE = re.compile(
    r"\b(?:work\w*|mov\w*|head\w*|push\w*|aim\w*)\s+(?:\w+\s+)?towards?\b|"
    r"\b(?:goal|aim|ambition|hope)\s+of\b",
    re.I,
)
"""A zero rate as a goal being worked toward is not yet a measure."""


_BOTH_WAYS_RE = re.compile(
    r"\b(?:in both directions|both ways|each way|both sides(?! of)|each side(?! of)|mutually)\b",
    re.I,
)


def _previous_of(sentence: str, c_start: int, m: re.Match[str], found: list[Rate]) -> Rate | None:
    """The rate a "down from 30%" belongs to: the last rate of the same clause, or the rate
    just before when the clause is that from-phrase ("eases to 12%, down from the 16%")."""
    same = next((r for r in reversed(found) if r.end <= m.start() and r.start >= c_start), None)
    if same is not None or not found or found[-1].end > m.start():
        return same
    between = sentence[found[-1].end : m.start()]
    return found[-1] if len(between) < 40 and _DOWN_UP_FROM_RE.search(between) else None


def _verb_bound(
    sentence: str, c_start: int, pos: int
) -> tuple[tuple[int, int], bool, tuple[int, int]] | None:
    """A rate bound by a verb of level or change to the noun phrase it measures:
    "Glass and ceramics stay at 18%", "keeping Norway at 12%", "most goods will pay 21%",
    "the duty comes down to 6%"; (noun span, is a level)."""
    window = sentence[c_start:pos]
    for pattern, level in ((_LEVEL_VERB_RE, True), (_CHANGE_TO_RE, False)):
        vm = pattern.search(window)
        if vm is None:
            continue
        np = vm.group("np").strip()
        object_np = np and not re.fullmatch(r"(?:(?:at|to|on|about|around)\s*)+", np)
        if object_np and re.search(
            r"\b(?:keep|kept|held|hold|left|leav|set|rais|lift|lower|cut|"
            r"reduc|bring|brought|doubl|halv)",
            vm.group("verb"),
            re.I,
        ):
            head = _measured_head(np)  # "keeping Norway at 12%": the object is measured
            phrase = np
            span = (c_start + vm.start("np"), c_start + vm.end("np"))
        else:
            phrase = window[: vm.start()]
            head = _measured_head(phrase)
            span = (c_start, c_start + vm.start())
            if not head and re.match(r"\s*(?:which|who|that)\b", phrase, re.I):
                # "buses and trucks, which had paid 14%": the antecedent pays
                phrase = sentence[:c_start].rstrip(" ,")
                head = _measured_head(phrase)
                span = (max(0, len(phrase) - 60), len(phrase))
        if not head or not _measures_trade(head, phrase if phrase.strip() else head):
            continue
        if head.lower() in {"rate", "rates"} and _NON_TARIFF_RATE.search(
            phrase[: phrase.rfind(head)]
        ):
            continue  # "cut its benchmark interest rate to 8.5%"
        start = c_start + vm.start()
        # "capped at", "set at" fix a rate; "stays at", "pays" say it holds
        holds = level and not re.match(r"(?:cap|set|fix)", vm.group("verb"), re.I)
        return (start, start), holds, span
    return None


def _pair_changes(rates: list[Rate]) -> list[Rate]:
    """Give the old figure of "from A% to B%" the noun of its new figure; an old figure whose
    new one was not read as a tariff is dropped with it."""
    out: list[Rate] = []
    for i, r in enumerate(rates):
        if r.previous and r.noun_start == r.start == r.noun_end and r.measured[0] < 0:
            nxt = rates[i + 1] if i + 1 < len(rates) else None
            if nxt is None or nxt.previous:
                continue
            r = Rate(r.value, r.start, r.end, nxt.noun_start, nxt.noun_end, True, False)
        out.append(r)
    return out


def _noun_after(sentence: str, pos: int, has_strong: bool) -> tuple[int, int] | None:
    """ "24% tariff", "10% universal tariff", "25% steel tariffs"."""
    for word in re.finditer(r"[\"'“”‘’]?([\w-]+)[\"'“”‘’]?", sentence[pos : pos + 60]):
        text = word.group(1)
        a, b = pos + word.start(1), pos + word.end(1)
        if re.fullmatch(STRONG_NOUN, text, re.I):
            return a, b
        if re.fullmatch(WEAK_NOUN, text, re.I):
            if not has_strong:
                return None
            # "10% baseline tariff": the phrase ends at its head noun
            head = re.match(rf"\s+(?:[\w-]+\s+)?({STRONG_NOUN})", sentence[b:], re.I)
            return (a, b + head.end(1)) if head else (a, b)
        if text.lower() in _MODIFIER_STOP or word.start() > 40:
            return None
        gap = sentence[pos:a]
        if re.search(r"[,;.:()]", gap):
            return None
    return None


_FROM_RATE_RE = re.compile(
    rf"\bfrom\s+(?:the\s+)?(?:about\s+|around\s+|roughly\s+)?{PERCENT_RE.pattern}(?=\s+to\b)",
    re.I,
)
_MOTION_VERB_RE = re.compile(
    r"\s*(?:fell|falls?|rose|rises?|dropped|drops?|slid|slides?|jumped|jumps?|climbed|climbs?|"
    r"sank|sinks?|surged|surges?|plunged|plunges?)\b",
    re.I,
)


_APPOSITIVE_RE = re.compile(r"^\s*,[^,;:]{1,90},")


def _noun_before(sentence: str, c_start: int, pos: int, has_strong: bool) -> tuple[int, int] | None:
    """ "duties of 14.5%", "raised tariffs on Canadian lumber to 27 percent"."""
    window = sentence[c_start:pos]
    best: tuple[int, int] | None = None
    for noun in re.finditer(rf"\b(?:{STRONG_NOUN}|{WEAK_NOUN})", window, re.I):
        text = noun.group(0)
        weak = re.fullmatch(WEAK_NOUN, text, re.I) is not None
        if weak and (not has_strong or _NON_TARIFF_RATE.search(window[: noun.start()])):
            continue
        between = _FROM_RATE_RE.sub(" ", window[noun.end() :])
        if PERCENT_RE.search(between):
            continue
        # "The duty, imposed under Section 232 last year, took effect at 50%": the phrase
        # set off by commas after the noun is not part of the path from noun to rate
        between = _APPOSITIVE_RE.sub(" ", between)
        if len(between.split()) > 12:
            continue
        if _MOTION_VERB_RE.match(between) and not _measures_trade(
            _measured_head(window[: noun.end()]), window[: noun.end()]
        ):
            continue  # "the odds that the judges back the levies dropped to 30%"
        if re.fullmatch(
            r"\s*(?:rate\s+)?(?:of|at)\s+(?:up to\s+|as much as\s+|about\s+)?", between, re.I
        ) or re.search(
            r"\b(?:to|at|be|is|was|of)\s+(?:up to\s+|as much as\s+|about\s+)?$", between
        ):
            best = (c_start + noun.start(), c_start + noun.end())
    return best


def is_goods_word(word: str) -> bool:
    low = word.lower()
    return low in GENERIC_GOODS or low.startswith("export") or bool(find_products(low))
