"""Word lists the fact extractor relies on: countries, products, titles and topics.

Kept apart from the patterns so the vocabulary can grow without touching the logic;
nothing here names a person, so the extractor works on articles it has never seen.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# (canonical name, other names, demonyms, metonyms: capitals and seats of government).
# Matching is case-sensitive, so "US" never matches the pronoun "us".
_COUNTRIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "United States",
        ("United States of America", "United States", "U.S.A.", "USA", "U.S.", "US", "America"),
        ("American",),
        ("Washington", "White House"),
    ),
    (
        "China",
        ("People's Republic of China", "mainland China", "China", "PRC"),
        ("Chinese",),
        ("Beijing",),
    ),
    ("Japan", ("Japan",), ("Japanese",), ("Tokyo",)),
    (
        "European Union",
        ("European Union", "E.U.", "EU"),
        ("European",),
        ("Brussels", "European Commission"),
    ),
    ("Canada", ("Canada",), ("Canadian",), ("Ottawa",)),
    ("Mexico", ("Mexico",), ("Mexican",), ("Mexico City",)),
    (
        "United Kingdom",
        ("United Kingdom", "Great Britain", "Britain", "U.K.", "UK"),
        ("British", "Brit", "Brits"),
        ("London", "Downing Street"),
    ),
    ("India", ("India",), ("Indian",), ("New Delhi",)),
    (
        "South Korea",
        ("Republic of Korea", "South Korea", "Korea"),
        ("South Korean", "Korean"),
        ("Seoul",),
    ),
    ("North Korea", ("North Korea",), ("North Korean",), ("Pyongyang",)),
    ("Taiwan", ("Taiwan",), ("Taiwanese",), ("Taipei",)),
    ("Vietnam", ("Vietnam", "Viet Nam"), ("Vietnamese",), ("Hanoi",)),
    ("Germany", ("Germany",), ("German",), ("Berlin",)),
    ("France", ("France",), ("French",), ("Paris", "Elysee", "Élysée")),
    ("Italy", ("Italy",), ("Italian",), ("Rome",)),
    ("Spain", ("Spain",), ("Spanish",), ("Madrid",)),
    ("Netherlands", ("the Netherlands", "Netherlands", "Holland"), ("Dutch",), ("The Hague",)),
    ("Belgium", ("Belgium",), ("Belgian",), ()),
    ("Ireland", ("Ireland",), ("Irish",), ("Dublin",)),
    ("Sweden", ("Sweden",), ("Swedish",), ("Stockholm",)),
    ("Poland", ("Poland",), ("Polish",), ("Warsaw",)),
    ("Austria", ("Austria",), ("Austrian",), ("Vienna",)),
    ("Denmark", ("Denmark",), ("Danish",), ("Copenhagen",)),
    ("Finland", ("Finland",), ("Finnish",), ("Helsinki",)),
    ("Portugal", ("Portugal",), ("Portuguese",), ("Lisbon",)),
    ("Greece", ("Greece",), ("Greek",), ("Athens",)),
    ("Czech Republic", ("Czech Republic", "Czechia"), ("Czech",), ("Prague",)),
    ("Hungary", ("Hungary",), ("Hungarian",), ("Budapest",)),
    ("Romania", ("Romania",), ("Romanian",), ("Bucharest",)),
    ("Bulgaria", ("Bulgaria",), ("Bulgarian",), ()),
    ("Croatia", ("Croatia",), ("Croatian",), ("Zagreb",)),
    ("Slovakia", ("Slovakia",), ("Slovak",), ("Bratislava",)),
    ("Slovenia", ("Slovenia",), ("Slovenian",), ("Ljubljana",)),
    ("Serbia", ("Serbia",), ("Serbian",), ("Belgrade",)),
    ("Lithuania", ("Lithuania",), ("Lithuanian",), ("Vilnius",)),
    ("Latvia", ("Latvia",), ("Latvian",), ("Riga",)),
    ("Estonia", ("Estonia",), ("Estonian",), ("Tallinn",)),
    ("Luxembourg", ("Luxembourg",), (), ()),
    ("Switzerland", ("Switzerland",), ("Swiss",), ("Bern",)),
    ("Norway", ("Norway",), ("Norwegian",), ("Oslo",)),
    ("Iceland", ("Iceland",), ("Icelandic",), ("Reykjavik",)),
    ("Russia", ("Russia",), ("Russian",), ("Moscow", "Kremlin")),
    ("Ukraine", ("Ukraine",), ("Ukrainian",), ("Kyiv", "Kiev")),
    ("Belarus", ("Belarus",), ("Belarusian",), ("Minsk",)),
    ("Turkey", ("Turkey", "Türkiye"), ("Turkish",), ("Ankara",)),
    ("Israel", ("Israel",), ("Israeli",), ()),
    ("Saudi Arabia", ("Saudi Arabia",), ("Saudi",), ("Riyadh",)),
    ("United Arab Emirates", ("United Arab Emirates", "UAE"), ("Emirati",), ("Abu Dhabi",)),
    ("Qatar", ("Qatar",), ("Qatari",), ("Doha",)),
    ("Kuwait", ("Kuwait",), ("Kuwaiti",), ()),
    ("Oman", ("Oman",), ("Omani",), ("Muscat",)),
    ("Bahrain", ("Bahrain",), ("Bahraini",), ()),
    ("Iran", ("Iran",), ("Iranian",), ("Tehran",)),
    ("Iraq", ("Iraq",), ("Iraqi",), ("Baghdad",)),
    ("Syria", ("Syria",), ("Syrian",), ("Damascus",)),
    ("Lebanon", ("Lebanon",), ("Lebanese",), ("Beirut",)),
    ("Egypt", ("Egypt",), ("Egyptian",), ("Cairo",)),
    ("Morocco", ("Morocco",), ("Moroccan",), ("Rabat",)),
    ("Algeria", ("Algeria",), ("Algerian",), ("Algiers",)),
    ("Tunisia", ("Tunisia",), ("Tunisian",), ("Tunis",)),
    ("Libya", ("Libya",), ("Libyan",), ("Tripoli",)),
    ("South Africa", ("South Africa",), ("South African",), ("Pretoria",)),
    ("Nigeria", ("Nigeria",), ("Nigerian",), ("Abuja",)),
    ("Ghana", ("Ghana",), ("Ghanaian",), ("Accra",)),
    ("Kenya", ("Kenya",), ("Kenyan",), ("Nairobi",)),
    ("Ethiopia", ("Ethiopia",), ("Ethiopian",), ("Addis Ababa",)),
    ("Tanzania", ("Tanzania",), ("Tanzanian",), ("Dodoma",)),
    ("Uganda", ("Uganda",), ("Ugandan",), ("Kampala",)),
    ("Angola", ("Angola",), ("Angolan",), ("Luanda",)),
    ("Zambia", ("Zambia",), ("Zambian",), ("Lusaka",)),
    ("Zimbabwe", ("Zimbabwe",), ("Zimbabwean",), ("Harare",)),
    ("Senegal", ("Senegal",), ("Senegalese",), ("Dakar",)),
    ("Ivory Coast", ("Ivory Coast", "Côte d'Ivoire"), ("Ivorian",), ("Abidjan",)),
    ("Cameroon", ("Cameroon",), ("Cameroonian",), ("Yaounde",)),
    ("Madagascar", ("Madagascar",), ("Malagasy",), ("Antananarivo",)),
    ("Mauritius", ("Mauritius",), ("Mauritian",), ()),
    ("Botswana", ("Botswana",), (), ("Gaborone",)),
    ("Lesotho", ("Lesotho",), (), ("Maseru",)),
    ("Australia", ("Australia",), ("Australian", "Aussie", "Aussies"), ("Canberra",)),
    ("New Zealand", ("New Zealand",), ("Kiwi", "Kiwis"), ("Wellington",)),
    ("Indonesia", ("Indonesia",), ("Indonesian",), ("Jakarta",)),
    ("Malaysia", ("Malaysia",), ("Malaysian",), ("Kuala Lumpur",)),
    ("Thailand", ("Thailand",), ("Thai",), ("Bangkok",)),
    ("Philippines", ("the Philippines", "Philippines"), ("Philippine", "Filipino"), ("Manila",)),
    ("Singapore", ("Singapore",), ("Singaporean",), ()),
    ("Cambodia", ("Cambodia",), ("Cambodian",), ("Phnom Penh",)),
    ("Laos", ("Laos",), ("Lao", "Laotian"), ("Vientiane",)),
    ("Myanmar", ("Myanmar", "Burma"), ("Burmese",), ("Naypyidaw",)),
    ("Brunei", ("Brunei",), (), ()),
    ("Bangladesh", ("Bangladesh",), ("Bangladeshi",), ("Dhaka",)),
    ("Pakistan", ("Pakistan",), ("Pakistani",), ("Islamabad",)),
    ("Sri Lanka", ("Sri Lanka",), ("Sri Lankan",), ("Colombo",)),
    ("Nepal", ("Nepal",), ("Nepalese", "Nepali"), ("Kathmandu",)),
    ("Kazakhstan", ("Kazakhstan",), ("Kazakh",), ("Astana",)),
    ("Uzbekistan", ("Uzbekistan",), ("Uzbek",), ("Tashkent",)),
    ("Mongolia", ("Mongolia",), ("Mongolian",), ("Ulaanbaatar",)),
    ("Hong Kong", ("Hong Kong",), (), ()),
    ("Brazil", ("Brazil",), ("Brazilian",), ("Brasilia", "Brasília")),
    ("Argentina", ("Argentina",), ("Argentine", "Argentinian"), ("Buenos Aires",)),
    ("Chile", ("Chile",), ("Chilean",), ()),
    ("Peru", ("Peru",), ("Peruvian",), ("Lima",)),
    ("Colombia", ("Colombia",), ("Colombian",), ("Bogota", "Bogotá")),
    ("Venezuela", ("Venezuela",), ("Venezuelan",), ("Caracas",)),
    ("Ecuador", ("Ecuador",), ("Ecuadorian",), ("Quito",)),
    ("Uruguay", ("Uruguay",), ("Uruguayan",), ("Montevideo",)),
    ("Paraguay", ("Paraguay",), ("Paraguayan",), ("Asuncion",)),
    ("Bolivia", ("Bolivia",), ("Bolivian",), ()),
    ("Cuba", ("Cuba",), ("Cuban",), ("Havana",)),
    ("Panama", ("Panama",), ("Panamanian",), ()),
    ("Costa Rica", ("Costa Rica",), ("Costa Rican",), ()),
    ("Guatemala", ("Guatemala",), ("Guatemalan",), ()),
    ("Honduras", ("Honduras",), ("Honduran",), ("Tegucigalpa",)),
    ("El Salvador", ("El Salvador",), ("Salvadoran",), ("San Salvador",)),
    ("Nicaragua", ("Nicaragua",), ("Nicaraguan",), ("Managua",)),
    ("Dominican Republic", ("Dominican Republic",), ("Dominican",), ("Santo Domingo",)),
    ("Jamaica", ("Jamaica",), ("Jamaican",), ()),
)


@dataclass(frozen=True, slots=True)
class CountryMention:
    """A country named in a sentence, and how: by name, demonym or capital/metonym."""

    country: str
    start: int
    end: int
    form: str
    """"name", "demonym" or "metonym"."""
    possessive: bool


_FORM_BY_ALIAS: dict[str, tuple[str, str]] = {}
for _canon, _names, _demonyms, _metonyms in _COUNTRIES:
    for _alias in _names:
        _FORM_BY_ALIAS[_alias] = (_canon, "name")
    for _alias in _demonyms:
        _FORM_BY_ALIAS.setdefault(_alias, (_canon, "demonym"))
    for _alias in _metonyms:
        _FORM_BY_ALIAS[_alias] = (_canon, "metonym")

COUNTRY_NAMES: frozenset[str] = frozenset(c[0] for c in _COUNTRIES)
EU_MEMBERS: frozenset[str] = frozenset(
    {
        "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus", "Czech Republic", "Denmark",
        "Estonia", "Finland", "France", "Germany", "Greece", "Hungary", "Ireland", "Italy",
        "Latvia", "Lithuania", "Luxembourg", "Malta", "Netherlands", "Poland", "Portugal",
        "Romania", "Slovakia", "Slovenia", "Spain", "Sweden",
    }
)  # fmt: skip
"""Members of the European Union, a customs union: outsiders tariff their goods as the bloc's."""
BLOCS: frozenset[str] = frozenset({"European Union"})
"""Canonical names that stand for a bloc of countries rather than one country."""

_ALIAS_ALT = "|".join(re.escape(a) for a in sorted(_FORM_BY_ALIAS, key=len, reverse=True))
_COUNTRY_RE = re.compile(
    rf"(?<![\w.])(?:(?P<adm>[A-Z][a-z]+) administration|(?P<alias>{_ALIAS_ALT}))"
    r"(?P<poss>['’]s\b)?(?![\w])"
)
# A capital followed by another capitalised word is usually an institution
# ("Washington Post", "Tokyo Stock Exchange"), not the government.
_INSTITUTION_AFTER = re.compile(r"\s+[A-Z][a-z]")


def find_countries(text: str) -> list[CountryMention]:
    """All country mentions in ``text``, longest alias first, in order of appearance.

    "<Name> administration" is read as the United States: the word is American usage
    for a sitting government.
    """
    return list(_country_mentions(text))


@functools.lru_cache(maxsize=4096)
def _country_mentions(text: str) -> tuple[CountryMention, ...]:
    """Cached: the extractors ask about the same sentence several times (~4 per sentence)."""
    found: list[CountryMention] = []
    for m in _COUNTRY_RE.finditer(text):
        poss = bool(m.group("poss"))
        if m.group("adm"):
            if m.group("adm") in {"The", "This", "That", "An", "A"}:
                continue
            found.append(CountryMention("United States", m.start(), m.end(), "metonym", poss))
            continue
        alias = m.group("alias")
        canon, form = _FORM_BY_ALIAS[alias]
        if form == "metonym" and not poss and _INSTITUTION_AFTER.match(text, m.end("alias")):
            continue
        found.append(CountryMention(canon, m.start(), m.end(), form, poss))
    return tuple(found)


def country_of(alias: str) -> str | None:
    """Canonical country for an alias/demonym/metonym, or None."""
    hit = _FORM_BY_ALIAS.get(alias.strip())
    if hit:
        return hit[0]
    stripped = re.sub(r"^the\s+", "", alias.strip(), flags=re.I)
    hit = _FORM_BY_ALIAS.get(stripped)
    if hit:
        return hit[0]
    for canon in COUNTRY_NAMES:
        if canon.lower() == stripped.lower():
            return canon
    low = stripped.lower()
    for alias_, (canon, _form) in _FORM_BY_ALIAS.items():
        if alias_.lower() == low and len(low) > 3:
            return canon
    return None


def names_of(country: str) -> tuple[str, ...]:
    """A canonical country's names and demonyms: the forms that always mean the country (a
    capital may mean the city)."""
    for canon, names, demonyms, _metonyms in _COUNTRIES:
        if canon == country:
            return (canon, *names, *demonyms)
    return (country,)


def aliases_of(country: str) -> tuple[str, ...]:
    """Every surface form of a canonical country (names, demonyms, metonyms)."""
    for canon, names, demonyms, metonyms in _COUNTRIES:
        if canon == country:
            return (canon, *names, *demonyms, *metonyms)
    return (country,)


# Canonical product -> surface forms (lower case, longest first when matched).
PRODUCTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "auto parts",
        ("auto parts", "car parts", "automotive parts", "vehicle parts", "auto components"),
    ),
    ("electric vehicles", ("electric vehicles", "electric cars", "evs")),
    (
        "cars",
        (
            "passenger cars",
            "cars",
            "car",
            "autos",
            "auto",
            "automobiles",
            "automobile",
            "vehicles",
            "vehicle",
            "automotive",
        ),
    ),
    ("trucks", ("trucks", "lorries")),
    ("motorcycles", ("motorcycles", "motorbikes")),
    ("steel", ("steel",)),
    ("aluminium", ("aluminium", "aluminum")),
    ("copper", ("copper",)),
    ("lumber", ("softwood lumber", "lumber", "timber")),
    ("semiconductors", ("semiconductors", "semiconductor", "microchips", "chips", "chip")),
    ("pharmaceuticals", ("pharmaceuticals", "pharmaceutical", "medicines", "drugs", "pharma")),
    ("rice", ("rice",)),
    ("soybeans", ("soybeans", "soybean", "soya")),
    ("wheat", ("wheat",)),
    ("corn", ("corn", "maize")),
    ("beef", ("beef",)),
    ("pork", ("pork",)),
    ("dairy", ("dairy",)),
    ("coffee", ("coffee",)),
    ("wine", ("wines", "wine")),
    ("champagne", ("champagne",)),
    ("whiskey", ("whiskey", "whisky", "bourbon")),
    ("spirits", ("spirits",)),
    ("solar panels", ("solar panels", "solar cells")),
    ("batteries", ("batteries", "battery")),
    ("smartphones", ("smartphones", "iphones")),
    ("electronics", ("consumer electronics", "electronics")),
    ("textiles", ("textiles", "clothing", "apparel", "garments")),
    ("footwear", ("footwear", "shoes")),
    ("furniture", ("furniture",)),
    ("machinery", ("machinery",)),
    ("aircraft", ("aircraft", "airplanes")),
    ("seafood", ("seafood",)),
    ("critical minerals", ("critical minerals", "rare earths", "rare earth")),
    ("oil", ("crude oil", "oil")),
    ("natural gas", ("liquefied natural gas", "natural gas", "lng")),
    ("agricultural products", ("agricultural products", "farm goods", "farm products")),
)
_PRODUCT_BY_FORM = {form: canon for canon, forms in PRODUCTS for form in forms}
_PRODUCT_RE = re.compile(
    r"\b("
    + "|".join(re.escape(f) for f in sorted(_PRODUCT_BY_FORM, key=len, reverse=True))
    + r")\b",
    re.I,
)
GENERIC_GOODS = frozenset(
    {
        "goods",
        "products",
        "imports",
        "exports",
        "shipments",
        "merchandise",
        "items",
        "export",
        "import",
        "carmakers",
        "producers",
        "exporters",
        "manufacturers",
        "companies",
        "firms",
    }
)


def find_products(text: str) -> list[tuple[str, int, int]]:
    """Canonical products named in ``text`` as (product, start, end), in order."""
    out: list[tuple[str, int, int]] = []
    for m in _PRODUCT_RE.finditer(text):
        canon = _PRODUCT_BY_FORM[m.group(1).lower()]
        if canon not in {p for p, _s, _e in out}:
            out.append((canon, m.start(), m.end()))
    return out


def product_of(word: str) -> str | None:
    """Canonical product for a surface form, or None."""
    return _PRODUCT_BY_FORM.get(word.strip().lower())


# Words that head a title ("Treasury Secretary", "managing partner").
TITLE_HEADS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "premier",
        "chancellor",
        "representative",
        "commissioner",
        "negotiator",
        "envoy",
        "ambassador",
        "governor",
        "senator",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "director",
        "head",
        "adviser",
        "advisor",
        "economist",
        "analyst",
        "strategist",
        "partner",
        "professor",
        "fellow",
        "officer",
        "executive",
        "leader",
        "king",
        "queen",
        "emperor",
        "counselor",
        "counsellor",
        "mayor",
        "speaker",
        "secretary-general",
        "director-general",
        "lawmaker",
        "founder",
        "researcher",
        "chief",
        "vice-president",
        "deputy",
        "official",
        # offices of law and state
        "justice",
        "judge",
        "attorney",
        "solicitor",
        "prosecutor",
        "magistrate",
        "sheriff",
        "marshal",
        "comptroller",
        "treasurer",
        "auditor",
        "ombudsman",
        "registrar",
        "emir",
        "sultan",
        "prince",
        "princess",
    }
)
# Words that may precede a head inside a title.
TITLE_MODIFIERS = frozenset(
    {
        "vice",
        "deputy",
        "prime",
        "foreign",
        "finance",
        "trade",
        "commerce",
        "treasury",
        "economy",
        "economic",
        "industry",
        "agriculture",
        "agricultural",
        "international",
        "chief",
        "cabinet",
        "senior",
        "state",
        "top",
        "lead",
        "managing",
        "general",
        "executive",
        "affairs",
        "business",
        "energy",
        "defence",
        "defense",
        "interior",
        "home",
        "revitalization",
        "revitalisation",
        "security",
        "national",
        "junior",
        "acting",
        "former",
        "incoming",
        "outgoing",
        "ministry",
        "commission",
        "federal",
        "financial",
        "markets",
        "research",
        "global",
        "investment",
        "policy",
        "operating",
        "principal",
        "associate",
        "assistant",
        "press",
        "central",
        "bank",
        "development",
        "budget",
        "transport",
        "labor",
        "labour",
        "justice",
        "health",
        "digital",
        "sales",
        "council",
        "parliamentary",
        "special",
        "presidential",
        "government",
        "customs",
        "tariff",
        "negotiating",
        "emerging",
        "market",
        "equity",
        "fiscal",
        "monetary",
        "planning",
        "resources",
        "environment",
        "technology",
        "industrial",
    }
)
# Heads that make someone a commentator rather than a party: they hold no positions.
COMMENTATOR_HEADS = frozenset(
    {"economist", "analyst", "strategist", "partner", "professor", "fellow", "researcher"}
)
GOVERNMENT_HEADS = frozenset(
    {
        "president",
        "minister",
        "secretary",
        "premier",
        "chancellor",
        "representative",
        "commissioner",
        "negotiator",
        "envoy",
        "ambassador",
        "senator",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "king",
        "queen",
        "emperor",
        "lawmaker",
        "secretary-general",
        "official",
        "counselor",
        "counsellor",
    }
)
ORG_SUFFIXES = frozenset(
    {
        "Group",
        "Inc",
        "Corp",
        "Corporation",
        "Company",
        "Co",
        "Ltd",
        "LLC",
        "Association",
        "Federation",
        "Chamber",
        "Council",
        "Ministry",
        "Department",
        "Commission",
        "Institute",
        "Bank",
        "Fund",
        "Organization",
        "Organisation",
        "Agency",
        "Office",
        "Party",
        "University",
        "Motor",
        "Motors",
        "Holdings",
        "Partners",
        "Capital",
        "Securities",
        "Research",
        "Economics",
        "Exchange",
        "Index",
        "Social",
        "Post",
        "Times",
        "Journal",
        "News",
        "Reuters",
        "Bloomberg",
        "Institution",
        "Center",
        "Centre",
        "Foundation",
        "Board",
        "Authority",
        "Forum",
    }
)
NAME_PARTICLES = frozenset(
    {"von", "van", "der", "de", "da", "del", "di", "bin", "al", "le", "la", "dos", "du"}
)
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
NON_NAME_WORDS = frozenset(
    {
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "and",
        "but",
        "however",
        "this",
        "that",
        "these",
        "those",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "his",
        "her",
        "their",
        "our",
        "its",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "under",
        "after",
        "before",
        "while",
        "when",
        "if",
        "as",
        "with",
        "from",
        "by",
        "to",
        "read",
        "next",
        "only",
        "also",
        "meanwhile",
        "still",
        "speaking",
        "according",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "lord",
        "lady",
        "goods",
        "tariffs",
        "tariff",
        "trade",
        *MONTHS,
    }
)

# Topic keywords.  "tariffs" is the fallback: almost every sentence mentions tariffs.
TOPIC_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "exchange rates",
        re.compile(
            r"\b(exchange[- ]rates?|currenc(y|ies)|yen|yuan|renminbi|forex|devalu\w*|"
            r"manipulat\w*)\b",
            re.I,
        ),
    ),
    (
        "non-tariff barriers",
        re.compile(
            r"\b(non-tariff|regulations?|standards|certification|red tape|market access|"
            r"(?<![\w-]tariff )(?<!-free )(?<!-rate )quotas?)\b",
            re.I,
        ),
    ),
    ("investment", re.compile(r"\b(invest\w*)\b", re.I)),
    (
        "defence costs",
        re.compile(
            r"\b(troops|military|defen[cs]e (spending|costs?|budget)|host-nation|hosting)\b", re.I
        ),
    ),
    (
        "countermeasures",
        re.compile(
            r"\b(countermeasures?|counter-tariffs?|retaliat\w*|in response|respond(?:s|ed|ing)? "
            r"(?:firmly|in kind|with|proportionately|forcefully|decisively|accordingly)|hit back|"
            r"fight back|fight to the end|reprisals?)\b",
            re.I,
        ),
    ),
    (
        "agriculture",
        re.compile(
            r"\b(rice|soybeans?|soya|wheat|corn|beef|pork|dairy|farm\w*|agricultur\w*|crops?)\b",
            re.I,
        ),
    ),
    ("concessions", re.compile(r"\b(concessions?|compromis\w*)\b", re.I)),
    (
        "energy",
        re.compile(
            r"\b(energy|lng|natural gas|gas|oil|crude|pipelines?|electricity|power grid)\b", re.I
        ),
    ),
    ("trade deficit", re.compile(r"\b(trade (deficits?|surplus(es)?|imbalances?|gap))\b", re.I)),
    (
        "tariffs",
        re.compile(r"\b(tariffs?|duty|duties|levy|levies|exemptions?|exempt\w*|rates?)\b", re.I),
    ),
)
