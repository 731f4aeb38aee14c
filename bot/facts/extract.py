"""Deterministic extraction of tariff measures, participants and positions.

Patterns work sentence by sentence with a little document context (which countries the
article is about, who has been introduced with a title), so that "A 10% universal tariff
remains in place" in an article about Japan and the U.S. still gets its imposer.  A
percentage only becomes a measure when grammar ties it to a tariff noun: growth figures,
polls and market moves are never read as tariffs.  No names from any article are built in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.facts.lexicon import (
    COMMENTATOR_HEADS,
    GENERIC_GOODS,
    GOVERNMENT_HEADS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    ORG_SUFFIXES,
    PRODUCTS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TOPIC_PATTERNS,
    CountryMention,
    aliases_of,
    country_of,
    find_countries,
    find_products,
)
from bot.facts.models import (
    FactSet,
    MeasureKind,
    MeasureStatus,
    Participant,
    Position,
    TariffMeasure,
    Topic,
)
from bot.facts.text import (
    DATE_RE,
    NUMBER_WORDS,
    PERCENT_RE,
    add_period,
    fold,
    normalise_name,
    parse_date,
    percent_value,
    split_sentences,
    words_to_number,
)
from bot.models import Passage

# --------------------------------------------------------------------------------------
# Shared context


@dataclass(slots=True)
class _Person:
    name: str
    role: str = ""
    affiliation: str = ""
    country: str = ""
    evidence: str = ""
    evidence_passage: str = ""


@dataclass(slots=True)
class _DocContext:
    doc_id: str
    published: str
    countries: Counter[str]
    people: dict[str, _Person] = field(default_factory=dict)
    """Normalised full name -> person."""
    surnames: dict[str, str] = field(default_factory=dict)
    """Surname -> normalised full name (only unambiguous surnames)."""
    tariff_context: bool = False
    """The article speaks of tariffs, duties or levies: "rate", "baseline" and verbs of level
    ("stays at 25%") can be read as tariff rates in it."""

    def resolve(self, name: str) -> _Person | None:
        key = normalise_name(name)
        if key in self.people:
            return self.people[key]
        full = self.surnames.get(key)
        return self.people.get(full) if full else None


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    passage: Passage
    index: int
    """Position of the sentence in the document (for carrying context forward)."""


def _sentences(passages: Sequence[Passage]) -> list[_Sentence]:
    out: list[_Sentence] = []
    for passage in passages:
        for sentence in split_sentences(passage.text):
            out.append(_Sentence(sentence, passage, len(out)))
    return out


def extract_facts(passages: Sequence[Passage]) -> FactSet:
    """All facts in ``passages``, grouped per document in passage order.

    Pass every passage of a document together: imposers, targets and surnames are resolved
    from the rest of the article, so a lone passage may yield fewer or vaguer facts.
    """
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.doc_id, []).append(p)
    measures: list[TariffMeasure] = []
    participants: list[Participant] = []
    positions: list[Position] = []
    for doc_id, doc_passages in by_doc.items():
        doc_passages.sort(key=lambda p: p.position)
        sentences = _sentences(doc_passages)
        ctx = _context(doc_id, doc_passages, sentences)
        measures.extend(_doc_measures(sentences, ctx))
        positions.extend(_doc_positions(sentences, ctx))
        participants.extend(_doc_participants(doc_passages, ctx))
    return FactSet(tuple(measures), tuple(participants), tuple(positions))


def _context(doc_id: str, passages: list[Passage], sentences: list[_Sentence]) -> _DocContext:
    counts: Counter[str] = Counter()
    title = passages[0].title if passages else ""
    for mention in find_countries(title):
        counts[mention.country] += 2
    for p in passages:
        for mention in find_countries(p.text):
            counts[mention.country] += 1
    published = next((p.published for p in passages if p.published), "")
    ctx = _DocContext(doc_id, published, counts)
    ctx.tariff_context = any(_STRONG_RE.search(p.text) for p in passages)
    for s in sentences:
        for person in _titled_people(s.text):
            key = normalise_name(person.name)
            known = ctx.people.get(key)
            if known is None:
                person.evidence = s.text
                person.evidence_passage = s.passage.passage_id
                ctx.people[key] = person
            else:
                known.role = known.role or person.role
                known.country = known.country or person.country
                known.affiliation = known.affiliation or person.affiliation
    for key in [k for k in ctx.people if " " not in k]:
        fuller = [k for k in ctx.people if " " in k and k.split()[-1] == key]
        if len(fuller) == 1:
            short = ctx.people.pop(key)
            full = ctx.people[fuller[0]]
            full.role = full.role or short.role
            full.country = full.country or short.country
    by_surname: dict[str, set[str]] = {}
    for key in ctx.people:
        by_surname.setdefault(key.split()[-1], set()).add(key)
    ctx.surnames = {s: next(iter(k)) for s, k in by_surname.items() if len(k) == 1}
    for person in ctx.people.values():
        _fill_affiliation(person)
    return ctx


# --------------------------------------------------------------------------------------
# Participants

_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:[’'\-][^\W\d_]+)*(?:[’']s\b)?|\d[\d.,]*|[^\w\s]"
)


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int
    base: str
    """The text without a possessive ’s."""
    low: str


def _tokens(text: str) -> list[_Tok]:
    # base/low computed once: the name scanner reads them ~25 times per sentence.
    toks = []
    for m in _TOKEN_RE.finditer(text):
        word = m.group(0)
        base = word[:-2] if word.endswith(("’s", "'s")) else word
        toks.append(_Tok(word, m.start(), m.end(), base, base.lower()))
    return toks


def _in_spans(tok: _Tok, spans: Sequence[CountryMention]) -> CountryMention | None:
    for span in spans:
        if span.start <= tok.start < span.end:
            return span
    return None


def _is_name_token(
    tok: _Tok, countries: Sequence[CountryMention], prev: _Tok | None = None
) -> bool:
    base = tok.base
    if prev is not None and base == "He" and prev.low in TITLE_HEADS and prev.text[:1].isupper():
        return True
    if not base[:1].isupper() or not base[:1].isalpha():
        return False
    if len(base) > 1 and base.isupper():
        return False
    low = base.lower()
    if low in NON_NAME_WORDS or low in TITLE_HEADS or low in TITLE_MODIFIERS:
        return False
    return base not in ORG_SUFFIXES and _in_spans(tok, countries) is None


def _is_title_word(tok: _Tok) -> bool:
    return tok.low in TITLE_HEADS or tok.low in TITLE_MODIFIERS


def _titled_people(sentence: str) -> list[_Person]:
    """People introduced with a title before or after their name in one sentence."""
    toks = _tokens(sentence)
    countries = find_countries(sentence)
    people: list[_Person] = []
    last_end = -1
    last_country = ""
    i = 0
    while i < len(toks):
        prev = toks[i - 1] if i > 0 else None
        if not _is_name_token(toks[i], countries, prev) or (
            prev is not None and _is_name_token(prev, countries)
        ):
            i += 1
            continue
        j = i
        caps = 1
        while j + 1 < len(toks) and caps < 4 and not toks[j].text.endswith(("’s", "'s")):
            if _is_name_token(toks[j + 1], countries):
                j += 1
                caps += 1
                continue
            k = j + 1
            while k < len(toks) and toks[k].text in NAME_PARTICLES:
                k += 1
            if k > j + 1 and k < len(toks) and _is_name_token(toks[k], countries):
                j = k
                caps += 1
                continue
            break
        run = toks[i : j + 1]
        i = j + 1
        if j + 1 < len(toks) and toks[j + 1].base in ORG_SUFFIXES:
            continue
        name = " ".join([t.text for t in run[:-1]] + [run[-1].base])
        person = _title_before(sentence, toks, run[0], countries)
        if person is None and len(run) > 1:
            person = _title_after(sentence, toks, j + 1, countries)
        if person is None:
            continue
        role, country, org = person
        before = sentence[last_end : run[0].start] if last_end >= 0 else ""
        if (
            not country
            and last_country
            and re.fullmatch(r"[\s,]*(and)?[\s\w-]*", before)
            and len(before) < 40
        ):
            country = last_country
        people.append(_Person(name=name, role=role, affiliation=org, country=country))
        last_end, last_country = run[-1].end, country
    return people


def _country_ending_at(sentence: str, pos: int) -> str:
    """The country named immediately before ``pos`` ("U.S. |", "Japan’s |"), or ""."""
    for mention in find_countries(sentence[:pos]):
        if not sentence[mention.end : pos].strip():
            return mention.country
    return ""


def _title_before(
    sentence: str, toks: list[_Tok], first: _Tok, countries: Sequence[CountryMention]
) -> tuple[str, str, str] | None:
    """Role, country and organisation from a title written before the name."""
    k = toks.index(first) - 1
    comma = k >= 0 and toks[k].text == ","
    if comma:
        k -= 1
    picked: list[_Tok] = []
    while k >= 0:
        tok = toks[k]
        if _in_spans(tok, countries):
            break
        if _is_title_word(tok) or (
            tok.low in {"and", "of"} and picked and k > 0 and _is_title_word(toks[k - 1])
        ):
            picked.insert(0, tok)
            k -= 1
            continue
        break
    if not picked or not any(t.low in TITLE_HEADS for t in picked):
        return None
    country = _country_ending_at(sentence, picked[0].start)
    if comma:
        # "Japan's top trade negotiator, Ryosei Akazawa" or "its top trade negotiator, ...":
        # an owner is required, or any list of capitalised words would look titled.
        owner = sentence[: picked[0].start].rstrip()
        pronoun = re.search(r"\b(its|their|the country['’]s|the bloc['’]s)$", owner, re.I)
        if not (country and re.search(r"['’]s$", owner)) and not pronoun:
            return None
        if pronoun and not country:
            country = next(
                (m.country for m in countries if m.form != "demonym" and m.end <= pronoun.start()),
                "",
            )
    role = sentence[picked[0].start : picked[-1].end]
    return role, country, ""


_ORG_RE = re.compile(
    r"\s*(?:at|of|for|with)\s+(?P<org>(?:[Tt]he\s+)?[A-Z][\w&.’'-]*"
    r"(?:\s+(?:of|for|and|&|on)?\s*[A-Z][\w&.’'-]*)*)"
)


def _title_after(
    sentence: str, toks: list[_Tok], k: int, countries: Sequence[CountryMention]
) -> tuple[str, str, str] | None:
    """Role, country and organisation from ", managing partner at The Asia Group"."""
    if k >= len(toks) or toks[k].text != ",":
        return None
    k += 1
    country = ""
    if k < len(toks) and toks[k].low in {"a", "an", "the"}:
        k += 1
    mention = _in_spans(toks[k], countries) if k < len(toks) else None
    if mention is not None and mention.possessive:
        country = mention.country
        while k < len(toks) and toks[k].start < mention.end:
            k += 1
    picked: list[_Tok] = []
    while k < len(toks) and (
        _is_title_word(toks[k])
        or (
            toks[k].low in {"and", "of"}
            and picked
            and k + 1 < len(toks)
            and _is_title_word(toks[k + 1])
        )
    ):
        picked.append(toks[k])
        k += 1
    if not picked or picked[-1].low not in TITLE_HEADS:
        return None
    role = sentence[picked[0].start : picked[-1].end]
    org = ""
    m = _ORG_RE.match(sentence, picked[-1].end)
    if m:
        org = m.group("org").rstrip(".")
        country = country or next((c.country for c in find_countries(org)), "")
    return role, country, org


def _role_head(role: str) -> str:
    words = [w for w in re.split(r"[\s]+", role.lower()) if w in TITLE_HEADS]
    return words[-1] if words else ""


def _fill_affiliation(person: _Person) -> None:
    if person.affiliation or not person.country:
        return
    if _role_head(person.role) in GOVERNMENT_HEADS:
        person.affiliation = (
            "European Union"
            if person.country == "European Union"
            else f"Government of {_with_article(person.country)}"
        )


def _with_article(country: str) -> str:
    """ "the United States", "the Netherlands", but "Japan"."""
    plural_or_union = re.search(r"^(United|Czech|Dominican)\b|s$", country)
    return f"the {country}" if plural_or_union and country != "Laos" else country


def _doc_participants(passages: list[Passage], ctx: _DocContext) -> list[Participant]:
    out: list[Participant] = []
    for person in ctx.people.values():
        surname = person.name.split()[-1]
        pattern = re.compile(rf"(?<![\w-]){re.escape(surname)}(?![\w-])")
        ids = tuple(
            dict.fromkeys(
                [person.evidence_passage]
                + [p.passage_id for p in passages if pattern.search(p.text)]
            )
        )
        out.append(
            Participant(
                name=person.name,
                role=person.role,
                affiliation=person.affiliation,
                country=person.country,
                passage_ids=ids,
                evidence=person.evidence,
                doc_id=ctx.doc_id,
                published=ctx.published,
            )
        )
    return out


# --------------------------------------------------------------------------------------
# Measures

_STRONG_NOUN = r"(?:(?:counter-?)?tariffs?|dut(?:y|ies)|levy|levies|import tax(?:es)?|surcharges?)(?![-\w])"
_WEAK_NOUN = r"(?:rates?|baseline|penalty|penalties|ceiling)(?![-\w])"
_STRONG_RE = re.compile(rf"\b{_STRONG_NOUN}", re.I)
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
    r";|:|,(?=\s+(?:but|though|although|while|whereas|alongside|except|and|which|as|after|"
    r"before|matching|ending|citing|according|unless|down from|up from|half|double)\b)"
    r"(?!\s+but\s+also)|"
    r"\s(?=(?:but|though|although|while|whereas|except|unless)\s)(?!but\s+also)"
)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CLAUSE_BREAK_RE.finditer(sentence):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.start() + (1 if m.group(0) in ";:," else 0)
    spans.append((start, len(sentence)))
    return spans


def _clause_of(clauses: list[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(clauses):
        if a <= pos < b:
            return i
    return len(clauses) - 1


@dataclass(frozen=True, slots=True)
class _Rate:
    value: float
    start: int
    end: int
    noun_start: int
    noun_end: int
    previous: bool = False
    """The old figure of a change ("from 25% to 50%", "up from 10%"): superseded."""
    level: bool = False
    """Bound by a verb of level ("stays at", "kept at", "pay"): a rate that holds, not a change."""
    measured: tuple[int, int] = (-1, -1)
    """The noun phrase a verb-bound rate measures ("Britain" in "Britain stays at 25%")."""


_FROM_TO_RE = re.compile(r"\s+(?:to|and)\s+(?:about\s+|around\s+|roughly\s+)?")
_DOWN_UP_FROM_RE = re.compile(
    r"\b(?:down|up|lower|higher|rising|falling|raised|lowered|cut|increased)\s+from\s+"
    r"(?:the\s+)?(?:about\s+|around\s+|roughly\s+)?$",
    re.I,
)
_LEVEL_VERB_RE = re.compile(
    r"\b(?P<verb>stay(?:s|ed|ing)?|remain(?:s|ed|ing)?|kept|keep(?:s|ing)?|held|hold(?:s|ing)?|"
    r"left|leav(?:e|es|ing)|unchanged|pay(?:s|ing)?|paid|fac(?:e|es|ed|ing)|charged|taxed|capped|cap(?:s|ped)?|"
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
_ON_GOODS_RE = re.compile(
    r"\s+on\s+(?!(?:the\s+)?(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:the\s+)?same\s+day|top\b|average|paper)\b)",
    re.I,
)
_RELATIVE_RE = re.compile(r"\s(?:that|which|who|whose|whether)\s", re.I)
_MEASURED_WORDS = frozenset(
    {"tariff", "tariffs", "duty", "duties", "levy", "levies", "rate", "rates", "surcharge",
     "surcharges", "penalty", "penalties", "baseline", "tax", "taxes"}
)
_SUBJECT_SKIP = frozenset(
    {"now", "still", "also", "will", "would", "shall", "could", "may", "might", "go", "goes",
     "went", "on", "have", "has", "had", "been", "be", "is", "are", "was", "were", "only",
     "already", "then", "all", "which", "who", "that", "continue", "continues", "to"}
)


def _measured_head(text: str) -> str:
    """The head word of the noun phrase a rate measures, read off the words before its
    verb: "Most Swiss goods will pay" -> "goods"; "the implied chance that the court upholds
    the tariffs fell" -> "chance" (the subject of the verb, not the noun in its clause)."""
    rel = _RELATIVE_RE.search(text)
    if rel and not re.search(r"\b(?:who|which|that)\s*$", text[rel.start() :].rstrip()):
        text = text[: rel.start()]
    words = re.findall(r"[\w’'-]+|,", text)
    while words and (words[-1].lower() in _SUBJECT_SKIP or words[-1] == ","):
        words.pop()
    return words[-1] if words else ""


def _measures_trade(head: str, phrase: str) -> bool:
    """Is the word a rate is bound to something a tariff is charged on (goods, a product, a
    country, a tariff noun)?  Shares, chances, prices and indexes are not."""
    low = re.sub(r"[’']s$", "", head).lower()
    if low in _MEASURED_WORDS or _is_goods_word(low):
        return True
    return any(m.end >= len(phrase) - 1 for m in find_countries(phrase.rstrip(" ,")))


def _tariff_rates(sentence: str, tariff_context: bool = False) -> list[_Rate]:
    """Percentages grammatically tied to a tariff noun, a levy verb, or (in an article about
    tariffs) a verb of level or change whose subject is goods, a product or a country."""
    strong_here = any(
        not re.match(r"[-\w]", sentence[m.end() : m.end() + 1] or " ")
        for m in _STRONG_RE.finditer(sentence)
    )
    has_strong = tariff_context or strong_here
    clauses = _clauses(sentence)
    percents = [(m, percent_value(m)) for m in PERCENT_RE.finditer(sentence)]
    out: list[_Rate] = []
    for k, (m, value) in enumerate(percents):
        if value is None:
            continue
        before = sentence[: m.start()]
        after = sentence[m.end() :]
        nxt = percents[k + 1][0] if k + 1 < len(percents) else None
        c_start, _c_end = clauses[_clause_of(clauses, m.start())]
        previous = False
        if re.search(r"\bfrom\s+(?:the\s+)?(?:about\s+|around\s+|roughly\s+)?$", before, re.I):
            # "from 25% to 50%": the old figure of a change, kept as superseded.
            to_next = nxt is not None and _FROM_TO_RE.fullmatch(sentence[m.end() : nxt.start()])
            if not (to_next or _DOWN_UP_FROM_RE.search(before)):
                continue
            previous = True
        elif re.search(r"\bby\s+(?:the\s+)?(?:about\s+|around\s+)?$", before, re.I):
            continue
        if re.match(r"\s+of\b", after):
            continue
        clause_before = sentence[c_start : m.start()]
        noun = _noun_after(sentence, m.end(), has_strong) or _noun_before(
            sentence, c_start, m.start(), has_strong
        )
        if noun is None and _LEVY_VERB_RE.search(before):
            noun = (m.start(), m.start())
        if noun is None and strong_here and _ON_GOODS_RE.match(after):
            noun = (m.start(), m.start())
        level = False
        measured = (-1, -1)
        if previous and noun is None:
            own = _previous_of(sentence, c_start, m, out)
            # "from 145% to 30%": the old figure takes the noun of the new one (below)
            noun = (own.noun_start, own.noun_end) if own else (m.start(), m.start())
        if has_strong:
            bound = _verb_bound(sentence, c_start, m.start())
            if bound is not None and noun is None:
                noun, level, measured = bound
            elif bound is not None and bound[1] and bound[2][0] <= noun[0] < bound[2][1]:
                # "leaves Mexico's tariff at 25%": the tariff is the measured object
                level, measured = True, bound[2]
        if noun is None:
            continue
        if _DEMAND_RE.search(clause_before):
            continue
        neg = _NEGATED_RE.search(clause_before)
        if neg and not (neg.group("verb") and neg.group("verb").lower() in _CHANGE_VERBS):
            continue
        out.append(_Rate(value, m.start(), m.end(), noun[0], noun[1], previous, level, measured))
    return _pair_changes(out)


def _previous_of(
    sentence: str, c_start: int, m: re.Match[str], found: list[_Rate]
) -> _Rate | None:
    """The rate a "down from 30%" belongs to: the last rate of the same clause."""
    return next((r for r in reversed(found) if r.end <= m.start() and r.start >= c_start), None)


def _verb_bound(
    sentence: str, c_start: int, pos: int
) -> tuple[tuple[int, int], bool, tuple[int, int]] | None:
    """A rate bound by a verb of level or change to the noun phrase it measures:
    "Steel and aluminium stay at 50%", "keeping the UK at 25%", "most goods will pay 39%",
    "the tariff comes down to 10%"; (noun span, is a level)."""
    window = sentence[c_start:pos]
    for pattern, level in ((_LEVEL_VERB_RE, True), (_CHANGE_TO_RE, False)):
        vm = pattern.search(window)
        if vm is None:
            continue
        np = vm.group("np").strip()
        object_np = np and not re.fullmatch(r"(?:(?:at|to|on|about|around)\s*)+", np)
        if object_np and re.search(r"\b(?:keep|kept|held|hold|left|leav|set|rais|lift|lower|cut|"
                                   r"reduc|bring|brought|doubl|halv)", vm.group("verb"), re.I):
            head = _measured_head(np)  # "keeping the UK at 25%": the object is measured
            phrase = np
            span = (c_start + vm.start("np"), c_start + vm.end("np"))
        else:
            phrase = window[: vm.start()]
            head = _measured_head(phrase)
            span = (c_start, c_start + vm.start())
        if not head or not _measures_trade(head, phrase if phrase.strip() else head):
            continue
        start = c_start + vm.start()
        return (start, start), level, span
    return None


def _pair_changes(rates: list[_Rate]) -> list[_Rate]:
    """Give the old figure of "from A% to B%" the noun of its new figure; an old figure whose
    new one was not read as a tariff is dropped with it."""
    out: list[_Rate] = []
    for i, r in enumerate(rates):
        if r.previous and r.noun_start == r.start == r.noun_end:
            nxt = rates[i + 1] if i + 1 < len(rates) else None
            if nxt is None or nxt.previous:
                continue
            r = _Rate(r.value, r.start, r.end, nxt.noun_start, nxt.noun_end, True, False)
        out.append(r)
    return out


def _noun_after(sentence: str, pos: int, has_strong: bool) -> tuple[int, int] | None:
    """ "24% tariff", "10% universal tariff", "25% steel tariffs"."""
    for word in re.finditer(r"[\"'“”‘’]?([\w-]+)[\"'“”‘’]?", sentence[pos : pos + 60]):
        text = word.group(1)
        a, b = pos + word.start(1), pos + word.end(1)
        if re.fullmatch(_STRONG_NOUN, text, re.I):
            return a, b
        if re.fullmatch(_WEAK_NOUN, text, re.I):
            if not has_strong:
                return None
            # "10% baseline tariff": the phrase ends at its head noun
            head = re.match(rf"\s+(?:[\w-]+\s+)?({_STRONG_NOUN})", sentence[b:], re.I)
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


def _noun_before(sentence: str, c_start: int, pos: int, has_strong: bool) -> tuple[int, int] | None:
    """ "duties of 14.5%", "raised tariffs on Canadian lumber to 27 percent"."""
    window = sentence[c_start:pos]
    best: tuple[int, int] | None = None
    for noun in re.finditer(rf"\b(?:{_STRONG_NOUN}|{_WEAK_NOUN})", window, re.I):
        text = noun.group(0)
        weak = re.fullmatch(_WEAK_NOUN, text, re.I) is not None
        if weak and (not has_strong or _NON_TARIFF_RATE.search(window[: noun.start()])):
            continue
        between = _FROM_RATE_RE.sub(" ", window[noun.end() :])
        if PERCENT_RE.search(between) or len(between.split()) > 12:
            continue
        if _MOTION_VERB_RE.match(between) and not _measures_trade(
            _measured_head(window[: noun.end()]), window[: noun.end()]
        ):
            continue  # "the chance that the court upholds the tariffs fell to 25%"
        if re.fullmatch(
            r"\s*(?:rate\s+)?(?:of|at)\s+(?:up to\s+|as much as\s+|about\s+)?", between, re.I
        ) or re.search(
            r"\b(?:to|at|be|is|was|of)\s+(?:up to\s+|as much as\s+|about\s+)?$", between
        ):
            best = (c_start + noun.start(), c_start + noun.end())
    return best


_PREPOSITIONS = frozenset(
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
_PREPOSITIONS_OR_AND = _PREPOSITIONS | {"and", "or"}
_NP_STOP_RE = re.compile(
    r"[,;.:()\"“”]|\s(?:to|from|by|in|at|under|unless|if|after|before|since|until|with|that|"
    r"which|who|as|amid|while|though|starting|effective|beginning|on|when|because|"
    r"would|will|could|was|were|is|are|has|have|had|remains?|took|takes|rose|fell|rise|"
    r"shipped|sold|transshipped|used|made|not|a year|each|per)\b"
)
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
_GOODS_AFTER_RE = re.compile(r"^(?:['’]s)?\s+(?:[\w-]+\s+)?(?P<noun>[\w-]+)")
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


def _prev_word(text: str, pos: int) -> str:
    words: list[str] = re.findall(r"[\w’']+", text[:pos])
    for w in reversed(words):
        if w.lower() not in {"the", "a", "an"}:
            return w.lower()
    return ""


def _is_goods_word(word: str) -> bool:
    low = word.lower()
    return low in GENERIC_GOODS or low.startswith("export") or bool(find_products(low))


def _np_after(sentence: str, pos: int) -> tuple[int, int] | None:
    """The noun phrase after "on"/"for"/"against" that follows ``pos`` (a tariff noun)."""
    m = re.match(
        r"\s*(?:(?:rates?|imposed|levied|applied|of \d[\d.]*%)\s+)?(?:on|for|against)\s+",
        sentence[pos:],
    )
    if not m:
        return None
    start = pos + m.end()
    rest = re.sub(r"^up to [\d,]+\s", lambda x: " " * len(x.group(0)), sentence[start:])
    stop = _NP_STOP_RE.search(rest)
    end = start + (stop.start() if stop else len(rest))
    np_words = sentence[start:end].split()
    if np_words and np_words[-1].lower() in GENERIC_GOODS:
        ext = re.match(r"\s+from\s+(?:the\s+)?((?:[A-Z][\w.’']*\s*){1,3})", sentence[end:])
        if ext:
            end += ext.end()
    return (start, end) if end > start else None


@dataclass(slots=True)
class _Carry:
    imposer: str = ""
    target: str = ""
    sentence_index: int = -10


def _subject_country(sentence: str, mentions: list[CountryMention]) -> str:
    for mention in mentions:
        if mention.form == "demonym":
            continue
        if _prev_word(sentence, mention.start) in _PREPOSITIONS_OR_AND:
            continue
        return mention.country
    return ""


def _roles(
    sentence: str,
    seg: tuple[int, int],
    rate: _Rate,
    mentions: list[CountryMention],
    subject: str,
) -> tuple[str, str, bool]:
    """(imposer, targets, target_is_all_origins) named in the rate's segment."""
    target = ""
    also: list[str] = []
    all_origins = False
    if rate.measured[0] >= 0:
        # "Britain stays at 25%", "keeping the UK at 25%": the measured phrase is who pays.
        in_np = [m for m in mentions if rate.measured[0] <= m.start < rate.measured[1]]
        if in_np:
            target, also = in_np[-1].country, _coordinated_with(sentence, in_np)
    np_span = _np_after(sentence, rate.noun_end) or _np_after(sentence, rate.end)
    tariff_np = re.search(rf"\b{_STRONG_NOUN}", sentence[np_span[0] : np_span[1]], re.I) if np_span else None
    if np_span and tariff_np:
        # "a 15% ceiling on US tariffs for goods from the EU": the phrase after "on" is the
        # tariff itself; who pays it is named after its head noun.
        head_end = np_span[0] + tariff_np.end()
        np_span = _np_after(sentence, head_end) or _goods_from(sentence, head_end, seg[1])
    if np_span and not target:
        np_text = sentence[np_span[0] : np_span[1]]
        in_np = [m for m in mentions if np_span[0] <= m.start < np_span[1]]
        if in_np:
            target, also = in_np[0].country, _coordinated_with(sentence, in_np)
        elif re.search(r"\b(its|their)\b", np_text) and subject:
            target = subject
        elif re.search(r"\bimport(ed|s)?\b", np_text, re.I):
            all_origins = True
    if not target and rate.noun_start > rate.end:
        inner = [
            m
            for m in mentions
            if rate.end <= m.start < rate.noun_start and m.form == "name" and not m.possessive
        ]
        if inner:
            target = inner[0].country
    if not target:
        after_noun = [m for m in mentions if max(rate.end, rate.noun_end) <= m.start < seg[1]]
        for m in after_noun[:1]:
            # relative clauses: "the 10% tariff Brazil has faced", "the 10% baseline that
            # Swiss exporters have paid", "the 31% Trump announced for Switzerland"
            gap = sentence[max(rate.end, rate.noun_end) : m.start]
            rest = _GOODS_AFTER_RE.match(sentence[m.end :])
            tail = sentence[m.end :]
            if rest and _is_goods_word(rest.group("noun")):
                tail = sentence[m.end + rest.end() :]
            if re.fullmatch(r"\s*(?:that|which)?\s*", gap) and _TARGET_VERB_RE.match(tail):
                target = m.country
            elif re.fullmatch(_ANNOUNCED_FOR_RE, gap):
                target = m.country
    imposer = ""
    lead = sentence[seg[0] : min(rate.start, rate.noun_start)]
    if re.search(r"\b(its|their)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}$", lead) and subject:
        imposer = subject
    for mention in mentions:
        if not seg[0] <= mention.start < seg[1]:
            continue
        after = sentence[mention.end :]
        prev = _prev_word(sentence, mention.start)
        goods = _GOODS_AFTER_RE.match(after)
        is_goods = bool(goods and _is_goods_word(goods.group("noun")))
        if not target and (mention.possessive or mention.form == "demonym") and is_goods:
            target = mention.country
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
        before_noun = re.match(rf"\s+(?:[\w-]+\s+)?{_STRONG_NOUN}", after, re.I) is not None
        if mention.form == "demonym" and before_noun:
            # "Chinese retaliatory tariffs": the demonym names who levies them.
            imposer = imposer or mention.country
            continue
        if prev in _PREPOSITIONS_OR_AND or mention.form == "demonym":
            continue
        if any(m.start <= mention.start < m.end for m in _measured_spans(rate)):
            continue
        if mention.end <= rate.start and re.match(
            rf"(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}(?:{_STRONG_NOUN}|[\d.]+\s*%)", after, re.I
        ):
            if not mention.possessive and _is_verb_object(sentence, mention.start):
                # "Trump lifts Canada tariff to 35%": the tariff on Canada, not Canada's.
                target = target or mention.country
                continue
            imposer = imposer or mention.country
            continue
        if mention.end <= rate.start and _IMPOSE_VERB_RE.match(after):
            imposer = imposer or mention.country
            continue
        if not target and mention.end <= rate.start and _TARGET_VERB_RE.match(after):
            target = mention.country
    targets = [target, *[c for c in also if c != target]] if target else []
    return imposer, [t for t in targets if t != imposer] or ([target] if target else []), all_origins


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


_ANNOUNCED_FOR_RE = (
    r"\s*(?:that\s+)?(?:[A-Z][\w’'-]*\s+){1,3}(?:had\s+|has\s+)?(?:announced|set|imposed|"
    r"threatened|proposed|ordered)\s+(?:for|on)\s+(?:the\s+)?"
)


def _goods_from(sentence: str, pos: int, end: int) -> tuple[int, int] | None:
    """ "for most goods from the European Union" after a tariff noun."""
    m = re.match(r"\s*(?:for|on)\s+[^,;]*?\bfrom\s+", sentence[pos:end])
    return (pos, pos + m.end() + 40) if m else None


def _measured_spans(rate: _Rate) -> list[_Span]:
    return [_Span(*rate.measured)] if rate.measured[0] >= 0 else []


def _coordinated_with(sentence: str, mentions: list[CountryMention]) -> list[str]:
    """Countries coordinated with the first one ("Canada and Mexico", "the EU and Japan")."""
    out = [mentions[0].country]
    for a, b in zip(mentions, mentions[1:], strict=False):
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


_KIND_PATTERNS: tuple[tuple[MeasureKind, re.Pattern[str]], ...] = (
    ("transshipment", re.compile(r"\btrans-?ship\w*", re.I)),
    ("retaliatory", re.compile(r"\b(retaliat\w*|counter-?tariffs?|countermeasures?)\b", re.I)),
    ("safeguard", re.compile(r"\bsafeguard\w*", re.I)),
    (
        "universal",
        re.compile(r"\b(universal|baseline|across-the-board|blanket|global|minimum)\b", re.I),
    ),
    ("reciprocal", re.compile(r"\breciprocal\b", re.I)),
)
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
    ("threatened", re.compile(r"\b(threat\w*|could|might|(?-i:may)|warn\w*)\b", re.I)),
    ("agreed", re.compile(r"\bagre(?:e|ed|es|eing)\b", re.I)),
    (
        "lowered",
        re.compile(
            r"\b(lower(?:s|ed|ing)?|cut|cuts|cutting|reduc\w*|slash\w*|trimm?\w*|decreas\w*)\b",
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
            r"takes effect on|announc\w*|propos\w*|unveil\w*|intends?|starting|avert|avoid|"
            r"stave off|head off|forestall)\b",
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
            if (
                status == "announced"
                and m.group(1).lower() in {"will", "would", "shall"}
                and re.match(r"\s+(pay|face|remain|stay|apply)\b", text[m.end() :])
            ):
                continue
            return status, m
    return None


def _status(
    sentence: str, clauses: list[tuple[int, int]], rate: _Rate, seg: tuple[int, int]
) -> tuple[MeasureStatus, str]:
    """Status of a rate and the text that justified it (to read pause lengths from).

    Cues are looked for in the rate's own part of its clause first (so "half the 30% rate
    Trump had threatened" does not make the neighbouring 15% threatened), then in the
    whole clause, then in a later clause that refers back ("though these duties have
    been paused"), then in a coordinated earlier clause.
    """
    idx = _clause_of(clauses, rate.start)
    a, b = clauses[idx]
    own = _status_in(sentence[max(a, seg[0]) : min(b, seg[1])]) or _status_in(sentence[a:b])
    for later in clauses[idx + 1 :]:
        text = sentence[later[0] : later[1]]
        if _ANAPHOR_RE.match(text):
            hit = _status_in(text)
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


def _pause(text: str, published: str) -> tuple[str, str]:
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


def _dates(text: str, published: str) -> tuple[str, str]:
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


def _kind(text: str, product: str, imposer: str, target: str) -> MeasureKind:
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    if product != "all goods":
        return "sectoral"
    if imposer == "United States" and target not in {"", "all"}:
        # A country-specific rate on all goods from Washington is, in 2025 reporting,
        # the "reciprocal" schedule even when the article does not use the word.
        return "reciprocal"
    return "other"


def _doc_measures(sentences: list[_Sentence], ctx: _DocContext) -> list[TariffMeasure]:
    out: list[TariffMeasure] = []
    carry = _Carry()
    for s in sentences:
        rates = _tariff_rates(s.text, ctx.tariff_context)
        if not rates:
            continue
        mentions = find_countries(s.text)
        sentence_subject = _subject_country(s.text, mentions)
        clauses = _clauses(s.text)
        published = s.passage.published or ctx.published
        for i, rate in enumerate(rates):
            seg = (
                _segment_start(s.text, clauses, rates, i),
                rates[i + 1].start if i + 1 < len(rates) else len(s.text),
            )
            c_a, c_b = clauses[_clause_of(clauses, rate.start)]
            in_clause = [m for m in mentions if c_a <= m.start < c_b]
            subject = _subject_country(s.text, in_clause) if in_clause else sentence_subject
            imposer, targets, all_origins = _roles(s.text, seg, rate, mentions, subject)
            person = _person_subject(s.text[c_a : rate.start], ctx, ctx_verbs=True)
            if not imposer and person is not None:
                # "Trump raised the tariff on ...": the person's government imposes it.
                imposer = person.country or _doc_imposer(ctx, targets[0] if targets else "")
            local = s.text[c_a:c_b]
            products = _products(s.text, seg, rate)
            if (
                products == ["all goods"]
                and i
                and re.fullmatch(_WEAK_NOUN, s.text[rate.noun_start : rate.noun_end], re.I)
                and not _np_after(s.text, rate.noun_end)
            ):
                # "keeping a 25% rate": the rate of the product just named.
                products = sorted({m.product for m in out if m.evidence == s.text}) or products
            own_part = s.text[max(c_a, seg[0]) : min(c_b, seg[1])]
            kind_text = own_part + " " + s.text[rate.start : rate.noun_end]
            universal = any(p.search(kind_text) for k, p in _KIND_PATTERNS if k == "universal")
            recent = s.index - carry.sentence_index <= 1
            target = targets[0] if targets else ""
            if not imposer:
                usable = recent and carry.imposer and carry.imposer != target
                imposer = carry.imposer if usable else _doc_imposer(ctx, target)
            if not target:
                if universal or all_origins:
                    target = "all"
                elif recent and carry.target and carry.target != imposer:
                    target = carry.target
                else:
                    target = _doc_target(ctx, imposer)
                targets = [target]
            status, status_text = _status(s.text, clauses, rate, seg)
            if rate.previous and status != "threatened":
                status, status_text = "superseded", ""
            elif rate.level and status in {"raised", "lowered", "removed"}:
                status = "in force"  # "X stays at 25%" while something else was raised
            paused_until, pause_period = (
                _pause(status_text, published) if status == "paused" else ("", "")
            )
            effective, announced = _dates(local, published)
            for product, target in [(p, t) for p in products for t in targets]:
                out.append(
                    TariffMeasure(
                        imposer=imposer,
                        target=target,
                        product=product,
                        rate_percent=rate.value,
                        kind=_kind(kind_text, product, imposer, target),
                        status=status,
                        effective_date=effective,
                        paused_until=paused_until,
                        announced_date=announced,
                        published=published,
                        passage_id=s.passage.passage_id,
                        doc_id=s.passage.doc_id,
                        evidence=s.text,
                        pause_period=pause_period,
                    )
                )
            carry = _Carry(imposer, target if target != "all" else carry.target, s.index)
    return out


_ACTING_VERB_RE = re.compile(
    r"\b(?:impos\w*|levie[sd]|levy\w*|slap\w*|rais\w*|lift\w*|hik\w*|increas\w*|doubl\w*|"
    r"lower\w*|cut\w*|reduc\w*|slash\w*|halv\w*|set|sets|announc\w*|threaten\w*|extend\w*|"
    r"sign\w*|order\w*|add\w*)\b",
    re.I,
)


def _person_subject(text: str, ctx: _DocContext, ctx_verbs: bool = True) -> _Person | None:
    """The introduced person who acts on the rate in a clause ("President X raised ..."):
    the last one named before an imposing or changing verb."""
    found: _Person | None = None
    for m in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", text):
        words = m.group(0).split()
        for k in range(len(words)):
            person = ctx.resolve(re.sub(r"[’']s$", "", " ".join(words[k:])))
            if person is not None:
                acts = not ctx_verbs or _ACTING_VERB_RE.search(text[m.end() :])
                found = person if acts and not m.group(0).endswith(("’s", "'s")) else None
                break
    return found


def _segment_start(
    sentence: str, clauses: list[tuple[int, int]], rates: list[_Rate], i: int
) -> int:
    """Where the context of rate ``i`` starts: after the previous rate, and not before its
    own clause (or the clause a "which" clause hangs on) when the previous rate lies
    in an earlier clause."""
    if i == 0:
        return 0
    idx = _clause_of(clauses, rates[i].start)
    if _clause_of(clauses, rates[i - 1].start) == idx:
        return max(rates[i - 1].end, rates[i - 1].noun_end)
    start = clauses[idx][0]
    if idx > 0 and re.match(r"[\s,]*which\b", sentence[start : clauses[idx][1]]):
        start = clauses[idx - 1][0]
    return max(start, rates[i - 1].end, rates[i - 1].noun_end)


def _products(sentence: str, seg: tuple[int, int], rate: _Rate) -> list[str]:
    """Products the rate applies to; "all goods" when none is named."""
    inner = sentence[rate.end : rate.noun_start] if rate.noun_start > rate.end else ""
    found = [p for p, _a, _b in find_products(inner)]
    if not found:
        np_span = _np_after(sentence, rate.noun_end) or _np_after(sentence, rate.end)
        if np_span:
            np_text = sentence[np_span[0] : np_span[1]]
            found = [p for p, _a, _b in find_products(np_text)]
            if found and re.search(r"\bother (goods|products|imports|exports)\b", np_text):
                found.append("all goods")
            if not found:
                found = ["all goods"]
                incl = re.match(
                    r",?\s+(?:including|such as|notably|especially)\s+([^,;.]+)",
                    sentence[np_span[1] :],
                )
                if incl:
                    found += [p for p, _a, _b in find_products(incl.group(1))]
                return found
    if not found:
        lead = sentence[seg[0] : min(rate.start, rate.noun_start)]
        found = [p for p, _a, _b in find_products(lead)]
    return found or ["all goods"]


def _doc_imposer(ctx: _DocContext, target: str) -> str:
    """Guess the imposer from the article: only safe when the story is about the U.S.
    (the U.S. imposes, or the U.S. is the target and the article's other country answers)."""
    if "United States" not in ctx.countries:
        return ""
    if target != "United States":
        return "United States"
    for country, _n in ctx.countries.most_common():
        if country != target:
            return country
    return ""


def _doc_target(ctx: _DocContext, imposer: str) -> str:
    if not imposer:
        return "all"
    for country, _n in ctx.countries.most_common():
        if country != imposer:
            return country
    return "all"


# --------------------------------------------------------------------------------------
# Positions

_CUE_RE = re.compile(
    r"\b(?:wants?|wanted|wanting|seeks?|seeking|sought|hopes?|hoped|hoping|hopefully|"
    r"push(?:es|ed|ing)?\s+(?:for|to)|press(?:es|ed|ing)?\s+(?:for|to)|"
    r"lobb(?:y|ies|ied|ying)\s+(?:to|for)|urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+for|"
    r"demand(?:s|ed|ing)?|insist(?:s|ed|ing)?|propos(?:e|es|ed|ing)|offer(?:s|ed|ing)?|"
    r"plan(?:s|ned)?\s+to|intend(?:s|ed)?\s+to|aim(?:s|ed)?\s+to|look(?:s|ed|ing)?\s+to|"
    r"vow(?:s|ed)?|pledg(?:e|es|ed)|promis(?:e|es|ed)|threaten(?:s|ed|ing)?|"
    r"warn(?:s|ed|ing)?|reject(?:s|ed|ing)?|refus(?:e|es|ed|ing)|den(?:y|ies|ied)|"
    r"oppos(?:e|es|ed|ing)|rul(?:e|es|ed)\s+out|criticis(?:e|es|ed|ing)|"
    r"criticiz(?:e|es|ed|ing)|accus(?:e|es|ed|ing)|complain(?:s|ed|ing)?|"
    r"attack(?:s|ed|ing)?|slam(?:s|med|ming)?|condemn(?:s|ed|ing)?|"
    r"resist(?:s|ed|ing)?|(?:is|are|was|were)\s+(?:not\s+)?(?:prepared|ready|willing)\s+to|"
    r"(?:is|are|was|were|has been|have been)\s+(?:not\s+)?(?:considering|contemplating|"
    r"weighing)|attempt(?:s|ed)?\s+to|tr(?:y|ies|ied|ying)\s+to|bid\s+to|"
    r"called\s+(?:the|it|this|that)\b[^.;]{0,40}?\b(?:unfair|unjustified|unacceptable|"
    r"regrettable|discriminatory|illegal|unreasonable|dark day|mistake|blow)|"
    r"expressed\s+(?:optimism|hope|concern|frustration)|"
    r"(?:will|would|could|shall)\s+not\s+\w+|(?:won['’]t|wouldn['’]t)\s+\w+|"
    r"(?:will|would)\s+never\s+\w+|"
    r"(?:will|would)\s+(?:impose|retaliate|respond|accept|reject|push|seek|demand|offer|"
    r"consider|suspend|fight|hit back|resist|oppose|buy|purchase|invest|open|increase|keep|"
    r"crack down|clamp down|tighten|step up|lower|cut|raise|remove|scrap|drop))\b",
    re.I,
)
_POSSESSIVE_CUE_RE = re.compile(
    r"['’]s\s+(?:\w+\s+)?(concerns?|demands?|complaints?|calls?|push|insistence|criticism|"
    r"objections?|opposition)\s+(?:over|about|on|for|regarding|to)\b",
    re.I,
)
_FRAME_RE = re.compile(
    r"\b(said|says|told(?:\s+\w+)?|stated|added|noted|argued|emphasi[sz]ed|stressed|"
    r"insisted|reiterated|warned|announced|explained|confirmed|made (?:it )?clear|"
    r"signall?ed|indicated)\b(?:\s+(?:\w+\s+){0,3}?that)?",
    re.I,
)
_STANCE_FRAMES = frozenset(
    {"emphasized", "emphasised", "stressed", "insisted", "reiterated", "argued", "warned"}
)
_PHRASE_STOP_RE = re.compile(
    r";|\s(?:while|whereas|although|though|if|unless|because)\s|\s(?:but)\s(?!also)|"
    r",\s+(?:according|said|officials said|which|who)\b|[\"“”]|"
    r",\s+(?:[A-Z][\w.]*\s+){1,5}(?:said|says)\b"
)
_GOV_NOUNS = re.compile(
    r"^\s+(government|officials?|negotiators?|authorities|leaders?|delegation|side|team|"
    r"administration|ministry|cabinet)\b",
    re.I,
)
_NOT_SUBJECT_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:goods|exports?|imports?|tariffs?|duties|trade|troops|military|economy|"
    r"dollar|markets?|stocks|shares|companies|firms|businesses|carmakers|steel|cars|"
    r"consumers|producers|manufacturers|farmers|officials['’]|team|side['’]s)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class _Entity:
    start: int
    end: int
    actor: str
    side: str
    commentator: bool = False


def _entities(sentence: str, ctx: _DocContext) -> list[_Entity]:
    """Possible subjects in a sentence: governments (countries) and introduced people."""
    found: list[_Entity] = []
    governments = [
        (c.start, c.end)
        for c in find_countries(sentence)
        if sentence[c.start : c.end].endswith("administration")
    ]
    for m in re.finditer(r"[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|von|van|der|de|bin|al))*", sentence):
        words = m.group(0).split()
        for k in range(len(words)):
            for n in range(len(words) - k, 0, -1):
                candidate = re.sub(r"[’']s$", "", " ".join(words[k : k + n]))
                person = ctx.resolve(candidate)
                if person is None:
                    continue
                start = m.start() + len(" ".join(words[:k])) + (1 if k else 0)
                end = start + len(candidate)
                if any(a <= start < b for a, b in governments):
                    break
                head = _role_head(person.role)
                found.append(
                    _Entity(start, end, person.name, person.country, head in COMMENTATOR_HEADS)
                )
                break
            else:
                continue
            break
    taken = [(e.start, e.end) for e in found]
    for mention in find_countries(sentence):
        if any(a <= mention.start < b for a, b in taken):
            continue
        after = sentence[mention.end :]
        if mention.form == "demonym" and not _GOV_NOUNS.match(after):
            continue
        if mention.possessive and not _GOV_NOUNS.match(re.sub(r"^[’']s", "", after)):
            continue
        if _NOT_SUBJECT_AFTER.match(after):
            continue
        if _prev_word(sentence, mention.start) in _PREPOSITIONS:
            continue
        found.append(_Entity(mention.start, mention.end, mention.country, mention.country))
    found.sort(key=lambda e: e.start)
    return found


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int
    end: int
    text: str
    speaker: _Entity | None


def _quotes(sentence: str, entities: list[_Entity]) -> list[_Quote]:
    out: list[_Quote] = []
    for m in re.finditer(r"[\"“]([^\"“”]{8,})[\"”]", sentence):
        speaker: _Entity | None = None
        tail = sentence[m.end() : m.end() + 80]
        verb = re.search(r"\b(said|says|told|added|stated|wrote)\b", tail)
        if verb:
            speaker = next((e for e in entities if m.end() <= e.start < m.end() + 80), None)
        if speaker is None:
            head = sentence[: m.start()]
            if re.search(r"\b(said|says|saying|stating|told|added|wrote|tweeted)\b[\s,:]*$", head):
                speaker = next((e for e in reversed(entities) if e.end <= m.start()), None)
        out.append(_Quote(m.start(), m.end(), m.group(1).strip(), speaker))
    return out


def _subject_before(entities: list[_Entity], sentence: str, pos: int) -> _Entity | None:
    floor = max(sentence.rfind(";", 0, pos), 0)
    for e in reversed(entities):
        if e.end <= pos and e.start >= floor:
            return e
    return None


def _coordinated(gap: str) -> bool:
    """Does the next cue start a coordinated stance ("... and would not consider")
    rather than sit inside this one's complement ("denied reports that it would")?"""
    return re.search(r"(?:,|\band\b|\bor\b|\bbut\b)\s*(?:[\w’']+\s+){0,2}$", gap) is not None


def _phrase(sentence: str, start: int, stop_at: int) -> str:
    end = stop_at
    m = _PHRASE_STOP_RE.search(sentence, start + 1)
    if m and m.start() < end:
        end = m.start()
    text = sentence[start:end].strip(" ,.;:")
    while True:
        stripped = re.sub(
            r"\s+(and|by|but|or|to|that|as|with|has|have|had|is|was|would|will|also)$", "", text
        )
        if stripped == text:
            break
        text = stripped
    words = text.split()
    return " ".join(words[:32])


def _topics(phrase: str) -> list[Topic]:
    head = re.split(
        r",?\s+(?:including|such as|notably|especially|among (?:them|it|which))\b",
        phrase,
        maxsplit=1,
    )[0]
    topics: list[Topic] = []
    for text in (head, phrase):
        hits: list[tuple[int, Topic]] = []
        for topic, pattern in TOPIC_PATTERNS:
            if topic == "tariffs":
                continue
            m = pattern.search(text)
            if m:
                hits.append((m.start(), topic))  # type: ignore[arg-type]
        if hits:
            topics = [t for _pos, t in sorted(hits)]
            break
    if (
        re.search(
            r"\boffer\w*\s+to\s+(cut|lower|reduce|remove|scrap|eliminate|drop|open)\b", phrase, re.I
        )
        and "concessions" not in topics
    ):
        topics.append("concessions")
    if "countermeasures" not in topics and re.search(
        r"\b(not|never|n['’]t)\s+(?:\w+\s+)?(impos|introduc|levy|slap)\w*\s+"
        r"(?:[\w-]+\s+){0,2}(tariffs?|duties|levies)",
        phrase,
        re.I,
    ):
        # Refusing to impose tariffs of one's own is a stance on retaliation.
        topics.insert(0, "countermeasures")
    if not topics:
        topics = ["tariffs"] if TOPIC_PATTERNS[-1][1].search(phrase) else ["other"]
    return topics


_WHETHER_RE = re.compile(r"\b(?:whether|if)\s+(?:[\w.’'-]+\s+){1,4}(?:is|are|was|were)?\s*$")
_AUX_BEFORE_RE = re.compile(
    r"(?<=\s)(?:(?:is|are|was|were|has|have|had|also|long|still|now|reportedly|repeatedly|"
    r"already)\s+)+$"
)
_WEAK_CUE_RE = re.compile(
    r"(?:warn|insist|stress|emphasi[sz]|reiterat|argu|accus|complain)\w*\b", re.I
)
_MEASURE_CUE_RE = re.compile(
    r"(?:threat\w*|propos\w*|(?:will|would)\s+(?:impose|lower|cut|raise|remove|scrap|drop|"
    r"increase))\b",
    re.I,
)
_NOUN_CUES = frozenset(
    {
        "pledge",
        "pledges",
        "offer",
        "offers",
        "demand",
        "demands",
        "hope",
        "hopes",
        "promise",
        "promises",
        "push",
        "plan",
        "plans",
        "call",
        "calls",
        "vow",
        "vows",
        "warning",
        "threat",
        "proposal",
        "refusal",
        "attack",
        "attacks",
        "complaint",
    }
)


def _is_noun_use(text: str, m: re.Match[str]) -> bool:
    """ "this investment pledge", "the offer": a noun, not a stance verb."""
    first = m.group(0).split()[0].lower()
    if first not in _NOUN_CUES:
        return False
    return (
        re.search(
            r"\b(?i:the|a|an|this|that|these|those|its|their|his|her|our|any|such|"
            r"new|latest)\s+(?:[a-z][\w-]*\s+)?$",
            text[: m.start()],
        )
        is not None
    )


def _frames(
    text: str, entities: list[_Entity], quotes: list[_Quote]
) -> list[tuple[int, int, _Entity, int]]:
    """Reported-speech frames: (span start, span end, speaker, verb position).

    "X said (that) ..." covers what follows the verb; "..., X said" and "..., said X"
    also cover what precedes the speaker.
    """
    frames: list[tuple[int, int, _Entity, int]] = []
    for acc in re.finditer(r"\b[Aa]ccording to\s+", text):
        source = next((e for e in entities if 0 <= e.start - acc.end() <= 4), None)
        if source is not None:
            frames.append((source.end, len(text), source, acc.start()))
    for fm in _FRAME_RE.finditer(text):
        if any(q.start <= fm.start() < q.end for q in quotes):
            continue
        after = next((e for e in entities if 0 < e.start - fm.end() <= 2), None)
        if (
            after is not None
            and text[: fm.start()].rstrip().endswith(",")
            and re.match(r"\s*(?:[,.;]|$)", text[after.end :])
        ):
            frames.append((0, fm.start(), after, fm.start()))
            continue
        speaker = _subject_before(entities, text, fm.start())
        if speaker is None:
            continue
        frames.append((fm.end(), len(text), speaker, fm.start()))
        lead = re.search(r",\s*((?:[\w.’'-]+\s+){0,5})$", text[: speaker.start])
        if (
            lead
            and lead.start() > 0
            and not text[speaker.end : fm.start()].strip()
            and all(
                w.lower() in TITLE_HEADS or w.lower() in TITLE_MODIFIERS or w[:1].isupper()
                for w in lead.group(1).split()
            )
        ):
            frames.append((0, lead.start(), speaker, fm.start()))
    return frames


def _doc_positions(sentences: list[_Sentence], ctx: _DocContext) -> list[Position]:
    out: list[Position] = []
    for s in sentences:
        out.extend(_sentence_positions(s, ctx))
    return out


def _sentence_positions(s: _Sentence, ctx: _DocContext) -> list[Position]:
    text = s.text
    entities = _entities(text, ctx)
    quotes = _quotes(text, entities)
    frames = _frames(text, entities, quotes)
    cues: list[tuple[int, int, _Entity | None]] = [
        (m.start(), m.end(), None)
        for m in _CUE_RE.finditer(text)
        if not _is_noun_use(text, m) and not _WHETHER_RE.search(text[: m.start()])
    ]
    for m in _POSSESSIVE_CUE_RE.finditer(text):
        owner = next((e for e in entities if e.end == m.start()), None)
        if owner is None:
            resolved = re.search(r"([A-Z][\w-]+)$", text[: m.start()])
            person = ctx.resolve(resolved.group(1)) if resolved else None
            if person is not None and resolved is not None:
                owner = _Entity(resolved.start(1), m.start(), person.name, person.country)
        if owner is not None:
            cues.append((m.start(1), m.end(), owner))
    for f_start, f_end, speaker, verb_start in frames:
        verb = re.match(r"\w+", text[verb_start:])
        if (
            f_start > verb_start
            and verb
            and verb.group(0).lower() in _STANCE_FRAMES
            and not any(f_start <= c[0] < f_end for c in cues)
        ):
            cues.append((verb_start, verb_start, speaker))
    cues.sort(key=lambda c: c[0])

    results: list[Position] = []
    for i, (c_start, _c_end, owner) in enumerate(cues):
        quote = next((q for q in quotes if q.start <= c_start < q.end), None)
        actor: _Entity | None = owner
        if actor is None and quote is not None:
            actor = quote.speaker
            if actor is None:
                continue
        if actor is None:
            actor = next((sp for a, b, sp, _v in frames if a <= c_start < b), None)
        if actor is None:
            actor = _subject_before(entities, text, c_start)
        if actor is None or actor.commentator:
            continue
        next_cue = next(
            (c[0] for c in cues[i + 1 :] if _coordinated(text[c_start : c[0]])), len(text)
        )
        if quote is not None:
            next_cue = min(next_cue, quote.end - 1)
        core = _phrase(text, c_start, next_cue)
        if len(core.split()) < 2:
            continue
        aux = _AUX_BEFORE_RE.search(text[:c_start])
        phrase = _phrase(text, aux.start(), next_cue) if aux else core
        topics = _topics(core)
        if topics == ["other"] and _WEAK_CUE_RE.match(core):
            # "warned that the sector employs 45,000 people": a statement, not a demand.
            continue
        if (
            _MEASURE_CUE_RE.match(core)
            and PERCENT_RE.search(core)
            and "countermeasures" not in topics
        ):
            # "threatened a 50% tariff", "will lower its duties to 10%": the measure
            # carries this, a position would only repeat it.
            continue
        speaker_quote = quote or next((q for q in quotes if q.speaker == actor), None)
        for topic in topics:
            results.append(
                Position(
                    actor=actor.actor,
                    topic=topic,
                    stance=phrase,
                    quote=speaker_quote.text if speaker_quote else "",
                    date=s.passage.published or ctx.published,
                    passage_id=s.passage.passage_id,
                    doc_id=s.passage.doc_id,
                    evidence=text,
                    side=actor.side,
                )
            )
    return _dedupe(results)


def _dedupe(positions: list[Position]) -> list[Position]:
    seen: set[tuple[str, str]] = set()
    specific = {p.actor for p in positions if p.topic != "other"}
    out: list[Position] = []
    for p in positions:
        if (p.actor, p.topic) in seen or (p.topic == "other" and p.actor in specific):
            continue
        seen.add((p.actor, p.topic))
        out.append(p)
    return out


# --------------------------------------------------------------------------------------
# Validation of facts produced elsewhere (e.g. by a language model)

_US_RE = re.compile(r"\b(?:u\.s\.a\.|u\.s\.|united states of america|united states|usa)(?!\w)")


def _norm_for_match(text: str) -> str:
    t = fold(text)
    t = re.sub(r"\s*(?:per cent|percent|pct)\b", "%", t)
    t = re.sub(r"\s+%", "%", t)
    t = _US_RE.sub("us", t)
    return re.sub(r"\s+", " ", t)


def _appears(value: str, passage: str) -> bool:
    needle = _norm_for_match(value)
    return bool(needle) and re.search(rf"(?<![\w]){re.escape(needle)}(?![\w])", passage) is not None


def _country_appears(country: str, passage_text: str, passage: str) -> bool:
    if country in {"", "all"}:
        return True
    country = country_of(country) or country
    if any(m.country == country for m in find_countries(passage_text)):
        return True
    return any(_appears(alias, passage) for alias in aliases_of(country))


def _product_appears(product: str, passage: str) -> bool:
    if product in {"", "all goods"}:
        return True
    forms = next((f for canon, f in PRODUCTS if canon == product), (product,))
    return any(_appears(f, passage) for f in (product, *forms))


def _rate_appears(rate: float | None, passage: str) -> bool:
    if rate is None:
        return True
    return any(percent_value(m) == rate for m in PERCENT_RE.finditer(passage))


def validate_against_passage(
    fact: TariffMeasure | Participant | Position, passage_text: str
) -> bool:
    """True when every textual field of ``fact`` can be found in ``passage_text``.

    Meant for filtering structured output from a language model: matching ignores case
    and whitespace, treats "%"/"percent"/"per cent" and "U.S."/"US"/"United States" as
    equal, and accepts a country via any of its names, demonyms or capitals.  Closed
    vocabularies (kind, status, topic), dates and ids are not text and are not checked.
    """
    passage = _norm_for_match(passage_text)
    if isinstance(fact, TariffMeasure):
        return (
            _country_appears(fact.imposer, passage_text, passage)
            and _country_appears(fact.target, passage_text, passage)
            and _product_appears(fact.product, passage)
            and _rate_appears(fact.rate_percent, passage_text)
            and (not fact.evidence or _appears(fact.evidence, passage))
        )
    if isinstance(fact, Participant):
        affiliation_ok = (
            not fact.affiliation
            or _appears(fact.affiliation, passage)
            or _country_appears(
                re.sub(r"^Government of\s+", "", fact.affiliation), passage_text, passage
            )
        )
        return (
            _appears(fact.name, passage)
            and (not fact.role or _appears(fact.role, passage))
            and affiliation_ok
            and _country_appears(fact.country, passage_text, passage)
            and (not fact.evidence or _appears(fact.evidence, passage))
        )
    actor_ok = (
        _appears(fact.actor, passage)
        or (fact.actor in {m.country for m in find_countries(passage_text)})
        or _appears(fact.actor.split()[-1], passage)
    )
    return (
        actor_ok
        and (not fact.stance or _appears(fact.stance, passage))
        and (not fact.quote or _appears(fact.quote, passage))
        and (not fact.evidence or _appears(fact.evidence, passage))
    )


def iter_facts(facts: FactSet) -> Iterable[TariffMeasure | Participant | Position]:
    """Every fact of a set, measures first (handy for validation loops)."""
    yield from facts.measures
    yield from facts.participants
    yield from facts.positions
