"""Participants: people introduced with a title before or after their name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.facts.extract.context import DocContext, PersonDraft
from bot.facts.lexicon import (
    GOVERNMENT_HEADS,
    NAME_PARTICLES,
    NON_NAME_WORDS,
    ORG_SUFFIXES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    CountryMention,
    find_countries,
)
from bot.facts.models import (
    Participant,
)
from bot.models import Passage

_TOKEN_RE = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z][a-z])|[^\W\d_]+(?:[’'\-][^\W\d_]+)*(?:[’']s\b)?|\d[\d.,]*|[^\w\s]"
)


_INITIALS_RE = re.compile(r"(?:[A-Z]\.)+")
"""Initials are part of a name: "J. Paul Ortega", "R.K. Mehrotra"."""
_ROLE_CLAUSE_RE = re.compile(
    r",\s+(?:(?:the|a|an)\s+[^,]{0,60}?\s+)?who\s+(?P<verb>chairs|heads|leads|directs|runs|"
    r"manages|owns|founded|co-founded|edits|presides over|imports|exports|sells|makes|"
    r"produces|grows|builds|operates)\s+(?P<obj>(?:the\s+|an?\s+)?"
    r"[^,.;]{3,60}?)(?=[,.;]|\s+(?:and|said|says|told)\b)"
)
_ACTING_FOR_RE = re.compile(
    r",\s+(?P<role>(?:arguing|speaking|acting|appearing|testifying)\s+(?:for|on behalf of)\s+"
    r"|representing\s+)(?P<obj>(?:the|an?)\s+[^,.;]{3,60}?),"
)
"""A participle appositive that says whom a person acts for ("X, representing the importers,")."""
_AGENT_OF_VERB = {
    "chairs": "chair",
    "heads": "head",
    "leads": "leader",
    "directs": "director",
    "runs": "head",
    "manages": "manager",
    "owns": "owner",
    "founded": "founder",
    "co-founded": "co-founder",
    "edits": "editor",
    "presides over": "president",
    "imports": "importer",
    "exports": "exporter",
    "sells": "seller",
    "makes": "maker",
    "produces": "producer",
    "grows": "grower",
    "builds": "builder",
    "operates": "operator",
}
"""A role said with a verb ("who heads the fisheries panel") as the noun it implies."""


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


def _is_name_token(tok: _Tok, countries: Sequence[CountryMention]) -> bool:
    base = tok.base
    if not base[:1].isupper() or not base[:1].isalpha():
        return False
    if len(base) > 1 and base.isupper() and not _INITIALS_RE.fullmatch(base):
        return False
    low = base.lower()
    if low in NON_NAME_WORDS or low in TITLE_HEADS or low in TITLE_MODIFIERS:
        return False
    return base not in ORG_SUFFIXES and _in_spans(tok, countries) is None


def _pronoun_surname(toks: list[_Tok], i: int, countries: Sequence[CountryMention]) -> bool:
    """ "Vice Minister He Anwen": a capitalised word that is otherwise never a name (a
    pronoun, a preposition), between a title and a capitalised name, is a surname written
    first."""
    return (
        0 < i < len(toks) - 1
        and toks[i].text[:1].isupper()
        and toks[i].low in NON_NAME_WORDS
        and toks[i - 1].low in TITLE_HEADS
        and _is_name_token(toks[i + 1], countries)
    )


def _is_title_word(tok: _Tok) -> bool:
    return tok.low in TITLE_HEADS or tok.low in TITLE_MODIFIERS


def titled_people(sentence: str) -> list[PersonDraft]:
    """People introduced with a title before or after their name in one sentence."""
    toks = _tokens(sentence)
    countries = find_countries(sentence)
    people: list[PersonDraft] = []
    last_end = -1
    last_country = ""
    i = 0
    while i < len(toks):
        prev = toks[i - 1] if i > 0 else None
        starts = _is_name_token(toks[i], countries) or (
            i > 0 and toks[i - 1].low in TITLE_HEADS and _pronoun_surname(toks, i, countries)
        )
        if not starts or (prev is not None and _is_name_token(prev, countries)):
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
        clause = _ROLE_CLAUSE_RE.match(sentence, run[-1].end) if len(run) > 1 else None
        if person is None and clause:
            # "X, the lawmaker who chairs the budget panel": the clause says more
            role = f"{_AGENT_OF_VERB[clause.group('verb')]} of {clause.group('obj')}"
            person = (role, "", "")
        acting = _ACTING_FOR_RE.match(sentence, run[-1].end) if len(run) > 1 else None
        if person is None and acting:
            # "X, arguing for the importers, told the court": whom the person speaks for
            person = (" ".join(f"{acting.group('role')} {acting.group('obj')}".split()), "", "")
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
        people.append(PersonDraft(name=name, role=role, affiliation=org, country=country))
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


_ORG_NAME = r"(?P<org>(?:[Tt]he\s+)?[A-Z][\w&.’'-]*(?:\s+(?:of|for|and|&|on)?\s*[A-Z][\w&.’'-]*)*)"
_ORG_RE = re.compile(
    # "of the Danish dairy farmers' federation DMF": the name after the description
    r"\s*(?:at|of|for|with)\s+(?:(?:the|an?)\s+)?(?:[A-Z][\w’'-]*\s+){0,3}"
    rf"(?:(?!(?:of|for|and|on)\s)[a-z][\w’'-]*\s+){{1,5}}{_ORG_NAME}"
    rf"|\s*(?:at|of|for|with)\s+{_ORG_NAME.replace('?P<org>', '?P<org2>')}"
)
_AGENT_NOUN_RE = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ant|man|woman|person)")
_NOT_AGENTS = frozenset(
    {
        "river",
        "border",
        "number",
        "order",
        "water",
        "paper",
        "matter",
        "letter",
        "quarter",
        "center",
        "centre",
        "corner",
        "chapter",
        "cluster",
        "winter",
        "summer",
        "other",
        "power",
        "tower",
        "floor",
        "door",
        "sector",
        "factor",
        "mirror",
        "error",
        "color",
        "colour",
        "honor",
        "honour",
        "labor",
        "labour",
        "harbor",
        "harbour",
        "liter",
        "litre",
        "meter",
        "metre",
        "dollar",
        "calendar",
        "register",
        "weather",
        "shelter",
        "theater",
        "theatre",
        "ocean",
        "plan",
    }
)
"""Agent nouns ("broker", "counselor", "commissioner"): in an appositive after a full name
("X, a freight forwarder in Leeds") they state a role even when no title list has them."""
_APPOSITIVE_STOP = frozenset(
    {
        "who",
        "which",
        "that",
        "in",
        "at",
        "of",
        "for",
        "with",
        "from",
        "on",
        "and",
        "said",
        "near",
        "by",
        "over",
        "under",
        "into",
        "across",
        "after",
        "before",
        "during",
        "since",
    }
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
    if mention is not None and (mention.possessive or mention.form != "demonym"):
        # "Japan's top negotiator", "the EU farm commissioner", "the Kremlin spokesman"
        country = mention.country
        while k < len(toks) and toks[k].start < mention.end:
            k += 1
    start_k = k
    named_org = ""
    head = next(
        (j for j in range(k + 1, min(k + 6, len(toks))) if toks[j].low in TITLE_HEADS),
        None,
    )
    if (
        head is not None
        and toks[k - 1].low == "the"
        and toks[head].text.islower()
        and all(tok.text[:1].isupper() for tok in toks[k:head])
    ):
        # "the Federal Audit Court judge": an institution, then the title
        named_org = sentence[toks[k].start : toks[head - 1].end]
        k = start_k = head
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
    if len(picked) > 1 and picked[-1].low == "general" and picked[-2].low in TITLE_HEADS:
        pass  # postpositive: "director general", "solicitor general"
    elif not picked or picked[-1].low not in TITLE_HEADS:
        picked = _agent_phrase(toks, start_k)
        if not picked:
            return None
    role = sentence[picked[0].start : picked[-1].end]
    org = named_org
    m = None if org else _ORG_RE.match(sentence, picked[-1].end)
    if m:
        org = (m.group("org") or m.group("org2")).rstrip(".")
        country = country or next((c.country for c in find_countries(org)), "")
    return role, country, org


def _agent_phrase(toks: list[_Tok], k: int) -> list[_Tok]:
    """A short lower-case appositive ending in an agent noun: "customs broker"."""
    picked: list[_Tok] = []
    while k < len(toks) and len(picked) < 4:
        tok = toks[k]
        if tok.low in _APPOSITIVE_STOP or not tok.text.isalpha() or not tok.text.islower():
            break
        picked.append(tok)
        k += 1
    while picked and (
        not _AGENT_NOUN_RE.fullmatch(picked[-1].low) or picked[-1].low in _NOT_AGENTS
    ):
        picked.pop()
    ended = k >= len(toks) or toks[k].low in _APPOSITIVE_STOP or not toks[k].text.isalpha()
    return picked if picked and ended and len(picked) == _run_length(toks, picked) else []


def _run_length(toks: list[_Tok], picked: list[_Tok]) -> int:
    return toks.index(picked[-1]) - toks.index(picked[0]) + 1


def role_head(role: str) -> str:
    words = [w for w in re.split(r"[\s]+", role.lower()) if w in TITLE_HEADS]
    return words[-1] if words else ""


def fill_affiliation(person: PersonDraft) -> None:
    if person.affiliation or not person.country:
        return
    if role_head(person.role) in GOVERNMENT_HEADS:
        person.affiliation = (
            "European Union"
            if person.country == "European Union"
            else f"Government of {_with_article(person.country)}"
        )


def _with_article(country: str) -> str:
    """ "the United States", "the Netherlands", but "Japan"."""
    plural_or_union = re.search(r"^(United|Czech|Dominican)\b|s$", country)
    return f"the {country}" if plural_or_union and country != "Laos" else country


def doc_participants(passages: list[Passage], ctx: DocContext) -> list[Participant]:
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
