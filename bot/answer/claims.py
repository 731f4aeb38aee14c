"""Does a sentence's claim agree with the passage it cites?

Word overlap cannot see that "tariffs were abolished" contradicts "tariffs stay at 50%", or
that "Mexico pays 35%" takes Canada's figure from the same sentence. This module reads both
sides into the same small set of slots and compares them:

- the claim is aligned with the clause of the passage that shares most of its anchors
  (countries and products count more than other words, a shared figure most);
- **polarity**: a word negated on one side ("were not spared") and asserted on the other;
- **change**: the kind of change the claim states (up, down, removed, kept, paused, extended,
  imposed, exempted) against the kinds in the aligned clause (a conflict contradicts), and a
  change the whole passage never states (unsupported);
- **binding**: each rate or amount of the claim must sit, in the passage, in a clause about
  the same countries in the same roles (who imposes, who pays) and the same products, and no
  other clause may bind the claim's subject to a different figure more strongly;
- **entities**: a country, a capitalised name or a subject the passage never mentions is
  unsupported.

Everything is structural (clauses, negation scope, the roles countries take, which figures
a clause holds); the only lexicons are English change verbs and the country and product
names the fact extractor already knows. A passage's clauses are parsed once per answer; the
checks cost about a millisecond per answer on a quiet machine (docs/benchmarks.md).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.answer.figures import Figure, figures
from bot.answer.terms import STOPWORDS, concept
from bot.facts.lexicon import (
    COUNTRY_NAMES,
    GENERIC_GOODS,
    aliases_of,
    find_countries,
    find_products,
)
from bot.text import words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CHANGE_CLASSES: dict[str, frozenset[str]] = {
    "up": _words(
        "raise raised raises raising increase increased increases increasing hike hiked hikes "
        "double doubled doubles doubling triple tripled rise rose risen rises rising boost "
        "boosted jump jumped climb climbed escalate escalated higher above steeper"
    ),
    "down": _words(
        "cut cuts cutting lower lowered lowers lowering reduce reduced reduces reducing halve "
        "halved halves halving ease eased trim trimmed slash slashed decrease decreased fell "
        "fall falls below cheaper down"
    ),
    "removed": _words(
        "abolish abolished abolishes scrap scrapped scraps remove removed removes eliminate "
        "eliminated repeal repealed revoke revoked rescind rescinded withdraw withdrew "
        "withdrawn terminate terminated end ended ends lift lifted lifts cancel cancelled "
        "canceled invalidate invalidated overturn overturned strike struck axe axed "
        "dismantle dismantled"
    ),
    "kept": _words(
        "keep keeps kept maintain maintained retain retained stay stays stayed remain "
        "remains remained unchanged intact"
    ),
    "paused": _words(
        "pause paused pauses suspend suspended suspends suspension delay delayed postpone "
        "postponed defer deferred halt halted freeze frozen shelve shelved hold"
    ),
    "extended": _words("extend extended extends extension prolong prolonged renew renewed"),
    "imposed": _words(
        "impose imposed imposes imposing introduce introduced levied slap slapped enact "
        "enacted effect"
    ),
    "exempted": _words(
        "exempt exempted exempts exemption exemptions spare spared spares exclude excluded "
        "waive waived"
    ),
}
"""English verbs (and a few adjectives) of change, by what they do to a measure."""
_CLASS_OF = {word: name for name, members in CHANGE_CLASSES.items() for word in members}
_CONFLICTS = {
    "up": {"down", "removed", "kept", "paused"},
    "down": {"up", "kept"},
    "removed": {"up", "kept", "paused", "imposed", "extended"},
    "kept": {"up", "down", "removed"},
    "paused": {"up", "removed", "imposed", "extended"},
    "extended": {"removed", "paused"},
    "imposed": {"removed", "paused", "exempted"},
    "exempted": {"imposed"},
}
_WEAK = frozenset({"imposed", "kept"})
"""Classes a paraphrase often adds ("imposed", "still"): never required of the passage."""

_NEGATIONS = _words(
    "not no never neither nor none nobody nothing without cannot isn't aren't wasn't "
    "weren't don't doesn't didn't won't wouldn't hasn't haven't hadn't can't couldn't"
)
_SCOPE_SKIP = _words(
    "be been being is are was were have has had do does did will would shall should can "
    "could may might must longer yet also still even ever to the a an any"
)
"""Words between a negation and what it negates ("was not yet", "no longer")."""
_RELATIVE = frozenset({"that", "which", "who", "whose"})
_DETERMINER_NEGATIONS = _words("no neither nor none")
"""Negations that cover a noun and its verb ("neither side wanted"); the others cover the
verb alone ("do not meet the rules" says nothing against "the rules")."""

_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|,\s+(?=(?:but|while|whereas|although|though|instead|even though|so|far|"
    r"compared|which|against|versus)\b|[a-z]+ing\b)"
    r"|\s+(?=(?:but|while|whereas|although|though)\s)",
    re.IGNORECASE,
)
_SEGMENT_LEAD = _words("the a an while but and although though whereas then so meanwhile also now")
_BE = _words("is are was were be been being has have had will would")
_UNDERGOER_VERBS = _words(
    "face faces faced facing pay pays paid paying receive receives received get gets got "
    "suffer suffers suffered bear bears"
)
"""A country that is the subject of these verbs pays the measure: it is the target."""
_GOODS_NOUNS = GENERIC_GOODS | {"metal", "metals", "produce", "output", "parcels"}
_TARGET_PREPOSITIONS = frozenset({"on", "against", "from"})
_AGENT_PREPOSITIONS = frozenset({"by"})
_BOUND_UNITS = frozenset({"%", "pp", "bn", "m", "tn"})
"""Figures that measure something (rates, amounts); bare numbers and dates are not bound."""
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d")

AGENT, TARGET = "agent", "target"


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    concepts: frozenset[str]
    """Content concepts; change words are folded into ``change:<class>``."""
    countries: frozenset[str]
    products: frozenset[str]
    roles: tuple[tuple[str, str], ...]
    """(country, agent|target) where the clause says which."""
    changes: frozenset[str]
    change_figures: tuple[tuple[str, frozenset[Figure]], ...]
    """Each change with the rate or amount nearest to it, which it is about (both ends of a
    "from 12% to 30%")."""
    negated: frozenset[str]
    """Concepts inside the scope of a negation."""
    subject: frozenset[str]
    """Concepts before the first verb: what the clause is about ("Canadian energy")."""
    numbers: frozenset[Figure]
    earlier: frozenset[Figure]
    """Figures given as where a change started ("from 20%", "up from 25%")."""
    context: frozenset[str] = frozenset()
    """Concepts of the clause before, when this one refers back to it ("brings that down")."""


@dataclass(frozen=True, slots=True)
class Finding:
    verdict: str
    """``contradicted`` or ``unsupported``."""
    slot: str
    """``polarity``, ``change``, ``binding``, ``role`` or ``entity``."""
    detail: str


def _concept(word: str) -> str:
    change = _CLASS_OF.get(word)
    return f"change:{change}" if change else concept(word)


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def _negated(tokens: Sequence[str]) -> frozenset[str]:
    """What the clause denies; a negation inside a relative clause ("goods that do not meet
    the rules") restricts a noun and denies nothing about the clause's own claim."""
    scoped: set[str] = set()
    for i, token in enumerate(tokens):
        if token not in _NEGATIONS and not token.endswith("n't"):
            continue
        if any(t in _RELATIVE for t in tokens[max(0, i - 2) : i]):
            continue
        taken, scope = 0, 2 if token in _DETERMINER_NEGATIONS else 1
        for later in tokens[i + 1 :]:
            if taken >= scope or later in _NEGATIONS:
                break
            if later in _SCOPE_SKIP or (later in STOPWORDS and later not in _CLASS_OF):
                continue
            scoped.add(_concept(later))
            taken += 1
    return frozenset(scoped)


_VERB_MARKERS = (
    _BE
    | _UNDERGOER_VERBS
    | set(_CLASS_OF)
    | _words(
        "said says say met meet meets enter enters entered come comes came go goes went take "
        "takes took make makes made give gives gave agreed agree agrees announced announce "
        "asked ask welcomed welcome will would could can may might should must shall do does "
        "did"
    )
)
"""Words that end a clause's subject: auxiliaries, modals and common verbs of news text."""


_COUNTRY_WORDS = frozenset(
    word.lower() for name in COUNTRY_NAMES for alias in aliases_of(name) for word in alias.split()
)


def _subject(tokens: Sequence[str]) -> frozenset[str]:
    head: list[str] = []
    for token in tokens:
        if token in _VERB_MARKERS:
            break
        head.append(token)
    return frozenset(
        _concept(t)
        for t in head
        if t not in STOPWORDS and len(t) > 1 and t not in _COUNTRY_WORDS | _GOODS_NOUNS
    )


def _roles(text: str) -> tuple[tuple[str, str], ...]:
    """Which countries impose (agent) and which pay (target), where the grammar says so."""
    roles: list[tuple[str, str]] = []
    for mention in find_countries(text):
        before = _tokens(text[: mention.start])
        after = _tokens(text[mention.end :])
        segment = _tokens(re.split(r"[,;:]", text[: mention.start])[-1])
        previous = [t for t in before[-2:] if t not in ("the", "a", "an")]
        following = after[0] if after else ""
        if previous and previous[-1] in _TARGET_PREPOSITIONS:
            roles.append((mention.country, TARGET))
        elif previous and previous[-1] in _AGENT_PREPOSITIONS:
            roles.append((mention.country, AGENT))
        elif mention.possessive:
            continue
        elif following in _GOODS_NOUNS or find_products(following):
            roles.append((mention.country, TARGET))  # "Chinese goods", "British steel"
        elif all(t in _SEGMENT_LEAD for t in segment) and mention.form != "demonym":
            verb = after[1] if following in _BE and len(after) > 1 else following
            passive = following in _BE and not verb.endswith("ing")
            undergoes = passive or verb in _UNDERGOER_VERBS
            roles.append((mention.country, TARGET if undergoes else AGENT))
    return tuple(dict.fromkeys(roles))


@lru_cache(maxsize=8192)
def clause(text: str) -> Clause:
    """The slots of one clause (cached: passages repeat across answers)."""
    tokens = _tokens(text)
    found = list(figures(text))
    earlier = frozenset(f for f, at in found if re.search(r"\bfrom\s*$", text[:at]))
    bound = [(f, at) for f, at in found if f[1] in _BOUND_UNITS]
    change_figures = []
    for match in _TOKEN.finditer(text):
        change = _CLASS_OF.get(match.group(0).lower())
        if change:
            near = min(bound, key=lambda item: abs(item[1] - match.start()), default=None)
            about = {near[0]} if near else set()
            if about & earlier:
                about |= {f for f, _ in bound if f not in earlier}
            change_figures.append((change, frozenset(about)))
    content = {
        _concept(t) for t in words(text) if (t not in STOPWORDS or t in _CLASS_OF) and len(t) > 1
    }
    return Clause(
        text=text,
        concepts=frozenset(c for c in content if not c[:1].isdigit()),
        countries=frozenset(m.country for m in find_countries(text)),
        products=frozenset(p for p, _s, _e in find_products(text)),
        roles=_roles(text),
        changes=frozenset(_CLASS_OF[t] for t in tokens if t in _CLASS_OF),
        change_figures=tuple(change_figures),
        negated=_negated(tokens),
        subject=_subject(tokens),
        numbers=frozenset(f for f, _ in found),
        earlier=earlier,
    )


def clauses(sentence: str) -> list[Clause]:
    """A sentence cut at contrasts ("…, while China cut …", "; …"): each states its own fact.

    A participle clause ("…, adding a 25% penalty") keeps the doer of the clause before it.
    """
    found: list[Clause] = []
    for part in (p.strip(" ,.") for p in _CLAUSE_BREAK.split(sentence)):
        if not part:
            continue
        item = clause(part)
        if found and re.match(r"[a-z]+ing\b", part):
            doers = tuple(r for r in found[-1].roles if r[1] == AGENT)
            item = dataclasses.replace(item, roles=tuple(dict.fromkeys(doers + item.roles)))
        found.append(item)
    return found


_BACK_REFERENCE = frozenset({"it", "that", "this", "they", "these", "those", "which"})


@lru_cache(maxsize=1024)
def passage_clauses(sentences: tuple[str, ...]) -> tuple[Clause, ...]:
    """Every clause of the sentences, with what it continues as its context: the clauses
    before it in its sentence, and the sentence before when it refers back ("brings that
    down to 15%")."""
    found: list[Clause] = []
    previous: frozenset[str] = frozenset()
    for sentence in sentences:
        current: frozenset[str] = frozenset()
        for item in clauses(sentence):
            refers_back = bool(_BACK_REFERENCE & set(_tokens(item.text)))
            context = current | (previous if refers_back else frozenset())
            found.append(dataclasses.replace(item, context=context - item.concepts))
            current = current | item.concepts
        previous = current
    return tuple(found)


def _weight(claim: Clause, other: Clause, figures: bool = True, context: bool = False) -> float:
    """How much ``other`` says about what ``claim`` is about.

    Shared countries, products and figures count more than other words; words of the claim's
    subject count again, and more when they are the other clause's subject too. With
    ``context``, what the clause continues counts half.
    """
    elsewhere = bool(claim.countries and other.countries and not claim.countries & other.countries)
    weight: float = (
        len(claim.concepts & other.concepts)
        + 2 * len(claim.countries & other.countries)
        + len(claim.products & other.products)
        + len(claim.subject & other.concepts)
        + 2 * len(claim.subject & other.subject)
        + (3 * len(claim.numbers & other.numbers) if figures else 0)
        - 3 * elsewhere
    )
    if context:
        weight += 0.5 * (len(claim.concepts & other.context) + len(claim.subject & other.context))
    return weight


def _role_conflict(claim: Clause, other: Clause) -> bool:
    theirs = dict(other.roles)
    agents = {c for c, r in other.roles if r == AGENT}
    for country, role in claim.roles:
        if country in theirs and theirs[country] != role:
            return True
        if role == AGENT and agents and country not in agents:
            return True
    return False


def _proper_names(text: str) -> set[str]:
    """Capitalised words after the first: names the passage must contain too."""
    found = re.findall(
        r"(?<!^)(?<![.!?]\s)\b([A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]{2,})\b", text.strip()
    )
    return {w.lower() for w in found if w.lower() not in STOPWORDS | _COUNTRY_WORDS}


def check(claim_text: str, evidence: Sequence[str]) -> Finding | None:
    """The first disagreement between a claim and the sentences it cites, or None."""
    claim = clause(claim_text)
    parts = passage_clauses(tuple(evidence))
    if not parts:
        return None
    return (
        _entities(claim, claim_text, parts)
        or _binding(claim, parts)
        or _aligned(claim, parts)
        or _change_stated(claim, parts)
    )


def _entities(claim: Clause, claim_text: str, parts: Sequence[Clause]) -> Finding | None:
    countries = set().union(*(p.countries for p in parts))
    missing = claim.countries - countries
    if missing:
        return Finding("unsupported", "entity", f"{sorted(missing)[0]} is not in the passage")
    words_seen = {w.lower() for p in parts for w in re.findall(r"[A-Za-z]+", p.text)}
    names = {n for n in _proper_names(claim_text) if n not in words_seen}
    if names:
        return Finding("unsupported", "entity", f"{sorted(names)[0]!r} is not in the passage")
    known = set().union(*(p.concepts for p in parts))
    if claim.subject and not claim.subject & known:
        return Finding("unsupported", "entity", "the passage is about something else")
    return None


def _binding(claim: Clause, parts: Sequence[Clause]) -> Finding | None:
    """Each rate or amount of the claim must be the passage's figure for the same thing."""
    for number in sorted(claim.numbers):
        if number[1] not in _BOUND_UNITS:
            continue
        holding = [
            p
            for p in parts
            if number in p.numbers and (number in claim.earlier or number not in p.earlier)
        ]
        shown = f"{number[0]}{number[1]}"
        if not holding:
            if any(number in p.numbers for p in parts):
                return Finding("contradicted", "binding", f"{shown} is the earlier figure")
            continue  # the number check reports figures the passage lacks
        agreeing = [p for p in holding if not _role_conflict(claim, p)]
        if not agreeing:
            return Finding("contradicted", "role", f"{shown} is stated with other roles")
        compatible = [
            p
            for p in agreeing
            if not (claim.countries and p.countries and not claim.countries & p.countries)
        ]
        if not compatible:
            return Finding("contradicted", "binding", f"{shown} is stated for another country")
        rivals = [
            p
            for p in parts
            if p not in compatible
            and not _role_conflict(claim, p)
            and any(f[1] == number[1] and f not in claim.numbers for f in p.numbers - p.earlier)
        ]
        if claim.products:
            stated = [p for p in compatible if p.products]
            elsewhere = not any(claim.products & p.products for p in stated)
            if stated and elsewhere and any(claim.products & r.products for r in rivals):
                return Finding("contradicted", "binding", f"{shown} is for another product")
        support = max(_weight(claim, p, figures=False, context=True) for p in compatible)
        rival = max((_weight(claim, p, figures=False) for p in rivals), default=0)
        if rival > support:
            return Finding("contradicted", "binding", f"the passage gives {shown} for another")
    return None


def _best(claim: Clause, parts: Sequence[Clause]) -> Clause:
    return max(parts, key=lambda p: _weight(claim, p))


def _aligned(claim: Clause, parts: Sequence[Clause]) -> Finding | None:
    """Polarity and change against the clause that says most about the same things."""
    best = _best(claim, parts)
    if _weight(claim, best) == 0:
        return None
    claim_asserted = claim.concepts - claim.negated
    for part in (best, *(p for p in parts if claim.subject & p.subject)):
        flipped = (claim.negated & (part.concepts - part.negated)) | (part.negated & claim_asserted)
        if flipped:
            word = sorted(flipped)[0].removeprefix("change:").lstrip("~")
            return Finding("contradicted", "polarity", f"the passage says the opposite of {word!r}")
    claim_figures = {f for f in claim.numbers if f[1] in _BOUND_UNITS}
    about_claim = {  # a change bound to another figure is about something else
        change
        for change, about in best.change_figures
        if not about or not claim_figures or about & claim_figures
    }
    for change in claim.changes:
        if _CONFLICTS[change] & about_claim and change not in best.changes:
            return Finding("contradicted", "change", f"the passage does not say {change}")
    return None


def _change_stated(claim: Clause, parts: Iterable[Clause]) -> Finding | None:
    stated = set().union(*(p.changes for p in parts))
    for change in sorted(claim.changes - _WEAK):
        if change not in stated:
            return Finding("unsupported", "change", f"the passage does not say {change}")
    return None
