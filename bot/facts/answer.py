"""Answer rate, person and position questions straight from the fact ledger.

These questions have crisp answers ("25% as of 2025-04-16") that passage retrieval often
blurs, especially once several articles disagree over time.  Anything else returns None
so the caller falls back to normal retrieval.  Every sentence carries ``[n]`` markers
pointing at the passages the facts were read from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.facts.ledger import FactLedger, PersonRecord
from bot.facts.lexicon import TOPIC_PATTERNS, country_of, find_countries, find_products
from bot.facts.models import Position, TariffMeasure, Topic
from bot.models import Citation, Passage

MAX_GROUPS = 6
MAX_POSITIONS = 8


@dataclass(frozen=True, slots=True)
class LedgerAnswer:
    kind: str
    """"tariff", "person" or "position"."""
    text: str
    passage_ids: tuple[str, ...]
    """Cited passages; marker ``[n]`` refers to ``passage_ids[n - 1]``."""
    citations: tuple[Citation, ...]


class _Cites:
    """Numbers passages in order of first use and builds the matching citations."""

    def __init__(self, passages_by_id: Callable[[str], Passage | None]) -> None:
        self._lookup = passages_by_id
        self.ids: list[str] = []
        self.citations: list[Citation] = []

    def available(self, passage_id: str) -> bool:
        return self._lookup(passage_id) is not None

    def mark(self, passage_id: str, quote: str) -> str:
        if passage_id not in self.ids:
            passage = self._lookup(passage_id)
            if passage is None:
                return ""
            self.ids.append(passage_id)
            self.citations.append(Citation.of(len(self.ids), passage, quote))
        return f"[{self.ids.index(passage_id) + 1}]"


def answer_from_ledger(
    question: str,
    ledger: FactLedger,
    passages_by_id: Callable[[str], Passage | None],
) -> LedgerAnswer | None:
    """A cited answer from stored facts, or None when the question is not about a tariff
    rate, a person or a position, or when no stored fact matches."""
    q = " ".join(question.strip().split())
    for handler in (_person_question, _position_question, _tariff_question):
        result = handler(q, ledger, _Cites(passages_by_id))
        if result is not None:
            return result
    return None


# --------------------------------------------------------------------------------------
# Tariff rates

_TARIFF_WORD = re.compile(r"\b(tariffs?|dut(?:y|ies)|levy|levies|import tax(?:es)?)\b", re.I)
_RATE_QUESTION = re.compile(
    r"\b(what|how (?:high|much|big|large|steep)|which|current|is there|are there|rate)\b", re.I
)


def _tariff_question(q: str, ledger: FactLedger, cites: _Cites) -> LedgerAnswer | None:
    if not _TARIFF_WORD.search(q) or not _RATE_QUESTION.search(q):
        return None
    imposer, target, either = _question_countries(q)
    products = [p for p, _a, _b in find_products(q)]
    if not (imposer or target or either or products):
        return None
    found = ledger.tariff_groups(
        either or None,
        imposer=imposer or None,
        targets=[target, "all"] if target else (),
        products=products,
    )
    if target:
        specific = [g for g in found if g.target == target]
        # A rate on every origin ("10% universal tariff") applies to the target too; only
        # shown from imposers that also tax the target specifically, to keep it relevant.
        imposers = {g.imposer for g in specific}
        found = specific + [
            g for g in found if g.target == "all" and (g.imposer in imposers or not specific)
        ]
    found.sort(key=lambda g: g.newest, reverse=True)
    # A few spare groups in case a row's passage is missing from the live generation.
    rows = ledger.tariffs(
        groups=[g.key for g in found[: 2 * MAX_GROUPS]], rated=True, latest_per_rate=True
    )
    rows = [m for m in rows if cites.available(m.passage_id)]
    if not rows:
        return None
    groups: dict[tuple[str, str, str], list[TariffMeasure]] = {}
    for m in rows:
        groups.setdefault((m.imposer, m.target, m.product), []).append(m)
    ordered = sorted(groups.values(), key=lambda ms: _newest_key(ms[0]), reverse=True)
    lines = [_tariff_line(ms, cites) for ms in ordered[:MAX_GROUPS]]
    return LedgerAnswer("tariff", "\n".join(lines), tuple(cites.ids), tuple(cites.citations))


def _newest_key(m: TariffMeasure) -> tuple[str, str]:
    return (m.published, m.effective_date)


_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|from|for|to)\s+(?:imports\s+from\s+|goods\s+from\s+)?(?:the\s+)?$", re.I
)
_TARGET_AFTER = re.compile(r"\s+(?:face|faces|facing|pay|pays|get|gets)\b", re.I)
_IMPOSER_AFTER = re.compile(
    rf"(?:['’]s)?\s+(?:[\w-]+\s+)?(?:{_TARIFF_WORD.pattern}|impose|imposes|charge|charges|"
    r"levy|put|puts|set|sets)",
    re.I,
)
_GOODS_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:goods|exports|products|imports|made)\b", re.I)


def _question_countries(q: str) -> tuple[str, str, str]:
    """(imposer, target, either) named in a question such as "how high are US duties on
    Canadian lumber"; "either" is a country whose side the question does not make clear."""
    imposer = target = either = ""
    for mention in find_countries(q):
        before, after = q[: mention.start], q[mention.end :]
        goods = mention.form == "demonym" and (
            _GOODS_AFTER.match(after) or find_products(after[:30])
        )
        from_side = re.search(r"\bfrom\s+(?:the\s+)?$", before)
        if target and from_side and not goods and not imposer:
            imposer = mention.country  # "what tariffs does Japan face from the US"
        elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after) or goods:
            target = target or mention.country
        elif _IMPOSER_AFTER.match(after) or re.search(r"\bby\s+(?:the\s+)?$", before):
            imposer = imposer or mention.country
        elif not either:
            either = mention.country
    if either and imposer and not target:
        target, either = either, ""
    elif either and target and not imposer:
        imposer, either = either, ""
    return imposer, target, either


def _rate(m: TariffMeasure) -> str:
    return f"{m.rate_percent:g}%" if m.rate_percent is not None else "?"


def _status_note(m: TariffMeasure) -> str:
    if m.status == "paused" and m.pause_note():
        return f"paused {m.pause_note()}"
    note: str = m.status
    if m.effective_date and m.status in {"announced", "threatened", "agreed", "raised", "lowered"}:
        note += f", effective {m.effective_date}"
    return note


def _as_of(published: str) -> str:
    """ "as of 2025-04-16", or "(undated source)": never an empty date."""
    return f"as of {published}" if published else "(undated source)"


def _dated(published: str) -> str:
    return f"dated {published}" if published else "without a date"


def _tariff_line(ms: list[TariffMeasure], cites: _Cites) -> str:
    ms = sorted(ms, key=_newest_key, reverse=True)
    # A superseded figure ("up from 14.5%") is an earlier one even when dated like the new.
    current = [m for m in ms if m.status != "superseded"] or ms
    head = current[0]
    origin = "all countries" if head.target == "all" else head.target
    subject = (
        f"{head.imposer} tariff on {head.product} from {origin}"
        if head.imposer
        else f"Tariff on {head.product} from {origin} (imposer not stated)"
    )
    same_date = [m for m in current if m.published == head.published]
    rates = list(dict.fromkeys(_rate(m) for m in same_date))
    if len(rates) > 1:
        parts = []
        for rate in rates:
            m = next(x for x in same_date if _rate(x) == rate)
            parts.append(f"{rate} ({_status_note(m)}) {cites.mark(m.passage_id, m.evidence)}")
        text = f"{subject}: sources {_dated(head.published)} disagree: " + " vs ".join(parts)
    else:
        text = (
            f"{subject}: {rates[0]} ({_status_note(head)}) {_as_of(head.published)} "
            f"{cites.mark(head.passage_id, head.evidence)}"
        )
    earlier: list[str] = []
    seen = {(_rate(m), m.status) for m in same_date}
    for m in ms:
        if m in same_date or (_rate(m), m.status) in seen:
            continue
        seen.add((_rate(m), m.status))
        status = "" if m.status == "in force" else f" ({m.status})"
        earlier.append(
            f"{_rate(m)}{status} {_as_of(m.published)} {cites.mark(m.passage_id, m.evidence)}"
        )
        if len(earlier) == 2:
            break
    if earlier:
        text += "; earlier: " + "; ".join(earlier)
    return text + "."


# --------------------------------------------------------------------------------------
# People

_WHO_IS = re.compile(r"^who\s+(?:is|was|'s|’s)\s+(?P<name>.+?)\s*\??$", re.I)
_ROLE_OF = re.compile(
    r"^what\s+(?:is|was)\s+(?P<name>.+?)['’]s?\s+(?:role|job|title)\b.*$"
    r"|^what\s+(?:is|was)\s+the\s+(?:role|job|title)\s+of\s+(?P<name2>.+?)\s*\??$"
    r"|^what\s+does\s+(?P<name3>.+?)\s+do\s*\??$",
    re.I,
)
_WHO_FOR = re.compile(
    r"^who\s+(?:negotiates|is negotiating|are negotiating|leads|is leading|represents|"
    r"speaks|are the negotiators|is the negotiator|are the officials)\s*(?:for|on behalf of|"
    r"from)?\s*(?P<country>.*?)\s*\??$",
    re.I,
)


def _person_question(q: str, ledger: FactLedger, cites: _Cites) -> LedgerAnswer | None:
    m = _ROLE_OF.match(q) or _WHO_IS.match(q)
    records: list[PersonRecord] = []
    if m:
        name = re.sub(r"^(?:the\s+)", "", next(g for g in m.groups() if g), flags=re.I)
        by_role = _by_country_and_role(name, ledger)
        records = ledger.who(name) if by_role is None else by_role
    else:
        f = _WHO_FOR.match(q)
        if f is None:
            return None
        country = country_of(f.group("country")) if f.group("country") else None
        records = ledger.who(country=country) if country else ledger.who()
        if "negotiat" in q.lower():
            records = [
                r for r in records if "negotiat" in r.role.lower() or "trade" in r.role.lower()
            ] or records
    lines: list[str] = []
    for record in records[:5]:
        line = _person_line(record, cites)
        if line:
            lines.append(line)
    if not lines:
        return None
    return LedgerAnswer("person", "\n".join(lines), tuple(cites.ids), tuple(cites.citations))


_ROLE_STOP = frozenset({"the", "of", "and", "for", "s"})


def _by_country_and_role(text: str, ledger: FactLedger) -> list[PersonRecord] | None:
    """People for "Japan's top trade negotiator" / "US trade representative", or None when
    ``text`` is not a country followed by role words (then it is read as a name)."""
    mentions = find_countries(text)
    if not mentions or mentions[0].start != 0:
        return None
    words = [
        w for w in re.findall(r"[a-z]+", text[mentions[0].end :].lower()) if w not in _ROLE_STOP
    ]
    if not words:
        return None
    people = ledger.who(country=mentions[0].country)
    scored = [(sum(w in r.role.lower() for w in words), r) for r in people]
    best = max((score for score, _r in scored), default=0)
    return [r for score, r in scored if score == best and score > 0]


def _person_line(record: PersonRecord, cites: _Cites) -> str:
    mark = cites.mark(record.evidence_passage_id, record.evidence)
    if not mark:
        return ""
    where = record.affiliation or record.country
    text = f"{record.name}: {record.role or 'named in the coverage'}"
    if where:
        text += f" ({where})"
    text += f" {mark}"
    described = [
        f"{role} {cites.mark(pid, evidence)}".strip()
        for role, pid, _pub, evidence in record.roles[1:3]
    ]
    if described:
        text += "; also described as " + ", ".join(described)
    return text + "."


# --------------------------------------------------------------------------------------
# Positions

_WANT = re.compile(
    r"^what\s+(?:does|do|did)\s+(?P<actor>.+?)\s+(?:want|seek|demand|ask for|hope for|"
    r"push for|propose|offer|insist on)\b(?P<rest>.*)$",
    re.I,
)
_STANCE = re.compile(
    r"^what\s+(?:is|are|was|were)\s+(?:the\s+)?(?P<actor>.+?)(?:['’]s?)?\s+(?:position|stance|"
    r"view|views|demands?|priorities|goals?|positions)\b(?P<rest>.*)$"
    r"|^(?:where|how)\s+does\s+(?P<actor2>.+?)\s+stand\b(?P<rest2>.*)$",
    re.I,
)


def _position_question(q: str, ledger: FactLedger, cites: _Cites) -> LedgerAnswer | None:
    m = _WANT.match(q) or _STANCE.match(q)
    if m is None:
        return None
    groups = m.groupdict()
    actor_text = (groups.get("actor") or groups.get("actor2") or "").strip()
    rest = groups.get("rest") or groups.get("rest2") or ""
    actor = country_of(actor_text) or _person_name(actor_text, ledger)
    if not actor:
        return None
    topic = _topic_of(rest)
    rows = ledger.positions(topic, actor=actor)
    rows = [p for p in rows if cites.available(p.passage_id)]
    if not rows:
        return None
    lines = [_position_line(ps, cites) for ps in _grouped(rows)[:MAX_POSITIONS]]
    head = f"Stated positions of {actor}" + (f" on {topic}" if topic else "") + ":"
    return LedgerAnswer(
        "position", "\n".join([head, *lines]), tuple(cites.ids), tuple(cites.citations)
    )


def _person_name(text: str, ledger: FactLedger) -> str:
    found = ledger.who(re.sub(r"^(?:the\s+)", "", text, flags=re.I))
    return found[0].name if len(found) == 1 else ""


def _topic_of(rest: str) -> Topic | None:
    rest = rest.strip(" ?.")
    if not rest:
        return None
    for topic, pattern in TOPIC_PATTERNS:
        if pattern.search(rest):
            return topic  # type: ignore[return-value]
    return None


def _grouped(rows: Sequence[Position]) -> list[list[Position]]:
    """One entry per stance; a stance filed under two topics is shown once."""
    groups: dict[tuple[str, str, str], list[Position]] = {}
    for p in rows:
        groups.setdefault((p.actor, p.stance, p.passage_id), []).append(p)
    return list(groups.values())


def _position_line(ps: list[Position], cites: _Cites) -> str:
    p = ps[0]
    mark = cites.mark(p.passage_id, p.evidence)
    speaker = p.actor if p.actor == p.side or not p.side else f"{p.actor} ({p.side})"
    topics = ", ".join(dict.fromkeys(x.topic for x in ps))
    return f"- {topics}: {speaker} {p.stance} ({p.date}) {mark}"
