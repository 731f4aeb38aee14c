"""Products a sentence states are exempt, with no rate: "Pharmaceuticals are excluded for now".

An exemption says goods escape a tariff, not that they pay nothing (other duties may still
apply), so its row has no rate. Only a subject that names a product is read ("Goods that
qualify remain exempt" names none), and only a copular or passive statement: "the exemption
would last", "lobbied for the exemption" state no exemption of goods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.extract.context import DocContext, Sentence
from bot.facts.extract.coref import in_compound
from bot.facts.extract.roles import Carry
from bot.facts.extract.rows import undated_measure
from bot.facts.lexicon import find_countries, find_products
from bot.facts.models import TariffMeasure

_EXEMPT_RE = re.compile(
    r"\b(?:is|are|was|were|remains?|remained|stays?|stayed|will\s+be|have\s+been|"
    r"has\s+been)\s+(?:now\s+|still\s+|also\s+|largely\s+|fully\s+)?"
    r"(?:exempt(?:ed)?|excluded|spared)\b"
)
_CLAUSE_START_RE = re.compile(r"[;:]\s*|,?\s+(?:while|whereas|but|although|though)\s+")
_APPOSITIVE_RE = re.compile(r",\s*(?:the|a|an|its|their|one|which|who)\b[^,]*,", re.I)


@dataclass(frozen=True, slots=True)
class Exemption:
    products: tuple[str, ...]
    countries: tuple[str, ...]
    """Countries the subject names as the goods' origin ("Chinese solar panels")."""
    quote: str


def exemption(sentence: str) -> Exemption | None:
    """The exemption ``sentence`` states, or None.  The subject is read up to the verb, with
    an appositive set off by commas left out ("Pharmaceuticals, the biggest export, are")."""
    if "exempt" not in sentence and "excluded" not in sentence and "spared" not in sentence:
        return None  # most sentences: no need for the clause analysis
    m = _EXEMPT_RE.search(sentence)
    if m is None or re.search(r"\b(?:not|no longer|never)\s+$", sentence[: m.start()]):
        return None
    # the subject of the exempting verb's own clause ("..., while pharmaceuticals are exempt")
    starts = [b.end() for b in _CLAUSE_START_RE.finditer(sentence, 0, m.start())]
    first = starts[-1] if starts else 0
    subject = sentence[first : m.start()]
    if re.search(r"\b(?:if|unless|provided)\b", sentence[m.end() :]):
        return None  # "will be exempt if a deal is struck": not in place
    past = m.group(0).split()[0].lower() in {"was", "were"}
    if past and re.search(r"\b(?:until|before|previously|formerly|no longer)\b", sentence):
        return None  # "were exempt until March": an exemption that has ended
    core = _APPOSITIVE_RE.sub(" ", subject)
    if re.search(r"\b(?:if|unless|whether|would|could|may|might)\b", core, re.I):
        return None  # a condition or a possibility, not an exemption in place
    products = tuple(dict.fromkeys(p for p, _a, _b in find_products(core.lower())))
    if not products:
        return None
    # whose goods: named in the subject, else earlier in the sentence ("Taiwanese chipmakers
    # escaped the duties: semiconductors are exempt")
    named = _origins(core) or _origins(_APPOSITIVE_RE.sub(" ", sentence[:first]))
    countries = tuple(dict.fromkeys(named[:1] if not _origins(core) else named))
    return Exemption(products, countries, sentence[first : m.end()])


def _origins(text: str) -> list[str]:
    """Countries named in ``text`` other than where goods go ("exports to the US")."""
    return [
        c.country
        for c in find_countries(text)
        if not re.search(r"\b(?:to|into)\s+(?:the\s+)?$", text[: c.start])
    ]


def exemption_measures(
    freed: Exemption, s: Sentence, before: Sentence | None, ctx: DocContext, carry: Carry
) -> list[TariffMeasure]:
    """Rows without a rate for exempt products.  Whose goods they are: the countries the
    subject names, else the payer of the sentence just before (a rate's, or the one country
    it names in the same passage); never a guess from the rest of the article."""
    targets = list(freed.countries)
    if not targets and s.index - carry.sentence_index <= 1 and carry.target:
        targets = [carry.target]
    if not targets and before is not None and before.passage is s.passage:
        named = {m.country for m in find_countries(before.text) if not in_compound(before.text, m)}
        targets = list(named) if len(named) == 1 else []
    published = s.passage.published or ctx.published
    out: list[TariffMeasure] = []
    for target in targets:
        recent = s.index - carry.sentence_index <= 1 and carry.target == target
        imposer = carry.imposer if recent and carry.imposer else ctx.guess_imposer(target)
        if not imposer or imposer == target:
            continue
        payer = ctx.as_bloc(target, imposer)
        out += [
            undated_measure(
                s, published, (imposer, payer, p), None, "exemption", "exempt", freed.quote
            )
            for p in freed.products
        ]
    return out
