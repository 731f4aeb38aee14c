"""Positions: what an actor wants, offers, refuses or criticises, by topic."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.facts.extract.context import DocContext, Sentence
from bot.facts.extract.people import role_head
from bot.facts.extract.roles import PREPOSITIONS, prev_word
from bot.facts.lexicon import (
    COMMENTATOR_HEADS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TOPIC_PATTERNS,
    find_countries,
)
from bot.facts.models import (
    Position,
    Topic,
)
from bot.facts.text import (
    PERCENT_RE,
)

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


def _entities(sentence: str, ctx: DocContext) -> list[_Entity]:
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
                head = role_head(person.role)
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
        if prev_word(sentence, mention.start) in PREPOSITIONS:
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


def doc_positions(sentences: list[Sentence], ctx: DocContext) -> list[Position]:
    out: list[Position] = []
    for s in sentences:
        out.extend(_sentence_positions(s, ctx))
    return out


def _sentence_positions(s: Sentence, ctx: DocContext) -> list[Position]:
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
