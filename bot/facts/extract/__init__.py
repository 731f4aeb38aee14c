"""Deterministic extraction of tariff measures, participants and positions (the writer side).

Patterns work sentence by sentence with a little document context (which countries the
article is about, who has been introduced with a title), so that "A 10% universal tariff
remains in place" in an article about Japan and the U.S. still gets its imposer.  A
percentage only becomes a measure when grammar ties it to a tariff noun or to a verb of
level or change: growth figures, polls, shares and market moves are never read as tariffs.
No names from any article are built in.  One module per extractor: ``people``,
``measures`` (with ``rates``, ``roles``, ``coref`` for payers named by a pronoun or a
description, and ``status``), ``tables``, ``exemptions``, ``positions``, ``validation``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.facts.extract.context import DocContext, Sentence, sentences_of
from bot.facts.extract.measures import doc_measures
from bot.facts.extract.people import doc_participants, fill_affiliation, titled_people
from bot.facts.extract.positions import doc_positions
from bot.facts.extract.rates import STRONG_RE
from bot.facts.extract.validation import iter_facts, validate_against_passage
from bot.facts.lexicon import find_countries
from bot.facts.models import FactSet, Participant, Position, TariffMeasure
from bot.facts.text import normalise_name
from bot.models import Passage

__all__ = ["extract_facts", "iter_facts", "validate_against_passage"]


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
        sentences = sentences_of(doc_passages)
        ctx = _context(doc_id, doc_passages, sentences)
        measures.extend(doc_measures(sentences, ctx))
        positions.extend(doc_positions(sentences, ctx))
        participants.extend(doc_participants(doc_passages, ctx))
    return FactSet(tuple(measures), tuple(participants), tuple(positions))


def _context(doc_id: str, passages: list[Passage], sentences: list[Sentence]) -> DocContext:
    counts: Counter[str] = Counter()
    title = passages[0].title if passages else ""
    for mention in find_countries(title):
        counts[mention.country] += 2
    for p in passages:
        for mention in find_countries(p.text):
            counts[mention.country] += 1
    published = next((p.published for p in passages if p.published), "")
    ctx = DocContext(doc_id, published, counts)
    ctx.tariff_context = bool(STRONG_RE.search(title)) or any(
        STRONG_RE.search(p.text) for p in passages
    )
    for s in sentences:
        for person in titled_people(s.text):
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
        # surname last ("Trump"), or first as in Chinese names ("Vice Premier Ma" = Ma Lianhua)
        fuller = [k for k in ctx.people if " " in k and key in (k.split()[-1], k.split()[0])]
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
        fill_affiliation(person)
    return ctx
