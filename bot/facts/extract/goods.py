"""Goods a rate is stated for when the product lexicon does not know them.

"Chilean tin and cobalt stay at 12%", "extends that rate to cement", "a duty-free quota for
Norwegian barley": the sentence names the goods, so the row must carry them rather than
"all goods".  The phrase is read from grammar (the subject of a level verb, the object of
"extend ... to", the goods a quota is "for"), never from a list of goods.
"""

from __future__ import annotations

import re

from bot.facts.extract.rates import STRONG_NOUN, WEAK_NOUN, Rate
from bot.facts.lexicon import GENERIC_GOODS, country_of

_LEADING_RE = re.compile(
    r"(?:the|an?|its|their|his|her|our|this|that|these|those|all|most|some|many|much|"
    r"certain|other|such|both|either|each|any)",
    re.I,
)
_NOT_GOODS_RE = re.compile(
    rf"\b(?:{STRONG_NOUN}|{WEAK_NOUN}|it|they|them|we|which|who|that|this|these|those|"
    r"deal|agreement|pact|order|orders|rules?|government|officials?|country|countries)\b",
    re.I,
)
_PHRASE_RE = re.compile(r"[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,4}")
_NP = r"(?P<np>[\w’'-]+(?:\s+[\w’'-]+){0,5}?)"
_SUBJECT_RE = re.compile(
    rf"^[\s,]*(?:(?:and|but|while|whereas)\s+)?{_NP}\s+"
    r"(?:(?:will|would|shall|have|has|had|also|still|now)\s+)*"
    r"(?:go(?:es)?\s+on\s+paying|keep\s+paying|continue\s+to\s+pay|stay(?:s|ed)?|"
    r"remain(?:s|ed)?|pay|pays|paid|face[sd]?|"
    r"(?:were|was|are|is|be)\s+(?:put|placed|kept|held|left|charged|taxed|set)\s+(?:on|at))\b",
    re.I,
)
_NP_END = (
    r"(?=\s+(?:from|that|which|who|under|if|unless|on|in|going|to)\b|"
    r"\s+(?:and|or)\s+(?:an?|the|its|their)\b|[,;.:]|\s*$)"
)
_EXTENDED_RE = re.compile(rf"^\s+to\s+{_NP}{_NP_END}", re.I)
_QUOTA_FOR_RE = re.compile(
    rf"^\s+(?:of\s+[\d.,]+\s+(?:[a-z]+\s+){{1,2}})?for\s+{_NP}{_NP_END}", re.I
)


_QUALIFYING_RE = re.compile(
    r"\b(?P<head>goods|products|imports|exports|shipments)\s+(?:that|which)\s+"
    r"(?:qualify|qualifies|are\s+eligible)\s+for\s+$",
    re.I,
)
_UNDER_RE = re.compile(
    r"\s*(?:treatment|status|access\s+)?\s*under\s+(?:the\s+)?"
    r"(?P<agreement>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*(?:\s+\([A-Z][\w.-]+\))?)"
)


def named_goods(phrase: str) -> str:
    """The goods ``phrase`` names, without its determiners and origin ("Chilean tin and
    cobalt" -> "tin and cobalt"); "" for the general run of goods or anything else."""
    words = re.split(r"\s+from\s+", phrase)[0].split()  # "cement from Peru": the origin goes
    while words and (
        _LEADING_RE.fullmatch(words[0]) or country_of(re.sub(r"['’]s$", "", words[0])) is not None
    ):
        words.pop(0)
    verb = next((i for i, w in enumerate(words) if _VERB_RE.fullmatch(w)), len(words))
    words = words[:verb]  # "chemicals applies on top of ...": the phrase ends at its verb
    while len(words) > 1 and _TRADE_FLOW_RE.fullmatch(words[-1]):
        words.pop()  # "salmon imports" are salmon
    text = " ".join(words)
    if not _PHRASE_RE.fullmatch(text) or _NOT_GOODS_RE.search(text):
        return ""
    if words[0] in GENERIC_GOODS or words[0].startswith("export"):
        return ""  # "goods", "exports to ...": the general run of goods
    if _FUNCTION_WORDS_RE.fullmatch(words[0]) or _FUNCTION_WORDS_RE.fullmatch(words[-1]):
        return ""  # "on or after 9 July": no noun phrase at all
    return text


_VERB_RE = re.compile(
    r"(?:is|are|was|were|be|been|has|have|had|will|would|shall|can|could|may|might|must|"
    r"should|do|does|did|appl(?:y|ies|ied)|remains?|remained|takes?|took|comes?|came|goes|"
    r"went|stays?|stayed|falls?|fell|rises?|rose|faces?|faced|pays?|paid|enters?|entered)",
    re.I,
)
_TRADE_FLOW_RE = re.compile(r"(?:imports|exports|shipments|sales)", re.I)
_FUNCTION_WORDS_RE = re.compile(
    r"(?:and|or|after|before|about|around|up|down|more|less|than|then|also|only|just|so|as)",
    re.I,
)


def stated_goods(sentence: str, clause_start: int, rate: Rate) -> str:
    """Goods the sentence states the rate for by grammar alone, or ""."""
    qualifying = _QUALIFYING_RE.search(sentence[clause_start : rate.start])
    under = _UNDER_RE.match(sentence[max(rate.end, rate.noun_end) :])
    if qualifying and under:
        # "goods qualifying for duty-free treatment under the X Agreement": those only
        head = qualifying.group("head").lower()
        return f"{head} qualifying under {under.group('agreement').strip()}"
    subject = _SUBJECT_RE.match(sentence[clause_start : rate.start])
    if subject:
        goods = named_goods(subject.group("np"))
        if goods:
            return goods
    after = sentence[max(rate.end, rate.noun_end) :]
    before = sentence[clause_start : rate.start]
    extended = _EXTENDED_RE.match(after) if re.search(r"\bextend\w*\b", before, re.I) else None
    if extended:
        return named_goods(extended.group("np"))
    quota = (
        _QUOTA_FOR_RE.match(after)
        if re.search(r"\bquotas?\b", sentence[rate.start : rate.noun_end + 6], re.I)
        else None
    )
    if quota:
        return named_goods(quota.group("np"))
    return ""
