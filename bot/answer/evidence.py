"""What kind of answer a sentence can give, and text that must never be quoted.

A sentence *holds* an answer type when it contains something of that shape: a percentage for a
rate, a figure for an amount, a calendar date for a date, a full name for a person, a title for a
role, a causal link for a reason. These are shapes of English news prose, not topics.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.answer.question import NUMBER_WORDS, AnswerType
from bot.facts.lexicon import ORG_SUFFIXES, country_of
from bot.text import fold

_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|"
    r"oct(ober)?|nov(ember)?|dec(ember)?)"
)
_TIME = (
    rf"\d+|{_MONTH}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|"
    r"(last|next|past|coming|previous|early|late|mid)\b|years?|months?|weeks?|days?|decades?|"
    r"spring|summer|autumn|winter|midnight|noon|then"
)
_PATTERNS: dict[str, re.Pattern[str]] = {
    "rate": re.compile(
        r"\d\s?(%|percent\b|per cent\b|pct\b)|\b(duty|tariff)[- ]free\b|\bexempt\w*\b|"
        r"\bno (additional |extra )?(tariff|duty|levy)\b|\bzero\b|"
        # a specific duty, charged per unit: "€95 per tonne", "$0.50/kg", "40 euros a head"
        r"(?:[$€£¥]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:dollars|euros|pounds|yen|yuan|rupees))"
        r"\s?(?:per\s+|/\s?)[a-z]",
        re.I,
    ),
    "amount": re.compile(
        r"\d|\b(billion|million|thousand|hundred|dozen|half|double[ds]?|tripled?)\b|[$€£¥]|"
        r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(years?|months?|weeks?|days?|hours?)\b|"
        # a number written out ("Fifteen central banks"); "one" is as often a pronoun
        rf"\b({'|'.join(NUMBER_WORDS[1:])}|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
        r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b",
        re.I,
    ),
    "money": re.compile(
        r"[$€£¥]\s?\d|\b\d[\d.,]*\s?(bn|billion|million|trillion|thousand)\b"
        r"(?!\s+(?:metric\s+)?(?:litres?|liters?|tonnes?|tons?|barrels?|gallons?|bushels?|units?|"
        r"vehicles?|cars?|parcels?|packages?|shipments?|people|jobs?|workers?|\w+metres?|"
        r"\w+grams?|square|cubic)\b)|"
        r"\b\d[\d.,]*\s+(dollars|euros|pounds|yen|francs|rupees|reais)\b|\b[A-Z]{1,3}\$\s?\d|"
        r"\b(USD|EUR|GBP|CHF|JPY|CNY|CAD|INR)\s?\d",
        re.I,
    ),
    "date": re.compile(
        rf"\b\d{{1,2}}\s+{_MONTH}\b|\b{_MONTH}\.?\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
        r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
        r"\b(next|last|this|coming|following|previous)\s+(week|month|year)\b|"
        r"\b(today|tomorrow|yesterday)\b|\b(19|20)\d\d\b|"
        rf"\b(in|from|since|by|until|on)\s+{_MONTH}\b",
        re.I,
    ),
    "day": re.compile(
        rf"\b\d{{1,2}}\s+{_MONTH}\b|\b{_MONTH}\.?\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
        r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday)\b",
        re.I,
    ),
    "span": re.compile(
        r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
        r"[- ](years?|months?|weeks?|days?|decades?)\b|\buntil\b|\bthrough\b",
        re.I,
    ),
    "law": re.compile(
        r"\b(?:[A-Z][a-z]+\s+){1,6}Act\b|\bAct of \d{4}\b|\b[Ss]ection\s+\d+\w*\b|"
        r"\b(?:[A-Z][a-z]+\s+){1,4}(?:Law|Code|Statute)\b|\b(?:law|statute)\b",
    ),
    "zero": re.compile(
        r"(?<![\d.])0\s?(%|percent\b|per cent\b)|\bzero\b|\b(duty|tariff|tax)[- ]free\b|"
        r"\bexempt(ed)?\b|\bno (additional |extra )?(tariffs?|dut(y|ies)|levy|levies)\b|"
        r"\b(escape[sd]?|excluded|carved out)\b",
        re.I,
    ),
    "role": re.compile(
        r"\b(minister|secretary|spokes(person|man|woman)|director|general|president|chief|"
        r"head|representative|solicitor|attorney|governor|commissioner|ambassador|chair\w*|"
        r"ceo|officer|negotiator|envoy|adviser|advisor|economist|analyst|judge|justice|"
        r"senator|lawyer|counsel|mayor|premier|chancellor|deputy|leader|founder|partner)\b",
        re.I,
    ),
    "reason": re.compile(
        r"\b(because|due to|owing to|citing|cited|in response to|in retaliation|"
        r"retaliat\w*|punish\w*|penalt\w*|reason|blam\w*|accus\w*|aimed at|to pressure|"
        r"triggered|sparked|prompted|caused|sent\b|so that|as a result|reflect(s|ing|ed)?|"
        r"thanks to|because of|justif\w*|said (it|the)|under (the|a|its))\b|"
        # a purpose: "in a bid to …", "would make it easier to verify …", "to curb …"
        r"\b(in order|so as|in a bid|in an effort|aim(s|ed|ing)?|intended|designed|meant|"
        r"seek(s|ing)?|sought|make it (easier|harder)|made it (easier|harder))\s+to\b|"
        r"\bto\s+(protect|shield|curb|stop|prevent|counter|tackle|deter|safeguard|discourage|"
        r"crack down)\b|"
        # "With elections coming up, …": a circumstance the sentence acts on
        r"\bwith\b[^,.]{3,60}\b(coming( up)?|looming|approaching|ahead|pending|in mind)\b|"
        # "over" is a cause only before one ("over security concerns", not "over a $5bn deal");
        # "since", "after" and "following" say when as often as why: not before a time
        rf"\bover\s+([\w-]+\s+){{0,5}}(concerns?|fears?|worries|claims?|allegations?|complaints?|"
        r"objections?|disputes?|rows?|tensions?|issues?|practices?|policies|policy|risks?|"
        r"threats?)\b|"
        rf"\b(after|following|since)\b(?!\s+(the\s+)?({_TIME})\b)",
        re.I,
    ),
    "list": re.compile(r",[^,]+(,| and | or )|\bincluding\b|:\s|;", re.I),
    "comparison": re.compile(r"\d|\b(more|less|higher|lower|than|while|whereas|both)\b", re.I),
}


Shape = AnswerType | Literal["day", "dated", "zero", "count"]


def holds(sentence: str, answer_type: Shape) -> bool:
    """Whether ``sentence`` has the shape of an answer of ``answer_type`` (any for the rest).

    "day" is a date to the day ("4 May", "Friday"): what "on what date" asks, where a year
    or "next month" is no answer. "dated" is a date finer than a year ("in March", "on
    4 May"): what "when did X take effect" asks, where a year alone mostly dates something
    else, and "next week" or "tomorrow" tells only that it had not happened yet. "zero" is
    nothing to pay: 0%, duty-free, exempt.
    """
    if answer_type == "dated":
        return bool(_PATTERNS["date"].search(_AHEAD.sub(" ", _YEAR.sub(" ", fold(sentence)))))
    if answer_type == "person":
        return names_a_person(sentence)
    if answer_type == "name":
        return states_a_name(sentence)
    if answer_type == "count":  # "how many vehicles": a number, not a sum, share or date
        rest = _SHARE.sub(" ", _SUM.sub(" ", _undated(fold(sentence))))
        return bool(_PATTERNS["amount"].search(_PATTERNS["money"].sub(" ", rest)))
    if answer_type == "amount":  # a figure; "a slump in 2023" gives none
        return bool(_PATTERNS["amount"].search(_undated(fold(sentence))))
    pattern = _PATTERNS.get(answer_type)
    return pattern is None or bool(pattern.search(fold(sentence)))


def _undated(text: str) -> str:
    """``text`` without its days and years ("in March 2031" states no figure)."""
    return _YEAR.sub(" ", _PATTERNS["day"].sub(" ", text))


_CAPITALISED_RUN = re.compile(
    r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(\s+[A-Z][a-z'’-]+)+\b|^[A-Z][a-z]+(?=\s+(?:has\s+|had\s+)?"
    r"(?:said|says|announced|told|added|warned|argued|insisted|stressed|noted|wrote|posted)\b)"
)
_NOT_PERSON = ORG_SUFFIXES | {
    "Agreement", "Partnership", "Pact", "Accord", "Treaty", "Act", "Union", "Area", "Zone",
    "Court", "House", "Parliament", "Congress", "Senate", "Government", "Republic", "Kingdom",
    "Trade", "Economic", "Free", "National", "Federal", "The", "This", "That", "These", "Its",
    "Their", "His", "Her", "Our", "In", "On", "At", "For", "By", "With", "After", "Before",
    "When", "While", "As", "But", "And", "If", "Under", "From", "Since", "Last", "Next",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
}  # fmt: skip
"""Words of a body, a treaty, a state, a date, or a sentence's opening function word: "the
Economic Partnership Agreement", "In March", "The Commission" name no person."""


_PROPER_NAME = re.compile(
    r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+(?:of|and|for|on|the)?\s*[A-Z][a-z]+)+|\([A-Z]{2,}\)"
)


def states_a_name(sentence: str) -> bool:
    """A proper name of several words ("the Plum Trade Charter") or initials in brackets,
    other than a pair of countries ("France and Spain")."""
    for match in _PROPER_NAME.finditer(fold(sentence)):
        capitalised = [w for w in match.group(0).strip("()").split() if w[0].isupper()]
        if not all(country_of(w) for w in capitalised):
            return True
    return False


def names_a_person(sentence: str) -> bool:
    """A run of capitalised words that is neither a body, a treaty, a country nor a date: "Ana
    Ruiz", "Zoë Brûlé", and a lone surname that opens a report ("Ruiz said …"); not "Free
    Trade Agreement" or "New Zealand". A run opening a sentence is left out: there a capital
    says nothing ("Grain Exports Rise")."""
    return any(
        not _NOT_PERSON.intersection(m.group(0).split()) and country_of(m.group(0)) is None
        for m in _CAPITALISED_RUN.finditer(fold(sentence))
    )


_ITEM = r"(?:[\w'’%-]+\s){0,3}[\w'’%-]+"
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_AHEAD = re.compile(r"\b(next|coming)\s+(week|month|year)\b|\btomorrow\b", re.I)
"""A time still to come, seen from the article's day."""
_SMALL = rf"(?:{'|'.join(NUMBER_WORDS)}|\d{{1,2}})"
_SHARE = re.compile(
    rf"\d[\d.,]*\s?(%|percent\b|per cent\b|pct\b)|\b{_SMALL}\s+(?:out\s+of|in)\s+(?:every\s+)?"
    rf"{_SMALL}\b",
    re.I,
)
"""A share: "15%", and "nine out of ten" or "one in five" (no count of anything)."""
_SUM = re.compile(r"[$€£¥]\s?[\d.,]+(\s?(bn|billion|million|trillion|m)\b)?", re.I)
_ENUMERATION = re.compile(
    rf":\s+[^.:]*[;,][^.:]*[;,]|(?<![\w'’%-]){_ITEM}(?:,\s{_ITEM}){{2,}},?\s(?:and|or)\s|"
    rf"(?<![\w'’%-]){_ITEM},\s{_ITEM},\s(?:and|or)\s"
)
"""A list written out: items after a colon, or three and more short ones joined by commas."""


def enumerates(sentence: str) -> bool:
    """A sentence that lists ("nine chapters: digital trade; green economy; …")."""
    return bool(_ENUMERATION.search(sentence))


_FURNITURE = re.compile(
    r"(\[[^\]]{1,40}\][^\[]{0,3}){2,}|\s\|\s|"
    r"^\W*[Bb]y\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}\W*$|"
    r"\s[—–-]\s+[Bb]y\s+[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}\W*$|"
    r"^[A-Z][\w&'’-]*(\s/\s[A-Z][\w&'’ -]{0,30})+[;:]"
)
"""Two bracketed link labels in a row ("[Share] [Email]"), a "Section | Updated" separator, a
byline ("By Ana Ruiz", "Port Elm, 3 May 2031 — by Ana Ruiz") or a breadcrumb glued to a
headline ("Policy / Trade; Avaria lifts …")."""


def looks_like_furniture(sentence: str) -> bool:
    """Page furniture that cleaning missed (share buttons, datelines joined by bars): a
    sentence carrying it is no answer, whatever words it shares with the question."""
    return bool(_FURNITURE.search(sentence))
