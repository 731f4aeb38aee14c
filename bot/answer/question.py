"""What a question asks for, read from its structure rather than from lists of topics.

The wh-word and the head noun of the wh-phrase give the expected answer type ("which
lawyer" → a person, "what rate" → a rate, "why" → a reason); everything outside the
wh-phrase is a constraint the evidence must meet (names, figures, the nouns the question is
about). Words inside the wh-phrase describe the unknown answer, so they may be the asker's
own wording ("which stone fruit"); a constraint the articles never use cannot be met.

A wh-question presupposes its clause ("why did X raise Y" assumes X raised Y): when no
evidence states the premise the question is refused rather than answered as asked. A yes/no
question asks *whether* the clause holds, so evidence that contradicts it is the answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from bot.answer.terms import NOT_NAMES, STOPWORDS
from bot.text import words

AnswerType = Literal[
    "person",
    "place",
    "law",
    "name",
    "span",
    "role",
    "rate",
    "amount",
    "money",
    "date",
    "reason",
    "list",
    "yesno",
    "comparison",
    "thing",
]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_AUX = _word_set(
    "is are was were do does did has have had can could will would should may might must shall"
)
WH_WORDS = frozenset(["what", "which", "who", "whom", "whose", "when", "where", "why", "how"])
_PREPOSITIONS = _word_set(
    "of in on at by for with from to into under over after before between about as "
    "per via during since until against among"
)
_DETERMINERS = _word_set("a an the this that these those its their his her our your no")
_REASON = re.compile(
    r"\b(why|reasons?|justif\w*|rationale|motive\w*|cause[ds]?|caused|grounds|explanation|"
    r"trigger\w*|prompt(ed|s)|led to|lead to|(is|are|was|were|lies|lay|lie)\s+behind)\b",
    re.I,
)
_ROLE_NOUN = re.compile(
    r"\b(job|jobs|role|roles|title|titles|position|positions|post|office|portfolio|"
    r"occupation|profession)\b",
    re.I,
)
_PERSON_NOUN = re.compile(
    r"^(person|people|official|officials|man|woman|minister|leader|politician|lawyer|judge|"
    r"spokes\w+|\w+(er|or|ist|ian|ant|ent)s?)$",
    re.I,
)
_PLACE_NOUN = re.compile(
    r"^(country|nation|partner|economy|jurisdiction|territory|government|member)$", re.I
)
"""The head of "which trading partner …": the answer is a country or its government."""
_LAW_NOUN = re.compile(
    r"^(statutes?|laws?|acts?|legislation|provisions?|sections?|authority|powers?|basis)$", re.I
)
"""The head of "which statute …" or "under what legal authority …": the answer names a law."""
_RATE_NOUN = re.compile(
    r"^(rates?|tariffs?|dut(y|ies)|lev(y|ies)|surcharges?|tax(es)?|royalt(y|ies)|percent(age)?s?|"
    r"shares?|cuts?|portions?|proportions?)$",
    re.I,
)
_LEVY_NOUN = re.compile(r"^(rate|tariff|duty|levy|surcharge|royalty)$", re.I)
"""What "how much duty" asks the rate of ("how much tax" is as often a sum of money)."""
_AMOUNT = re.compile(
    r"\bhow\s+(much|many|large|big|far|high|steep|long|low|fast|quickly|sharply|steeply|"
    r"badly|hard|heavily|severely|deep|deeply)\b|\bup to what\b",
    re.I,
)
"""A figure: "how many", "how big", and how far something moved ("how fast did exports grow",
"how hard were the plants running": a growth rate, a fall, a utilisation rate)."""
_MONEY = re.compile(
    r"\b(money|invest(s|ed|ing|ments?)?|spend(s|ing)?|spent|pledg(e|es|ed|ing)|"
    r"fund(s|ed|ing)?|lend(s|ing)?|lent|borrow(s|ed|ing)?|purchas(e|es|ed|ing)|"
    r"buy(s|ing)?|bought|worth)\b",
    re.I,
)
"""A "how much" that asks for money rather than a share or a quantity of goods: the verbs of
spending, not nouns that merely start alike ("investigation", "buyer", "fundamental")."""
_DATE = re.compile(
    r"\bwhen\b|\b(what|which)\s+((is|was|are|were)\s+the\s+)?"
    r"(date|day|month|year|time|deadline)\b|\bfrom when\b|\bsince when\b",
    re.I,
)
_COMPARISON = re.compile(
    r"\b(compare[ds]?|comparison|differ\w*|versus|vs\.?|change[ds]?\s+between|"
    r"(reports|sources|articles|outlets|accounts|stories|they)\s+(all\s+)?agree|"
    r"how did\b[^?]*\bchange)\b",
    re.I,
)
_CURRENT = re.compile(
    r"\b(current(ly)?|latest|now|today|most recent|still|at present|these days|nowadays|"
    r"at the moment|as things stand|any ?more|presently)\b",
    re.I,
)
_SPAN_NOUNS = frozenset(["period", "timeframe", "span", "duration", "horizon", "length"])
_KIND_NOUNS = frozenset(
    ["kinds", "types", "sorts", "forms", "categories", "names", "items", "classes", "groups"]
)
_NAME = re.compile(
    r"\b(?:[A-Z][\w'’.-]*[A-Za-z0-9]|[A-Z]{2,})(?:(?:\s+(?:of\s+|de\s+|da\s+)?|\s+d['’])"
    r"(?:[A-Z][\w'’.-]*[A-Za-z0-9]|[A-Z]{2,}))*"
)
_FIGURE = re.compile(r"\b\d[\d,.]*(?:\s?(?:%|percent|per cent))?")
_PERCENT_THEN_WORD = re.compile(
    r"\b(\d[\d.,]*)\s?(?:%|percent|per cent)\s+(?:[A-Z][\w-]*\s+)*([a-z][a-z-]+)"
)
_SUBORDINATE = re.compile(
    r"^(when|after|once|if|as|while)\b[^,?]{3,120},\s*(?=(what|which|who|how|when|why)\b)", re.I
)
"""A leading subordinate clause ("When X happened, which Y …"): the question is the rest."""
_CLAUSE_SPLIT = re.compile(
    r",\s*(?:and|or)\s+|\s+and\s+(?=(?:what|which|who|how|when|why|over what|from when|in what)\b)",
    re.I,
)
_SOURCE_REFERENCE = re.compile(
    r"^(according to|per|in|as reported in|as stated in)\s+(the\s+)?[^,?]{0,60}\b(table|transcript|"
    r"session|briefing|report|reports|article|coverage|blog|statement|interview|conference|"
    r"document|release|page|story|piece|account|minutes|filing)\b[^,?]{0,30},\s*(?=\w)",
    re.I,
)
"""A leading "According to the rate table for X," / "In the Q&A session,": where to look."""
_SOURCES_AGREE = re.compile(
    r"^(do|does|did|are|were)\s+(the\s+)?(\w+\s+)?(reports?|articles?|sources?|outlets?|"
    r"accounts?|stories|papers|publications|coverage)\s+(all\s+)?(agree|differ|disagree|concur|"
    r"conflict|match|tally)\s+(on|about|over|as to|in|with each other on)?\s*",
    re.I,
)
"""A question about the sources themselves: whether what they state is the same."""
_ZERO_ASKED = re.compile(
    r"\bno\s+(?:[\w-]+\s+){0,2}?(?:tariffs?|dut(?:y|ies)|lev(?:y|ies)|"
    r"surcharges?|taxe?s?)\b|\b(?:duty|tariff|tax)[- ]free\b|\bexempt(?:ed)?\b|"
    r"\b(?:escaped?|escapes|spared|excluded|let off|carved out)\b",
    re.I,
)
_ZERO_WORD = re.compile(
    r"^(additional|extra|further|us|tariffs?|dut(y|ies)|lev(y|ies)|surcharges?|tax)"
)
_SAID_BY = re.compile(
    r"\b(?:did|does|do|has|have|had|will|would)\s+((?:[A-Z][\w'’.-]*\s+){0,2}[A-Z][\w'’-]+)\s+"
    r"(?:say|tell|explain|describe|argue|claim|characteri[sz]e|answer|reply|respond|"
    r"justify|defend|break)\b"
)
"""The speaker of "how did Vos say …" / "what did Minister Vos tell reporters …"."""
_WHO_IS_NAME = re.compile(
    r"\s*(?i:who)\s+(?i:is|was)\s+(?:[A-Z][\w'’.-]*\s*){1,4}"
    r"(?:(?:in all this|exactly|again|here|in this story|in this)\s*)?\??\s*$"
)
"""A question about who a named person is: the answer is their role."""
ORDINAL_ORDER = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"
)  # fmt: skip
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBERED_ASKED = re.compile(
    rf"\b({'|'.join(ORDINAL_ORDER)})\s+([a-z]+)\b|\b([a-z]+)\s+({'|'.join(NUMBER_WORDS)}|\d)\b",
    re.I,
)
_WHEN_AHEAD = re.compile(r"\W*when\s+(do|does|is|are|will|must|should)\b", re.I)
_COPULA_WH = re.compile(r"^(what|which)\s+(is|are|was|were)\s+(.*)$", re.I)


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    types: tuple[AnswerType, ...]
    """Expected answer types, the main one first ("…, and what is his title?" adds role)."""
    focus: tuple[str, ...]
    """Words of the wh-phrase: they describe the answer, so the articles may not use them."""
    head: str
    """Head noun of the wh-phrase ("lawyer" in "which lawyer presented …"), or ""."""
    names: tuple[str, ...]
    """Capitalised names the question mentions (people, places, bodies), first word excluded."""
    figures: tuple[str, ...]
    """Numbers the question states ("30%", "2024")."""
    constraint_nouns: tuple[str, ...]
    """The last word of each noun phrase outside the wh-phrase: what the question is about."""
    objects: tuple[str, ...]
    """Heads of the phrases after "on"/"to" (what a rate applies to): never paraphrased away."""
    object_names: tuple[str, ...]
    """Names inside those phrases ("on Zembian plums"): whose goods, not who taxes them."""
    relations: tuple[tuple[str, str, str], ...]
    """(word before, preposition, name) of each such name: "tariffs on American goods"."""
    attached: tuple[tuple[str, str], ...]
    """A figure and the word it qualifies ("12%", "quota"): a premise to find together."""
    presupposes: bool
    """A wh-question: its clause is taken for granted, so it must be supported."""
    current: bool
    """It asks for the present state (newest source wins)."""
    negated: tuple[str, ...] = ()
    """Words the question negates ("qualify" in "goods that don't qualify"): a sentence stating
    them without a negation speaks of the other goods."""
    subject: str = ""
    """A yes/no question's subject head noun ("pears" in "Do Zembian pears have to pay …?"):
    the thing the answer must speak of, not a neighbour of it."""
    zero: bool = False
    """It asks which goods pay nothing ("which item pays no tariff", "which goods are duty-free"):
    the answer states a zero rate, an exemption or a duty-free treatment."""
    said_by: str = ""
    """The person whose words are asked for ("how did Vos say …", "what did Vos tell …")."""
    counted: tuple[str, ...] = ()
    """What "how many tonnes of grain" counts ("grain"): the articles must name it itself."""
    defined: tuple[str, ...] = ()
    """What "what is the weather in …" asks about ("the", "weather"): the articles must use it."""
    superlative: bool = False
    """It asks which one is the most ("which relies most on …", "which has the highest …")."""
    numbered: tuple[tuple[str, int], ...] = ()
    """What the question numbers: "the second year" and "year two" are ("year", 2)."""
    ahead: bool = False
    """It asks "when" in the present or future ("when do firms have to comply"): a later
    report may have moved the date."""
    asked: str = ""
    """The question without a leading reference to its source ("According to the transcript,
    …"): what the answer must cover. The source words still help to find the passage."""

    @property
    def main(self) -> AnswerType:
        return self.types[0]


_WH_CONTRACTION = re.compile(
    r"\b(what|who|where|when|how|why|which)(?:['’](s|re)|(s)(?=\s))\b", re.I
)
""""What's the reason …" (or, typed quickly, "whats the reason …") reads as "What is the
reason …"."""


def analyse(question: str) -> Question:
    text = _WH_CONTRACTION.sub(
        lambda m: f"{m.group(1)} {'are' if (m.group(2) or '').lower() == 're' else 'is'}",
        " ".join(question.split()),
    )
    main = _SUBORDINATE.sub("", text)
    across = _SOURCES_AGREE.match(main)
    if across:  # "Do the reports agree on how big X was?" asks how big X was, in each source
        main = main[across.end() :]
    clauses = [c for c in _CLAUSE_SPLIT.split(main) if c]
    types: list[AnswerType] = []
    focus: list[str] = []
    head = ""
    for index, clause in enumerate(clauses):
        clause_type, clause_focus, clause_head = _clause_type(clause, first=index == 0)
        if clause_type not in types:
            types.append(clause_type)
        focus.extend(clause_focus)
        head = head or clause_head
    if across and "comparison" not in types:
        types.insert(1, "comparison")
    elif _COMPARISON.search(main if across else text) and "comparison" not in types:
        types.insert(1 if types and types[0] == "yesno" else 0, "comparison")
    # "According to the table, …" names no object; "Do the reports agree on …" no subject
    asked = main if across else _SOURCE_REFERENCE.sub("", text)
    zero = bool(_ZERO_ASKED.search(text)) and types[0] in ("thing", "list", "place")
    if "comparison" in types:  # "compare", "differ": what the answer does, not what it is about
        asked = " ".join(_COMPARISON.sub(" ", asked).split())
    spelled_here = _spelled_out_here(text)
    return Question(
        text=text,
        types=tuple(types) or ("thing",),
        focus=tuple(focus),
        head=head,
        names=tuple(n for n in _names(text) if n not in spelled_here),
        figures=tuple(m.group(0).strip() for m in _FIGURE.finditer(text)),
        constraint_nouns=tuple(_constraint_nouns(text, set(focus))),
        objects=tuple(_objects(asked)),
        object_names=tuple(
            name for match in _OBJECT.finditer(asked) for name in _names(f"x {match.group(1)}")
        ),
        attached=tuple(
            (m.group(1), m.group(2).lower())
            for m in _PERCENT_THEN_WORD.finditer(text)
            if m.group(2).lower() not in _PREPOSITIONS | _DETERMINERS
        ),
        presupposes=types[:1] != ["yesno"],
        asked=asked,
        relations=tuple(
            (before.group(1).lower(), match.group(0).split()[0].lower(), name)
            for match in _OBJECT.finditer(asked)
            if (before := re.search(r"([A-Za-z]+)\W*$", asked[: match.start()]))
            for name in _names(f"x {match.group(1)}")
        ),
        current=bool(_CURRENT.search(text)),
        subject=_subject(main) if types[:1] == ["yesno"] else "",
        negated=tuple(w for w in negated_words(text) if not (zero and _ZERO_WORD.match(w))),
        zero=zero,
        said_by=(said.group(1) if (said := _SAID_BY.search(text)) else ""),
        counted=_counted(text),
        defined=(
            _noun_phrase(focus)
            if types[:1] in ([], ["thing"]) and _WHAT_IS.match(text)
            else _requested(text)
        ),
        superlative=bool(_SUPERLATIVE_ASKED.search(text)),
        numbered=_numbered(text),
        ahead=bool(_WHEN_AHEAD.match(text)),
    )


def _numbered(question: str) -> tuple[tuple[str, int], ...]:
    out: dict[str, int] = {}
    for m in _NUMBERED_ASKED.finditer(question):
        if m.group(1):
            out[m.group(2).lower()] = ORDINAL_ORDER.index(m.group(1).lower()) + 1
        elif m.group(3).lower() not in STOPWORDS:
            n = m.group(4).lower()
            out[m.group(3).lower()] = int(n) if n.isdigit() else NUMBER_WORDS.index(n) + 1
    return tuple(out.items())


_HOW_MANY = re.compile(
    r"\bhow\s+(?:many|much)\s+((?:[\w'’-]+\s+){0,4}?)(?:did|do|does|is|are|was|were|has|have|"
    r"had|will|would|can|could|should|must)\b",
    re.I,
)
_MEASURES = frozenset(
    [
        "money", "cash", "funds", "funding", "capital", "time", "times", "extra", "additional",
        "more", "less", "further", "higher", "lower", "longer", "bigger", "larger", "else",
    ]
)  # fmt: skip
"""What "how much money", "how much extra" counts is a figure, not a thing to find."""
_WHAT_IS = re.compile(r"\s*what\s+(is|are|was|were)\b", re.I)


def _counted(question: str) -> tuple[str, ...]:
    """What "how many tonnes of soybeans did …" counts: the words after "how many/much" (a
    group of similar goods does not stand in for them)."""
    match = _HOW_MANY.search(question)
    if match is None or match.group(1).lower().startswith("of "):
        return ()  # "how much of the package": a share of something named elsewhere
    counted = [w for w in words(match.group(1)) if w not in STOPWORDS]
    if not counted or counted[-1] in _MEASURES or match.group(1).split()[-1][0].isupper():
        return ()  # "how much extra", "how much money": a figure; a name is checked as one
    phrase = words(match.group(1))
    if "of" not in phrase:  # "vehicles a year", "pork meat per month": the phrase before "a"
        cut = next((i for i, w in enumerate(phrase) if w in _DETERMINERS | {"per", "each"}), None)
        counted = [w for w in phrase[:cut] if w not in STOPWORDS] or counted
    if len(phrase) >= 3 and phrase[-2] in ("and", "or") and phrase[-3] in counted:
        return (phrase[-3], counted[-1])  # "firms and agencies": either head will do
    return tuple(counted[-1:])  # the head: "tonnes of grain" counts grain


_REQUEST_END = _PREPOSITIONS | _word_set("that which who whom whose where when to and or")


def _requested(question: str) -> tuple[str, ...]:
    """The head of what a request without a wh-word asks for ("got a good stew recipe that
    …?", "any tips for …?"): the articles must use it. A yes/no question has no such head."""
    tokens = words(question)
    if not tokens or tokens[0] in _AUX or WH_WORDS.intersection(tokens):
        return ()
    start = next((i for i, t in enumerate(tokens) if t in _DETERMINERS | {"any", "some"}), None)
    if start is None:
        return ()
    phrase: list[str] = []
    for token in tokens[start + 1 :]:
        if token in _REQUEST_END:
            break
        if token in _AUX:  # "after the new rules, can rice be sold …": a question, no request
            return ()
        phrase.append(token)
    return tuple(w for w in phrase[-1:] if not is_adverb(w))


def _noun_phrase(focus: Sequence[str]) -> tuple[str, ...]:
    """The words of a wh-phrase up to its first verb form ("the weather" of "what is the
    weather going to be")."""
    out: list[str] = []
    for word in focus:
        if word.endswith(("ing", "ed")) and len(word) > 4:
            break
        if word not in WH_WORDS and word not in _WHEN_FRAMING:
            out.append(word)
    return tuple(out)


_WHEN_FRAMING = _word_set(
    "latest recent newest current present most annual yearly monthly quarterly weekly"
)
"""Words that place what is asked in time ("the latest estimate", "the most recent annual
figure"): the asker's framing, which the articles need not use."""


_SUPERLATIVE_ASKED = re.compile(
    r"\b(which|who|what)\b[^?]*?\b(\w+s|\w+ed)\s+(the\s+)?(most|least)\b(?!\s+of\b)|"
    r"\b(which|who|what)\b[^?]*\b(highest|lowest|largest|biggest|smallest|greatest|steepest)\b",
    re.I,
)
"""A question that asks which one is the most: answered only by a sentence that says so
(a table row of one country's figure does not)."""


def is_negation(token: str) -> bool:
    return token in _NEGATIONS or token.endswith("n't")


_NEGATIONS = _word_set("not no never without")
_BE = _word_set("be been being get got")
_DO = _word_set("do does did")


def negated_words(text: str) -> list[str]:
    """Content words right after a negation ("don't qualify", "not be taxed" → "qualify",
    "taxed"): past auxiliaries and determiners, at most two words on."""
    tokens = words(text)
    out: list[str] = []
    for index, token in enumerate(tokens):
        if not is_negation(token):
            continue
        for after in tokens[index + 1 : index + 3]:
            if after in _AUX or after in _BE or after in _DETERMINERS:
                continue
            if after not in _PREPOSITIONS and not is_negation(after):
                out.append(after)
            break
    return out


def _subject(text: str) -> str:
    """The head noun of the phrase after a leading auxiliary: its last common word before a
    preposition, a determiner, an auxiliary or a participle ("Is the big Zembian plum levy in
    force?" → "levy"). After "do/does/did" that last word is the bare verb ("Did the levy
    rise to 5%?"), so the word before it is the head. Empty when the question does not open so."""
    tokens = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not tokens or tokens[0].lower() not in _AUX:
        return ""
    phrase: list[str] = []
    ended_by_verb = False
    for token in tokens[1:]:
        low = token.lower()
        if token[0].isupper() or (low in _DETERMINERS and not phrase):
            continue
        participle = "-" not in low and low.endswith(("ed", "ing"))
        if low in _AUX | _BE | _NEGATIONS or participle:
            ended_by_verb = True
            break
        if low in _PREPOSITIONS | _DETERMINERS | WH_WORDS:
            break
        phrase.append(re.split(r"['’]", low)[0])
    if phrase and not ended_by_verb and tokens[0].lower() in _DO and len(phrase) > 1:
        phrase.pop()  # the bare verb of "did the levy rise"
    return phrase[-1].split("-")[-1] if phrase else ""


_REQUEST = re.compile(
    r"^\W*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:(name|list|identify)|"
    r"(?:give|show|tell)\s+me)\s+(?:(?:some|any|all|a|an|the|few|several|examples?|of|\d+|"
    rf"{'|'.join(NUMBER_WORDS[1:])})\s+)*",
    re.I,
)
"""A request rather than a question ("Name some of the goods whose …", "Can you list the
tiers …", "Tell me who …"): it asks for what follows it."""
_RELATIVE = re.compile(r"\s+(?:whose|that|who|whom|which|where)\b.*$", re.I)


def _clause_type(clause: str, first: bool) -> tuple[AnswerType, list[str], str]:
    request = _REQUEST.match(clause) if first else None
    asked = clause[request.end() :].strip() if request else ""
    if request and asked:
        if words(asked)[0] in WH_WORDS:  # "tell me who signed it"
            return _clause_type(asked, first)
        if request.group(1):  # "name the goods that …" asks which goods
            return _clause_type(f"which {_RELATIVE.sub('', asked)}", first)
    tokens = words(clause)
    if not tokens:
        return "thing", [], ""
    start = next((i for i, t in enumerate(tokens) if t in WH_WORDS), None)
    if start is None or (first and tokens[0] in _AUX and start > 1):
        if tokens[0] in _AUX:
            return "yesno", [], ""
        return "thing", [], ""
    copula = _COPULA_WH.match(" ".join(tokens[start:]))
    if copula:  # "what is the combined duty on X": the phrase after the copula says what
        phrase = _wh_phrase([tokens[start], *copula.group(3).split()], verbs=False)
    else:
        phrase = _wh_phrase(tokens[start:])
    head = _head(phrase)
    wh = tokens[start]
    rest = " ".join(tokens[start:])
    if _REASON.search(" ".join(phrase)) or (wh in ("what", "how") and _REASON.search(rest[:60])):
        return "reason", phrase, head
    if wh == "who" and _WHO_IS_NAME.match(clause):
        return "role", phrase, head  # "Who is Ana Ruiz?" asks what she is
    if wh in ("who", "whom", "whose"):
        return ("role" if _ROLE_NOUN.search(rest) and wh != "who" else "person"), phrase, head
    if _ROLE_NOUN.search(" ".join(phrase)) or (head and _ROLE_NOUN.fullmatch(head)):
        return "role", phrase, head
    if (wh == "what" and re.search(r"\bdoes \w+(?: \w+)? do\b", rest)) or _ROLE_NOUN.search(
        " ".join(phrase[1:3])
    ):
        return "role", phrase, head
    if _DATE.search(rest[:40]):
        return "date", phrase, head
    if re.match(r"(for )?how long\b", rest) and not first:
        return "span", phrase, head  # "…, and for how long?": a length of time
    if wh == "how" and _AMOUNT.search(rest):
        if re.match(r"(how\s+)?much\b", rest) and _LEVY_NOUN.match(head):
            return "rate", phrase, head  # "how much duty do pears pay": a rate, not a count
        money = not re.match(r"(how\s+)?many\b", rest) and _MONEY.search(rest)
        return ("money" if money else "amount"), phrase, head  # "how many" counts things
    if head in ("value", "worth", "cost", "price") and wh in ("what", "which"):
        return "money", phrase, head
    if head and _RATE_NOUN.match(head) and not (wh == "which" and _plural(head)):
        return "rate", phrase, head  # "which duties …" asks which ones: a list
    if wh == "how" and len(tokens) > start + 1 and tokens[start + 1] in _AUX:
        return "thing", phrase, head  # "how does X treat Y": a description
    if head and (head in _KIND_NOUNS or _plural(head)) and wh in ("which", "what"):
        return "list", phrase, head
    if head in _SPAN_NOUNS and wh in ("what", "which"):
        return "span", phrase, head  # "over what period": a length of time
    if head == "name" and wh == "what":
        return "name", phrase, head  # "what is the official name of the pact"
    if head and _LAW_NOUN.match(head) and wh in ("which", "what"):
        return "law", phrase, head
    if head and _PLACE_NOUN.match(head) and wh in ("which", "what"):
        return "place", phrase, head
    if head and _PERSON_NOUN.match(head) and wh == "which":
        return "person", phrase, head
    if re.match(r"(what|which)\s+\w+\s+(is|was|are|were)\b", rest) is None and re.search(
        r"\bwhat (is|are|was|were) the (names?|kinds?|types?)\b", rest
    ):
        return "list", phrase, head
    return "thing", phrase, head


_SUBJECT_PRONOUNS = _word_set("i you we they he she it")


def _wh_phrase(tokens: list[str], verbs: bool = True) -> list[str]:
    """The wh-word and the words that describe the answer, up to the verb."""
    phrase = [tokens[0]]
    for index, token in enumerate(tokens[1:], 1):
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in _AUX or (verbs and token.endswith("ed") and len(token) > 4):
            break
        if token in _SUBJECT_PRONOUNS and len(phrase) > 1:
            break  # "what's the latest price you have": a relative clause begins
        if token in _PREPOSITIONS and (phrase[-1] not in _KIND_NOUNS or token != "of"):
            break
        if (
            token.endswith("s")
            and (after in _DETERMINERS or after in _PREPOSITIONS)
            and len(phrase) > 1
        ):
            break  # "which politician serves as": a verb, not a plural noun
        phrase.append(token)
    return phrase


def _head(phrase: list[str]) -> str:
    content = [t for t in phrase[1:] if t not in _DETERMINERS and t not in _PREPOSITIONS]
    if not content:
        return ""
    if content[0] in _KIND_NOUNS and len(content) > 1:
        return content[0]
    return content[-1]


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _spelled_out_here(text: str) -> set[str]:
    """Acronyms the question spells out itself ("plum kernel oil (PKO)"): the
    words before them carry the constraint, and the articles may never use the initials."""
    out = set()
    for match in re.finditer(r"\(([A-Z]{2,8})s?\)", text):
        acronym = match.group(1)
        before = re.findall(r"[\w'’]+", text[: match.start()])[-len(acronym) :]
        if "".join(w[0] for w in before).upper() == acronym:
            out.add(acronym)
    return out


def _names(text: str) -> list[str]:
    """Capitalised words and runs after the first word (which is capitalised anyway)."""
    first = re.match(r"\W*\w+", text)
    offset = first.end() if first else 0
    found: list[str] = []
    for match in _NAME.finditer(text, offset):
        run = match.group(0)
        if re.search(r"[.?!]\s+$", text[: match.start()]):  # "…? Give me the main ones"
            run = run.split(maxsplit=1)[1] if " " in run else ""  # a sentence's first word
        # "Zembia's December ban": a possessive ends its name, the next word starts another
        for part in re.split(r"[-–/]|(?<=['’]s)\s+", run):
            part = re.sub(r"['’]s?$", "", part.strip(" .'’"))
            words_of = part.split()
            while words_of and words_of[0].lower() in _AUX | WH_WORDS:
                words_of = words_of[1:]
            part = " ".join(words_of)
            if part and part[0].isupper() and part != "I":
                found.append(part)
    return list(dict.fromkeys(found))


def _constraint_nouns(text: str, focus: set[str]) -> list[str]:
    """The last word before a preposition, a conjunction, a comma or the end, outside the
    wh-phrase: the heads of the noun phrases the question is about."""
    tokens = re.findall(r"[A-Za-z][\w'’-]*|[,?;]|\d[\d.,%]*", text)
    out: list[str] = []
    for index, token in enumerate(tokens):
        after = tokens[index + 1].lower() if index + 1 < len(tokens) else "?"
        low = token.lower()
        if not token[0].isalpha() or low in _AUX | WH_WORDS | _PREPOSITIONS | _DETERMINERS:
            continue
        if low in focus or index == 0:
            continue
        ends_phrase = (
            after in _PREPOSITIONS
            or after in {",", "?", ";", "and", "or", "that"}
            or (after in _AUX and index > 1)  # "do Zembian pears have to pay": the subject
        )
        if ends_phrase and len(low) > 2 and not low.endswith(("ly",)):
            previous = tokens[index - 1].lower()
            if previous in _AUX or previous in WH_WORDS:
                continue  # "what did X do": a verb
            out.append(low)
    return list(dict.fromkeys(out))


_OBJECT = re.compile(
    r"\b(?:on|to)\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)\s*(?=\b(?:in|from|at|by|for|under|since|"
    r"during|after|before|with|that|which|starting|beginning|until)\b|\d|[,?;.]|$)",
    re.I,
)


_TAGS = frozenset(["too", "well", "either", "also", "again", "anymore", "instead", "as"])
"""Words that close a phrase without belonging to it ("duties on lentils too", "as well")."""


def _objects(text: str) -> list[str]:
    """The last word of each phrase after "on" or "to" ("a levy on Zembian frozen plums")."""
    out = []
    for match in _OBJECT.finditer(text):
        phrase = [w for w in match.group(1).split() if w.lower() not in _TAGS]
        if not phrase:
            continue
        last = phrase[-1].lower()
        if (
            last not in _DETERMINERS
            and not NOT_NAMES.match(last)  # "cut on in November": when, not what
            and last not in _PREPOSITIONS
            and not last[0].isdigit()
            and not is_adverb(last)  # "pay to Zembia annually": how, not what
        ):
            out.append(last)
    return out


_LY_NOUNS = _word_set(
    "supply assembly family monopoly duopoly oligopoly anomaly ally rally tally reply july italy "
    "belly jelly bully folly lily homily"
)


def is_adverb(word: str) -> bool:
    """An adverb in "-ly" ("annually", "freely"): it says how, never what a question is about."""
    word = word.lower()
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS


_PART_BREAK = re.compile(
    r"\?\s+(?=\S)|,?\s+(?:and|but)\s+(?=(?:(?:also|roughly|then|now|just|exactly|approximately)\s+)?(?:"
    + "|".join(sorted(WH_WORDS | _AUX))
    + r")\b)",
    re.I,
)
"""Where a question asks a second thing: a second question mark, or "…, and what/who/is …"."""
PART_WORDS = 2
"""A part needs this many words of its own besides wh-words and stopwords ("and over what
period" is no question of its own: it asks for a span of the first part's answer)."""


def parts(question: str) -> tuple[str, ...]:
    """The questions one message asks ("When did X sign, and what are Y's exports worth?"),
    each to be answered from its own evidence; the question itself when it asks one thing
    (or when a piece is no question: "How many …? I've seen different numbers")."""
    pieces = [p.strip(" ,;") for p in _PART_BREAK.split(question.strip())]
    found = [p for p in pieces if p]
    own = [
        p
        for p in found
        if _own_words(p) >= (1 if _REFERS_BACK.search(p) else PART_WORDS)
        and (p.endswith("?") or _ASKS.match(p))
    ]
    if len(own) < 2 or len(own) != len(found):
        return (question,)
    return tuple(p if p.endswith("?") else f"{p}?" for p in own)


_REFERS_BACK = re.compile(r"\b(he|she|his|her|him)\b", re.I)
"""A part about the person the message names ("Who is X, and what does he run?") is a question
with one word of its own."""


def _own_words(part: str) -> int:
    return sum(w not in STOPWORDS and w not in WH_WORDS for w in words(part))


_ASKS = re.compile(
    r"(?:(?:also|roughly|then|now|just|exactly|approximately)\s+)?(?:"
    + "|".join(sorted(WH_WORDS | _AUX))
    + r")\b",
    re.I,
)
"""A piece that asks: it starts with a wh-word or an auxiliary ("what's", "did", "is")."""
