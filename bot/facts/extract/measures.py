"""Tariff measures of one article: rates, roles, products, status, carried context."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.facts.extract.context import DocContext, PersonDraft, Sentence
from bot.facts.extract.coref import (
    DESCRIPTION_RE,
    described_country,
    group_payers,
    in_compound,
)
from bot.facts.extract.exemptions import exemption, exemption_measures
from bot.facts.extract.goods import named_goods, stated_goods
from bot.facts.extract.rates import (
    WEAK_NOUN,
    Rate,
    clause_of,
    clause_spans,
    is_goods_word,
    tariff_rates,
)
from bot.facts.extract.roles import Carry, antecedent_country, np_after, roles, subject_country
from bot.facts.extract.status import (
    KIND_PATTERNS,
    end_date,
    hs_code,
    legal_basis,
    measure_kind,
    measure_status,
    pause_of,
    stated_dates,
    stated_kind,
)
from bot.facts.extract.tables import table_measures, table_row
from bot.facts.lexicon import country_of, find_countries, find_products
from bot.facts.models import TariffMeasure


def doc_measures(sentences: list[Sentence], ctx: DocContext) -> list[TariffMeasure]:
    out: list[TariffMeasure] = []
    carry = Carry()
    speaker: tuple[str, str] = ("", "")
    """(passage id, country) of the current transcript turn's speaker."""
    for s in sentences:
        turn = _TURN_RE.match(s.text)
        if turn:
            person = ctx.resolve(turn.group("name").split()[-1].title())
            speaker = (s.passage.passage_id, person.country if person else "")
        elif speaker[0] != s.passage.passage_id and s.passage.passage_id:
            speaker = ("", "")
        rows = [r for line in s.text.splitlines() if (r := table_row(line)) is not None]
        if rows:
            found = table_measures(rows, s, ctx, carry)
            out.extend(found)
            if found:  # a table of rows none of which is a measure carries nothing over
                carry = Carry(found[-1].imposer, found[-1].target, s.index)
            continue
        rates = tariff_rates(s.text, ctx.tariff_context)
        if not rates:
            asked = _asked_about(s.text)
            if asked:  # "Q: What is Peru paying?" sets the payer of the answer
                carry = Carry("", asked, s.index)
            freed = exemption(s.text) if ctx.tariff_context else None
            if freed is not None:
                before = sentences[s.index - 1] if s.index else None
                out.extend(exemption_measures(freed, s, before, ctx, carry))
            continue
        mentions = [m for m in find_countries(s.text) if not in_compound(s.text, m)]
        told = s.passage.text[: max(0, s.passage.text.find(s.text))]  # the passage so far
        sentence_subject = subject_country(s.text, mentions)
        clauses = clause_spans(s.text)
        published = s.passage.published or ctx.published
        for i, rate in enumerate(rates):
            seg = (
                _segment_start(s.text, clauses, rates, i),
                rates[i + 1].start if i + 1 < len(rates) else len(s.text),
            )
            c_a, c_b = clauses[clause_of(clauses, rate.start)]
            in_clause = [m for m in mentions if c_a <= m.start < c_b]
            subject = subject_country(s.text, in_clause) if in_clause else sentence_subject
            imposer, targets, all_origins = roles(s.text, seg, rate, mentions, subject)
            levies = imposer and any(m.imposer == imposer for m in out)  # it levies elsewhere
            if (
                not targets
                and not levies
                and _possessor_pays(s.text, rate, max(c_a, seg[0]), imposer, ctx)
            ):
                # "Switzerland's 39% tariff" in a story of US tariffs: the one Switzerland pays
                imposer, targets = "United States", [imposer]
            if not targets:
                referred = _referred_payers(s, rate, (c_a, min(c_b, seg[1])), imposer, told)
                if referred is None:
                    continue  # "on its two neighbours" with no pair named before: who is unclear
                targets = referred
            person = _person_subject(s.text[c_a : rate.start], ctx, ctx_verbs=True)
            if not imposer and person is not None:
                # "The president raised the levy on ...": the person's government imposes it.
                imposer = person.country or ctx.guess_imposer(targets[0] if targets else "")
            window = max(c_a, rate.start - 120)
            actor = _PRONOUN_ACTOR_RE.search(s.text[window : rate.start])
            if not imposer and actor:
                # "The bloc, whose goods pay 15%, warned it could revive a 25% levy"
                imposer = antecedent_country(s.text, window + actor.start(), mentions)
            if not imposer and speaker[1] and _FIRST_PERSON_RE.search(s.text[c_a : rate.start]):
                imposer = speaker[1]  # a transcript turn: "we will cut our tariff to 10%"
            local = s.text[c_a:c_b]
            idx = clause_of(clauses, rate.start)
            # "Section 201, which permits duties of up to 30%": the law is the antecedent
            b_a = clauses[idx - 1][0] if idx and re.match(r"\s*which\b", local) else c_a
            basis = legal_basis(s.text[b_a:c_b], rate.start - b_a)
            products = _products(s.text, seg, rate, c_a)
            if (
                products == ["all goods"]
                and i
                and (
                    rate.noun_start == rate.noun_end
                    or re.fullmatch(WEAK_NOUN, s.text[rate.noun_start : rate.noun_end], re.I)
                )
                and not np_after(s.text, rate.noun_end)
            ):
                # "keeping a 25% rate": the rate of the product just named.
                products = sorted({m.product for m in out if m.evidence == s.text}) or products
            if products == ["all goods"] and _bare_level(s.text, rate):
                # "keeping Peru at 15%" in a story of copper duties: the copper rate
                products = _topic_goods(s, sentences, out, targets) or products
            own_part = s.text[max(c_a, seg[0]) : min(c_b, seg[1])]
            kind_text = own_part + " " + s.text[rate.start : rate.noun_end]
            stated = stated_kind(kind_text)
            universal = any(
                p.search(kind_text) for k, p in KIND_PATTERNS if k in {"universal", "baseline"}
            )
            recent = s.index - carry.sentence_index <= 1
            target = targets[0] if targets else ""
            if not target and (universal or all_origins or basis in _GLOBAL_BASES):
                target, targets = "all", ["all"]  # Sections 232, 122 and 201: every origin
            lead_in = s.text[max(c_a, seg[0], rate.start - 40) : rate.start]
            fresh = _FRESH_RE.search(lead_in) is not None
            if not imposer:
                # the sentence before acts for the same side only if it spoke of the same payer
                same_payer = not target or target == carry.target
                usable = recent and carry.imposer and carry.imposer != target and same_payer
                imposer = carry.imposer if usable else ctx.guess_imposer(target)
            if not target:
                if _COUNTER_RE.search(kind_text) and imposer:
                    # "Chile's own 25% counter-tariffs": aimed at the side it answers
                    target = ctx.guess_imposer(imposer) if imposer != "United States" else ""
                    if not target:
                        continue
                elif (parties := _agreement_parties(local, imposer)) is not None:
                    if not parties:
                        continue  # an agreement between others: who charges whom is unclear
                    target = parties[0]  # "duty-free under the Chile-Peru Agreement"
                    targets = parties
                elif fresh:
                    continue  # "A new 50% levy on copper": a new measure, its payer unnamed
                elif subject and subject != imposer:
                    if _SUBJECT_ACTS_RE.search(s.text[c_a : rate.start]):
                        continue  # "Canada would cap imports and charge a 25% surtax": its own?
                    target = subject  # "Indonesia agrees 19% tariff": the clause's own country
                elif recent and carry.target and carry.target != imposer:
                    target = carry.target
                else:
                    target = ctx.guess_target(imposer, sectoral="all goods" not in products)
                    if not target:
                        continue  # several countries compete for it here: who pays is unclear
                targets = targets if target in targets else [target]
            status, status_text = measure_status(s.text, clauses, rate, seg)
            dated = _DATED_RE.match(s.text, rate.noun_end)
            if dated and published and int(dated.group(1)) < int(published[:4]):
                status, status_text = "superseded", ""  # "the 10% surcharge of 1931"
            elif rate.previous and status != "threatened":
                status, status_text = "superseded", ""
            elif rate.level and status in {"raised", "lowered", "removed", "agreed"}:
                status = "in force"  # "X stays at 25%" while something else was raised
            elif rate.level and status == "announced" and _CONTINUING_RE.search(local):
                status = "in force"  # "will continue paying 12%", "will stay at 12%"
            paused_until, pause_period = (
                pause_of(status_text, published) if status == "paused" else ("", "")
            )
            effective, announced = stated_dates(local, published)
            if status == "in force" and effective and published and effective > published:
                status = "announced"  # takes effect after the article's date
            targets = [ctx.as_bloc(t, imposer) for t in targets]
            pairs = [(imposer, t) for t in targets if t != imposer]  # a country never pays itself
            if rate.both_ways and imposer and targets[:1] not in ([], ["all"], [imposer]):
                pairs.append((targets[0], imposer))  # "duty-free both ways"
            for product, (who, whom) in [(p, pair) for p in products for pair in pairs]:
                out.append(
                    TariffMeasure(
                        imposer=who,
                        target=whom,
                        product=product,
                        rate_percent=rate.value,
                        kind=measure_kind(stated, product, who, whom),
                        status=status,
                        effective_date=effective,
                        paused_until=paused_until,
                        announced_date=announced,
                        published=published,
                        passage_id=s.passage.passage_id,
                        doc_id=s.passage.doc_id,
                        evidence=s.text,
                        pause_period=pause_period,
                        legal_basis=basis,
                        end_date=paused_until or end_date(local, published),
                        hs_code=hs_code(own_part),
                        quote=local.strip(),
                    )
                )
            last = targets[-1]
            if last != "all":  # a rate on every origin names no payer for what follows
                carry = Carry(imposer, last, s.index)
    return with_stacks(out)


def _possessor_pays(text: str, rate: Rate, start: int, imposer: str, ctx: DocContext) -> bool:
    """Is "X's N% tariff" (read as X imposing it) the tariff X pays?  So in an article about
    US tariffs, unless the words make it X's own ("own", "counter-", "retaliatory"); the
    caller also keeps it X's when X has levied a rate earlier in the article."""
    window = max(start, rate.start - 80)
    owner = _POSSESSOR_RE.search(text[window : rate.start])
    return bool(
        owner
        and imposer == country_of(owner.group("owner"))
        and imposer != "United States"
        and "United States" in ctx.countries
        and not _OWN_MEASURE_RE.search(text[window + owner.start() : rate.noun_end])
    )


def _referred_payers(
    s: Sentence, rate: Rate, clause: tuple[int, int], imposer: str, told: str
) -> list[str] | None:
    """Payers named by reference in the rate's clause: a numbered group ("imposed on its two
    neighbours", "from either country") or a description ("the bloc will pay 15%"); [] when
    there is none, None when there is one that cannot be resolved (the rate is left out)."""
    group = group_payers(s.text[rate.end : clause[1]], told, s.passage.title, {imposer} - {""})
    if group is not None:
        return group or None
    described = DESCRIPTION_RE.search(s.text, clause[0], clause[1])
    pronoun = _PRONOUN_GOODS_RE.match(s.text, clause[0])
    if described is None and pronoun is None:
        return []
    noun = described.group("noun") if described else "it"  # "Its exporters pay 50%"
    payer = described_country(noun, told + s.text[: clause[0]], s.passage.title)
    return [payer] if payer and payer != imposer else []


_PRONOUN_GOODS_RE = re.compile(
    r"\s*(?:its|their)\s+(?:[\w-]+\s+)?(?:goods|exports|products|shipments|exporters|producers|"
    r"makers)\b",
    re.I,
)
"""A clause whose subject is a pronoun's goods: "Its exporters already pay 50%"."""
_ACTING_VERB_RE = re.compile(
    r"\b(?:impos\w*|levie[sd]|levy\w*|slap\w*|rais\w*|lift\w*|hik\w*|increas\w*|doubl\w*|"
    r"lower\w*|cut\w*|reduc\w*|slash\w*|halv\w*|set|sets|announc\w*|threaten\w*|extend\w*|"
    r"sign\w*|order\w*|add\w*|paus\w*|suspend\w*|leav\w*|left|kept|keep\w*|maintain\w*)\b",
    re.I,
)


_SUBJECT_ACTS_RE = re.compile(
    r"\b(?:impos\w*|levie[sd]|levy\w*|slap\w*|charg\w*|cap|caps|capp\w*|retaliat\w*|"
    r"rais\w*|hik\w*|set|sets|introduc\w*|hit\w* back|match\w*|respond\w*|answer\w*)\b",
    re.I,
)
"""A verb by which the clause's country may levy the rate itself rather than pay it."""
_POSSESSOR_RE = re.compile(
    r"\b(?P<owner>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+(?:[\w-]+\s+){0,2}$"
)
_OWN_MEASURE_RE = re.compile(r"\b(?:own|counter|retaliat\w*|reciprocal\s+response)", re.I)
"""Words that make a possessor's tariff one it levies ("Canada's own 25% counter-tariffs")."""
_COUNTER_RE = re.compile(r"\b(?:counter|retaliat)", re.I)
_DATED_RE = re.compile(r"\s+of\s+((?:1[89]|20)\d\d)\b")
"""A tariff named by its year ("the surcharge of 1971"): a measure of the past."""
_FRESH_RE = re.compile(r"\b(?:an?\s+)?(?:new|fresh|separate)\s+$", re.I)
"""A rate introduced as a new measure: it does not inherit the payer of the sentence before."""
_PRONOUN_ACTOR_RE = re.compile(
    r"\b(?:it|they)\s+(?:(?:would|will|could|can|may|might|has|have|had|also|then|now|"
    r"plans?\s+to|intends?\s+to|threatened\s+to)\s+){0,3}"
    r"(?:impos\w*|levy|levie[sd]|slap\w*|rais\w*|hik\w*|lower\w*|cut\w*|reduc\w*|set|sets|"
    r"announc\w*|revive[sd]?|reviving|reinstat\w*|restor\w*|introduc\w*|appl(?:y|ies|ied))\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.I,
)
"""A pronoun that acts on the rate: "... warned it could revive a 25% counter-tariff"."""
_TURN_RE = re.compile(r"^(?P<name>(?:[A-Z][A-Z.'-]+\s+){0,3}[A-Z][A-Z'-]{2,}):\s")
"""A transcript turn: "SECRETARY SMITH: ..." (the speaker's surname last)."""
_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|us)\b", re.I)
_GLOBAL_BASES = frozenset({"Section 232", "Section 122", "Section 201"})
"""Laws whose tariffs apply to imports from every origin unless a country is named."""
_CONTINUING_RE = re.compile(
    r"\b(?:stay\w*|remain\w*|kept|keep\w*|held|hold\w*|go(?:es)? on|went on|continu\w*)\b",
    re.I,
)


def with_stacks(measures: list[TariffMeasure]) -> list[TariffMeasure]:
    """Say how a combined rate is built when its own passage states the parts: a row at 50%
    beside rows at 25% and 25% for the same imposer and target gets "25% reciprocal + 25%
    penalty = 50%".  Only within one passage: parts from elsewhere may be other measures."""
    out: list[TariffMeasure] = []
    for m in measures:
        parts = [
            p
            for p in measures
            if p is not m
            and p.passage_id == m.passage_id
            and (p.imposer, p.target) == (m.imposer, m.target)
            and p.status not in {"superseded", "threatened"}
            and p.rate_percent
            and p.rate_percent != m.rate_percent
        ]
        stack = ""
        if m.rate_percent and m.status not in {"superseded", "threatened"}:
            for i, a in enumerate(parts):
                b = next(
                    (
                        b
                        for b in parts[i + 1 :]
                        if (a.rate_percent or 0) + (b.rate_percent or 0) == m.rate_percent
                    ),
                    None,
                )
                if b is not None:
                    stack = (
                        f"{a.rate_percent:g}% {a.kind} + {b.rate_percent:g}% {b.kind}"
                        f" = {m.rate_percent:g}%"
                    )
                    break
        out.append(replace(m, stack=stack) if stack else m)
    return out


def _person_subject(text: str, ctx: DocContext, ctx_verbs: bool = True) -> PersonDraft | None:
    """The introduced person who acts on the rate in a clause ("President X raised ..."):
    the last one named before an imposing or changing verb."""
    found: PersonDraft | None = None
    for m in re.finditer(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*", text):
        words = m.group(0).split()
        for k in range(len(words)):
            person = ctx.resolve(re.sub(r"[’']s$", "", " ".join(words[k:])))
            if person is not None:
                acts = not ctx_verbs or _ACTING_VERB_RE.search(text[m.end() :])
                found = person if acts and not m.group(0).endswith(("’s", "'s")) else None
                break
    return found


def _bare_level(sentence: str, rate: Rate) -> bool:
    """A rate stated for a payer alone ("keeping Peru at 15%", "the Peruvian rate could
    rise to 20%"): no goods, no "on ..." phrase and no general kind of tariff named."""
    noun = sentence[rate.noun_start : rate.noun_end]
    if rate.noun_start != rate.noun_end and not re.fullmatch(WEAK_NOUN, noun, re.I):
        return False
    if np_after(sentence, rate.noun_end) or any(
        is_goods_word(w) for w in re.findall(r"[\w-]+", sentence)
    ):
        return False
    return not any(p.search(sentence) for _k, p in KIND_PATTERNS)


def _topic_goods(
    s: Sentence, sentences: list[Sentence], out: list[TariffMeasure], payers: list[str]
) -> list[str]:
    """The goods the story is about: those its title names (when the title names the payer,
    or no country at all), else those every row of the sentence before was for."""
    title = s.passage.title
    in_title = {m.country for m in find_countries(title)}
    titled = [p for p, _a, _b in find_products(title)]
    if titled and (not in_title or in_title & set(payers)):
        return titled
    if not s.index:
        return []
    before = sentences[s.index - 1].text
    named = {m.product for m in out if m.evidence == before}
    return sorted(named) if named and "all goods" not in named else []


def _segment_start(sentence: str, clauses: list[tuple[int, int]], rates: list[Rate], i: int) -> int:
    """Where the context of rate ``i`` starts: after the previous rate, and not before its
    own clause (or the clause a "which" clause hangs on) when the previous rate lies
    in an earlier clause."""
    if i == 0:
        return 0
    idx = clause_of(clauses, rates[i].start)
    if clause_of(clauses, rates[i - 1].start) == idx:
        return max(rates[i - 1].end, rates[i - 1].noun_end)
    start = clauses[idx][0]
    if idx > 0 and re.match(r"[\s,]*which\b", sentence[start : clauses[idx][1]]):
        start = clauses[idx - 1][0]
    return max(start, rates[i - 1].end, rates[i - 1].noun_end)


def _products(sentence: str, seg: tuple[int, int], rate: Rate, clause_start: int) -> list[str]:
    """Products the rate applies to; "all goods" when none is named (goods the lexicon does
    not know are kept as the sentence names them)."""
    inner = sentence[rate.end : rate.noun_start] if rate.noun_start > rate.end else ""
    found = [p for p, _a, _b in find_products(inner)]
    if not found:
        np_span = np_after(sentence, rate.noun_end) or np_after(sentence, rate.end)
        if np_span:
            np_text = sentence[np_span[0] : np_span[1]]
            found = [p for p, _a, _b in find_products(np_text)]
            if found and re.search(r"\bother (goods|products|imports|exports)\b", np_text):
                found.append("all goods")
            if not found:
                incl = re.match(
                    r",?\s+(?:including|such as|notably|especially|among them)\s+([^;.]+)",
                    sentence[np_span[1] :],
                )
                named = [p for p, _a, _b in find_products(incl.group(1))] if incl else []
                if named and _SUBSET_RE.search(np_text):
                    return named  # "a list of products, among them X and Y": only those
                goods = named_goods(np_text)
                return [goods] if goods and not named else ["all goods", *named]
    if not found:
        lead = sentence[seg[0] : min(rate.start, rate.noun_start)]
        found = [p for p, _a, _b in find_products(lead)]
    if not found and (goods := stated_goods(sentence, max(clause_start, seg[0]), rate)):
        found = [goods]
    return found or ["all goods"]


_SUBSET_RE = re.compile(
    r"\b(?:(?:list|range|number|set|basket|handful|series|group) of|certain|some|selected|"
    r"several|various|specific)\b",
    re.I,
)
"""A noun phrase that names part of the goods, so the examples after it are the whole scope."""


_AGREEMENT_RE = re.compile(
    r"\bunder\s+the\s+(?P<name>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*(?:-[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)+)"
    r"\s+(?:(?:Free\s+)?Trade\s+)?(?:Agreement|Pact|Accord|Deal)\b"
)


def _agreement_parties(clause: str, imposer: str) -> list[str] | None:
    """The other parties of an agreement named by its members that the clause's rate is
    stated under ("duty-free treatment under the Chile-Peru Trade Agreement"): None when
    there is no such agreement, [] when the imposer is not one of them."""
    m = _AGREEMENT_RE.search(clause)
    if m is None:
        return None
    parties = list(dict.fromkeys(c.country for c in find_countries(m.group("name"))))
    return [p for p in parties if p != imposer] if imposer in parties else []


def _asked_about(sentence: str) -> str:
    """The one country a question names ("What is Peru paying now?"), or ""."""
    if not sentence.rstrip().endswith("?"):
        return ""
    named = {m.country for m in find_countries(sentence) if not in_compound(sentence, m)}
    return named.pop() if len(named) == 1 else ""
