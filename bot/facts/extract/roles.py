"""Who imposes a rate and on whom, read from the rate's own clause and noun phrases."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.facts.extract.rates import STRONG_NOUN, Rate, is_goods_word
from bot.facts.lexicon import (
    MONTHS,
    CountryMention,
)

PREPOSITIONS = frozenset(
    {
        "of",
        "in",
        "to",
        "from",
        "with",
        "on",
        "for",
        "against",
        "by",
        "at",
        "over",
        "about",
        "into",
        "through",
        "between",
        "among",
        "toward",
        "towards",
        "than",
        "like",
        "amid",
        "across",
        "including",
        "via",
        "behind",
        "within",
        "without",
    }
)
_PREPOSITIONS_OR_AND = PREPOSITIONS | {"and", "or"}
_NP_STOP_RE = re.compile(
    r"[,;.:()\"“”]|\s(?:to|from|by|in|at|under|unless|if|after|before|since|until|with|that|"
    r"which|who|as|amid|while|though|starting|effective|beginning|on|when|because|"
    r"would|will|could|was|were|is|are|has|have|had|remains?|took|takes|rose|fell|rise|"
    r"shipped|sold|transshipped|used|made|not|a year|each|per)\b"
    r"|\s(?:over|because of|in response to|in retaliation for)\s(?![\d$€£])"
)
"""Where the noun phrase after "on" ends; "over Russian oil" says why, not what."""
_PRONOUN_PAYER_RE = re.compile(
    r"\b(?:its|their)\s+(?:[\w-]+\s+)?(?:goods|exports|products|shipments|exporters|producers|"
    r"makers)\s+(?:(?:now|still|also|will|would|must|already|have|has|had|been)\s+){0,2}"
    r"(?:pay|pays|paid|paying|face|faces|faced|facing)\s+(?:[\w-]+\s+){0,3}$",
    re.I,
)
"""Goods of a country named by a pronoun that pay the rate: "its exporters now face a ..."."""
_REASON_RE = re.compile(
    r"\b(?:for\s+[a-z]+ing|over|because\s+of|in\s+response\s+to|in\s+retaliation\s+for|"
    r"if|unless|until|once)\s+(?:[\w’'-]+\s+){0,3}$",
    re.I,
)
"""A phrase that gives the reason or condition of a tariff ("over Russian oil", "if purchases
of Russian oil stop"); the countries and goods in it do not pay it."""
_IMPOSE_VERB_RE = re.compile(
    r"^\s*(?:,\s*which\s+)?(?:(?:now|also|on \w+|has|have|had|will|would|is|are|was|were|"
    r"plans to|said it would|has threatened to|threatened to|last \w+|just|again|also)\s+){0,3}"
    r"(impos\w*|levie[sd]|levy|levying|slap\w*|raised?|raises|raising|hike[sd]?|lower\w*|"
    r"cut|cuts|reduc\w*|slash\w*|announc\w*|threaten\w*|propos\w*|kept|keeps?|maintain\w*|"
    r"introduc\w*|placed?|put|retain\w*|set|sets|charg\w*|extend\w*|increas\w*)\b",
    re.I,
)
_TARGET_VERB_RE = re.compile(
    r"^\s*(?:(?:has|have|had|will|would|is|are|was|were|now|still|also|been|already)\s+){0,3}"
    r"(face[sd]?|facing|pays?|paid|paying|subject(?:ed)? to|hit with|agreed to an?\b)",
    re.I,
)
_PAYER_NOUN_RE = re.compile(
    r"^(?:\s+(?:member|members|exporters?|producers?)\b|\s*,\s*(?:which|who)\b|"
    r"\s*,\s*whose\s+(?:[\w-]+\s+)?(?:goods|exports|products|producers|exporters)\b)"
)
"""Words between a country and the verb that makes it the payer ("Peru, which faced")."""
_VERB_FORM_RE = re.compile(
    r"\b(?:\w+ed|\w+es|is|are|was|were|has|have|had|will|would|can|could|may|might|must|"
    r"gets?|got|wins?|won|takes?|took|sees?|saw|pays?|paid|says?|said|tells?|told|"
    r"makes?|made|gives?|gave|thinks?|thought|knows?|knew)\s",
    re.I,
)
"""A verb between a country and a rate: "Japan secured a 15% ceiling" is not Japan's rate."""
_NEXT_WORDS_RE = re.compile(r"(?:['’]s)?((?:\s+[\w-]+){0,2})")
_EXPORTS_TO_RE = re.compile(
    r"\b(?:exports?|shipped|shipments?|sold|sales|goods|products)\s+(?:\w+\s+){0,2}?"
    r"(?:to|into)\s+(?:the\s+)?$",
    re.I,
)
_BY_RE = re.compile(
    r"\b(?:imposed|levied|set|announced|tariffs?|duties|escalation)\s+by\s+"
    r"(?:the\s+)?$",
    re.I,
)


def prev_word(text: str, pos: int) -> str:
    words: list[str] = re.findall(r"[\w’']+", text[:pos])
    for w in reversed(words):
        if w.lower() not in {"the", "a", "an"}:
            return w.lower()
    return ""


def np_after(sentence: str, pos: int) -> tuple[int, int] | None:
    """The noun phrase after "on"/"for"/"against" that follows ``pos`` (a tariff noun)."""
    m = re.match(
        r"\s*(?:(?:rates?|imposed|levied|applied|charged|of \d[\d.]*%)\s+)?(?:on|for|against)\s+"
        r"|\s*(?:that\s+|which\s+)?(?:(?:now|still|will|would|also)\s+)?appl(?:y|ies)\s+to\s+",
        sentence[pos:],
    )
    applied_to = re.match(r"\s*to\s+(?!\d[\d.]*\s*(?:%|per))", sentence[pos:])
    if not m and applied_to and re.search(r"\bappl(?:y|ies|ied|ying)\b", sentence[:pos]):
        m = applied_to  # "will apply a 10% tariff to up to 100,000 British cars"
    if not m:
        return None
    start = pos + m.end()
    reason = _REASON_RE.search(sentence[max(0, start - 60) : start])
    if reason or re.match(r"[a-z]+ing\b", sentence[start:]):
        return None  # "a penalty over Russian oil", "for buying oil": why, not on what
    rest = re.sub(r"^up to [\d,]+\s", lambda x: " " * len(x.group(0)), sentence[start:])
    stop = _NP_STOP_RE.search(rest)
    end = start + (stop.start() if stop else len(rest))
    np_words = sentence[start:end].split()
    if np_words and not any(c.isdigit() for c in np_words[-1]):
        # "goods from Peru", "cement from Peru": the goods' origin
        ext = re.match(
            r"\s+from\s+(?:the\s+)?((?:[A-Z][\w.’']*\s*){1,3}"
            r"(?:(?:,|,?\s*and|,?\s*or)\s+(?:the\s+)?(?:[A-Z][\w.’']*\s*){1,3})*)",
            sentence[end:],
        )
        if ext:
            end += ext.end()
    return (start, end) if end > start else None


@dataclass(slots=True)
class Carry:
    imposer: str = ""
    target: str = ""
    sentence_index: int = -10


def subject_country(sentence: str, mentions: list[CountryMention]) -> str:
    for mention in mentions:
        if mention.form == "demonym":
            continue
        if prev_word(sentence, mention.start) in _PREPOSITIONS_OR_AND:
            continue
        return mention.country
    return ""


def roles(
    sentence: str,
    seg: tuple[int, int],
    rate: Rate,
    mentions: list[CountryMention],
    subject: str,
) -> tuple[str, list[str], bool]:
    """(imposer, targets, target_is_all_origins) named in the rate's segment."""
    target = ""
    also: list[str] = []
    all_origins = False
    if rate.measured[0] >= 0:
        # "Norway stays at 12%", "keeping Norway at 12%": the measured phrase is who pays.
        in_np = [m for m in mentions if rate.measured[0] <= m.start < rate.measured[1]]
        if in_np:
            group = _trailing_group(sentence, in_np)
            target, also = group[0], group
        elif re.match(r"\s*(?:it|they|its|their)\b", sentence[rate.measured[0] : rate.measured[1]]):
            target = antecedent_country(sentence, rate.start, mentions)
    np_span = np_after(sentence, rate.noun_end) or np_after(sentence, rate.end)
    tariff_np = (
        re.search(rf"\b{STRONG_NOUN}", sentence[np_span[0] : np_span[1]], re.I) if np_span else None
    )
    if np_span and tariff_np:
        # "an 18% ceiling on Canadian duties for goods from Norway": the phrase after "on" is the
        # tariff itself; who pays it is named after its head noun.
        head_end = np_span[0] + tariff_np.end()
        np_span = np_after(sentence, head_end) or _goods_from(sentence, head_end, seg[1])
    if np_span and not target:
        np_text = sentence[np_span[0] : np_span[1]]
        in_np = [m for m in mentions if np_span[0] <= m.start < np_span[1]]
        if in_np:
            target, also = in_np[0].country, _coordinated_with(sentence, in_np)
        elif re.search(r"\b(its|their)\b", np_text) and subject:
            target = subject
        elif re.search(r"\b(?:import(?:ed|s)?|foreign)\b", np_text, re.I):
            all_origins = True
    if re.search(r"\bimport\b", sentence[rate.end : max(rate.end, rate.noun_start)], re.I):
        all_origins = True  # "a 10% import surcharge": on imports from everywhere (if unnamed)
    if not target:
        target = _payer_before(sentence, seg, rate, mentions)  # "Swiss goods face a 39% US tariff"
    inner = [
        m
        for m in mentions
        if rate.end <= m.start < rate.noun_start and m.form == "name" and not m.possessive
    ]
    inner_imposer = ""
    if inner and not target:
        target = inner[0].country  # "a 25% Peru tariff"
    elif inner and inner[0].country != target:
        inner_imposer = inner[0].country  # "Norway faces a 12% EU tariff": the EU levies it
    if not target:
        after_noun = [m for m in mentions if max(rate.end, rate.noun_end) <= m.start < seg[1]]
        for m in after_noun[:1]:
            # relative clauses: "the 8% duty Peru has faced", "the 8% baseline that
            # Danish exporters have paid", "the 17% Ottawa announced for Norway"
            gap = sentence[max(rate.end, rate.noun_end) : m.start]
            tail = sentence[m.end :]
            first = re.match(r"(?:['’]s)?\s+([\w-]+)", tail)
            if first and is_goods_word(first.group(1)):
                tail = tail[first.end() :]  # "that Danish exporters have paid"
            elif m.possessive:
                continue  # "imposed on Ruritania's two neighbours": the neighbours pay
            if (
                re.fullmatch(r"\s*(?:that|which)?\s*", gap) and _TARGET_VERB_RE.match(tail)
            ) or re.fullmatch(_ANNOUNCED_FOR_RE, gap):
                target = m.country
    window = max(seg[0], rate.start - 100)
    pronoun_payer = _PRONOUN_PAYER_RE.search(sentence[window : rate.start])
    if not target and pronoun_payer:
        # "Australia was spared: its goods pay the 10% baseline"
        target = antecedent_country(sentence, window + pronoun_payer.start(), mentions)
    origin = _origin_after(sentence, rate, seg, mentions) if not target else None
    if origin is not None:
        target = origin  # "a duty-free quota of 4,000 tonnes for Danish butter"
    imposer = inner_imposer
    lead = sentence[seg[0] : min(rate.start, rate.noun_start)]
    if re.search(r"\b(its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}$", lead) and subject:
        imposer = subject
    for mention in mentions:
        if not seg[0] <= mention.start < seg[1] or _REASON_RE.search(
            sentence[max(0, mention.start - 60) : mention.start]
        ):
            continue  # "a penalty for buying Russian oil": the reason, not who pays
        after = sentence[mention.end :]
        prev = prev_word(sentence, mention.start)
        # "Canadian exports to", "Canadian steel exports": goods within the next two words
        nxt = _NEXT_WORDS_RE.match(after)
        is_goods = any(is_goods_word(w) for w in (nxt.group(1).split() if nxt else []))
        if not target and (mention.possessive or mention.form == "demonym") and is_goods:
            target = mention.country
            continue
        if not target and mention.form == "name" and _ORIGIN_NOUN_RE.match(after):
            target = mention.country  # "EU exports", "US goods": goods named by their origin
            continue
        if (
            not target
            and mention.form == "name"
            and re.search(
                r"\b(charg\w*|hit|hits|slap\w*|levy|levied)\s+(?:the\s+)?$",
                sentence[: mention.start],
                re.I,
            )
        ):
            target = mention.country
            continue
        if _EXPORTS_TO_RE.search(sentence[: mention.start]) or _BY_RE.search(
            sentence[: mention.start]
        ):
            imposer = imposer or mention.country
            continue
        before_noun = re.match(rf"\s+(?:[\w-]+\s+)?{STRONG_NOUN}", after, re.I) is not None
        if mention.form == "demonym" and before_noun:
            # "Chinese retaliatory tariffs": the demonym names who levies them.
            imposer = imposer or mention.country
            continue
        plural = re.match(r"\s+(?:[a-z][\w-]+\s+)?[a-z][\w-]+s\b", after)
        if (
            not target
            and mention.form == "demonym"
            and mention.end <= rate.start
            and plural
            and _TARGET_VERB_RE.match(after[plural.end() :])
        ):
            target = mention.country  # "Mexican tomatoes will face": goods of that origin pay
            continue
        if prev in _PREPOSITIONS_OR_AND or mention.form == "demonym":
            continue
        if any(m.start <= mention.start < m.end for m in _measured_spans(rate)):
            continue
        # "Norway faces", "each EU member faces", "Peru, which faced": who pays, before the rate
        payer_after = _PAYER_NOUN_RE.sub("", after, count=1)
        if mention.end <= rate.start and _TARGET_VERB_RE.match(payer_after):
            if not target:
                target = mention.country
            elif origin is not None and re.match(r"\s+agreed\b", after):
                imposer = imposer or mention.country  # it grants the quota to the origin
            continue
        owned = re.match(
            rf"(?:['’]s)?\s+((?:[\w-]+\s+){{0,2}})(?:{STRONG_NOUN}|[\d.]+\s*%)", after, re.I
        )
        if (
            mention.end <= rate.start
            and owned
            and (mention.possessive or not _VERB_FORM_RE.search(owned.group(1)))
        ):
            if not mention.possessive and _is_verb_object(sentence, mention.start):
                # "Minister lifts Peru levy to 45%": the levy on Peru, not Peru's.
                target = target or mention.country
                continue
            imposer = imposer or mention.country
            continue
        if mention.end <= rate.start and _IMPOSE_VERB_RE.match(after):
            imposer = imposer or mention.country
            continue
    granted = _granter(sentence, rate, seg, mentions)
    if granted is not None:
        # "Chile has agreed to a duty-free quota for Norwegian barley": Chile charges the barley
        imposer, target, also = granted, _goods_origin(sentence, rate, seg, mentions) or "", []
    targets = [target, *[c for c in also if c != target]] if target else []
    return (
        imposer,
        [t for t in targets if t != imposer] or ([target] if target else []),
        all_origins,
    )


_CALENDAR_WORDS = frozenset(
    [*MONTHS, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


def _payer_before(
    sentence: str, seg: tuple[int, int], rate: Rate, mentions: list[CountryMention]
) -> str:
    """The country that is subject of a verb of paying before the rate: "Norway faces",
    "Swiss goods face", "Peru, which faced", "EU members pay"; ""."""
    for m in mentions:
        if not (seg[0] <= m.start and m.end <= rate.start):
            continue
        if prev_word(sentence, m.start) in {"to", "into"}:
            continue  # "exports to the United States will face": the destination
        after = sentence[m.end :]
        goods = _GOODS_NP_RE.match(after)
        if goods and is_goods_word(goods.group("noun")):
            after = after[goods.end() :]
        elif m.form == "demonym" or m.possessive:
            continue  # "Swiss banks face", "Peru's minister faces": not the goods
        if _TARGET_VERB_RE.match(_PAYER_NOUN_RE.sub("", after, count=1)):
            return m.country
    return ""


_GOODS_NP_RE = re.compile(
    r"^(?:['’]s)?\s+(?:[a-z][\w-]*\s+(?=[a-z]))??(?P<noun>[\w-]+)"
    r"(?:\s+(?:to|into)\s+(?:the\s+)?(?:[A-Z][\w.]*\s*)+)?"
)
"""The goods after a country: "goods", "steel exports", "exports to the United States"."""


def antecedent_country(sentence: str, pos: int, mentions: list[CountryMention]) -> str:
    """The country a pronoun at ``pos`` stands for: the nearest country named before it in
    the sentence ("For Ruritania's farmers, the 8% they pay ..."), passing over places goods
    go to ("to", "into"); "" when there is none or another name stands between them."""
    before = [m for m in mentions if m.end <= pos]
    while before and prev_word(sentence, before[-1].start) in {"to", "into"}:
        before.pop()
    if not before:
        return ""
    last = before[-1]
    between = sentence[last.end : pos]
    for m in mentions:
        if last.end <= m.start and m.end <= pos:
            rel = (m.start - last.end, m.end - last.end)
            between = between[: rel[0]] + " " * (rel[1] - rel[0]) + between[rel[1] :]
    names = [
        w
        for w in re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+", between)
        if w.lower() not in _CALENDAR_WORDS
    ]
    if names:
        return ""  # "Ruritania's deal with Acme means the 8% it pays": too far to tell
    return last.country


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


_ANNOUNCED_FOR_RE = (
    r"\s*(?:that\s+)?(?:[A-Z][\w’'-]*\s+){1,3}(?:had\s+|has\s+)?(?:announced|set|imposed|"
    r"threatened|proposed|ordered)\s+(?:for|on)\s+(?:the\s+)?"
)


def _goods_from(sentence: str, pos: int, end: int) -> tuple[int, int] | None:
    """ "for all goods from the Netherlands" after a tariff noun."""
    m = re.match(r"\s*(?:for|on)\s+[^,;]*?\bfrom\s+", sentence[pos:end])
    return (pos, pos + m.end() + 40) if m else None


_ORIGIN_NOUN_RE = re.compile(
    r"\s+(?:goods|exports|products|shipments|merchandise|exporters|produce)\b", re.I
)


def _origin_after(
    sentence: str, rate: Rate, seg: tuple[int, int], mentions: list[CountryMention]
) -> str | None:
    """The origin named by "for/on <country or demonym> <goods>" after the rate's noun."""
    start = max(rate.end, rate.noun_end)
    for m in mentions:
        prep = prev_word(sentence, m.start)
        if not (start <= m.start < seg[1] and prep in {"for", "on"}):
            continue
        noun = re.match(r"(?:['’]s)?\s+([\w-]+)", sentence[m.end :])
        goods = noun is not None and is_goods_word(noun.group(1))
        if goods or (prep == "for" and m.form == "demonym" and noun is not None):
            return m.country
    return None


_GRANT_RE = re.compile(
    r"\s+(?:(?:has|have|had|will|would|also|then)\s+)*"
    r"(?:agreed|agrees|granted|grants?|offered|offers|opened|opens|gave|gives|promised)\b",
    re.I,
)


def _goods_origin(
    sentence: str, rate: Rate, seg: tuple[int, int], mentions: list[CountryMention]
) -> str | None:
    """The origin of the goods a rate is "for" ("a quota for US ethanol" -> United States)."""
    start = max(rate.end, rate.noun_end)
    for m in mentions:
        if (
            start <= m.start < seg[1]
            and prev_word(sentence, m.start) == "for"
            and re.match(r"\s+[a-z][\w-]*", sentence[m.end :])
        ):
            return m.country
    return None


def _granter(
    sentence: str, rate: Rate, seg: tuple[int, int], mentions: list[CountryMention]
) -> str | None:
    """The country that grants a rate for goods of another origin named after it ("Chile
    has agreed to a duty-free quota for Norwegian barley" -> Chile), or None."""
    origin = _goods_origin(sentence, rate, seg, mentions)
    if origin is None:
        return None
    granters = [
        m.country
        for m in mentions
        if m.end <= rate.start
        and m.form == "name"
        and m.country != origin
        and _GRANT_RE.match(sentence[m.end :])
    ]
    return granters[-1] if granters else None


def _measured_spans(rate: Rate) -> list[_Span]:
    return [_Span(*rate.measured)] if rate.measured[0] >= 0 else []


def _trailing_group(sentence: str, mentions: list[CountryMention]) -> list[str]:
    """The coordinated countries that end a phrase: "rivals in Chile and Norway" ->
    [Chile, Norway]."""
    group = [mentions[-1]]
    for a in reversed(mentions[:-1]):
        gap = sentence[a.end : group[0].start]
        if not re.fullmatch(r"\s*(?:,|,?\s*(?:and|or)|&)\s*(?:the\s+)?", gap):
            break
        group.insert(0, a)
    return [m.country for m in group]


def _coordinated_with(sentence: str, mentions: list[CountryMention]) -> list[str]:
    """Countries coordinated with the first one ("Chile and Peru", "Denmark and Norway")."""
    out = [mentions[0].country]
    for a, b in itertools.pairwise(mentions):
        if not re.fullmatch(r"\s*(?:,|,?\s*(?:and|or)|&)\s*(?:the\s+)?", sentence[a.end : b.start]):
            break
        out.append(b.country)
    return out


_OBJECT_VERB_RE = re.compile(
    r"\b(?:lift\w*|rais\w*|hik\w*|increas\w*|doubl\w*|lower\w*|cut\w*|reduc\w*|"
    r"slash\w*|halv\w*|set|sets|impos\w*|extend\w*|pause\w*|suspend\w*)\s+$",
    re.I,
)


def _is_verb_object(sentence: str, pos: int) -> bool:
    """Is a bare country name at ``pos`` the first word of a verb's object noun phrase?"""
    return _OBJECT_VERB_RE.search(sentence[:pos]) is not None
