"""Synthetic trade-news corpora of a given size, with the bundled knowledge mixed in.

The articles are built from sentence templates and vocabularies (countries, products,
officials, rates, dates, outlets) so that they read like the real ones and share their words
("Japan", "tariff", "cars", "25%"): the gold questions must find their answers among
distractors that look alike, not among noise. Officials and outlets are invented so that no
real person is given a quote. Generation is deterministic (a seed), and every paragraph has
50–110 words, so each paragraph becomes exactly one passage.

    python -m bench.corpus --passages 10000 --out /tmp/tradebot-bench/corpus-10000
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"

COUNTRIES = (
    "Japan", "the United States", "China", "South Korea", "India", "Vietnam", "Mexico",
    "Canada", "Brazil", "Germany", "France", "Italy", "the United Kingdom", "Australia",
    "Indonesia", "Thailand", "Malaysia", "the Philippines", "Turkey", "South Africa",
    "Argentina", "Chile", "Norway", "Switzerland", "Taiwan", "Singapore", "New Zealand",
    "Egypt", "Nigeria", "Saudi Arabia", "Poland", "Spain",
)  # fmt: skip
BLOCS = ("the European Union", "Mercosur", "ASEAN", "the African Union", "the G7")
PRODUCTS = (
    "cars", "steel", "aluminium", "rice", "soybeans", "semiconductors", "solar panels",
    "lumber", "beef", "pork", "dairy products", "wine", "whisky", "pharmaceuticals",
    "electric vehicles", "batteries", "rare earths", "copper", "shrimp", "textiles",
    "footwear", "furniture", "smartphones", "machine tools", "fertiliser", "wheat", "corn",
    "coffee", "cocoa", "shipbuilding steel", "auto parts", "chemicals", "paper", "salmon",
)  # fmt: skip
CITIES = (
    "Geneva", "Brussels", "Washington", "Tokyo", "Beijing", "Seoul", "New Delhi", "Hanoi",
    "Mexico City", "Ottawa", "Brasilia", "Berlin", "Paris", "London", "Canberra", "Jakarta",
    "Bangkok", "Singapore", "Ankara", "Pretoria", "Buenos Aires", "Santiago", "Oslo", "Bern",
)  # fmt: skip
FIRST = (
    "Mara", "Tobias", "Elin", "Ravi", "Sofia", "Kenta", "Lucia", "Anders", "Mei", "Daniel",
    "Amara", "Jonas", "Priya", "Mateo", "Hana", "Viktor", "Leila", "Oren", "Ingrid", "Kofi",
    "Noor", "Pablo", "Yuna", "Stefan", "Aiko", "Farid", "Clara", "Jin", "Emeka", "Greta",
)  # fmt: skip
LAST = (
    "Lindqvist", "Adeyemi", "Varga", "Moreau", "Castellano", "Nakamori", "Lindahl", "Mensah",
    "Halvorsen", "Quintero", "Tanabe", "Rautio", "Delacroix", "Abernathy", "Sorensen", "Ilunga",
    "Bellandi", "Kowalczyk", "Yilmaz", "Ferreira", "Nassar", "Ostrowski", "Takeda", "Mbeki",
    "Vasquez", "Lindgren", "Petrov", "Achebe", "Ruiz", "Kallio",
)  # fmt: skip
TITLES = (
    "trade minister", "finance minister", "chief trade negotiator", "commerce secretary",
    "economy minister", "agriculture minister", "deputy trade representative",
    "industry minister", "customs commissioner", "central bank governor",
)  # fmt: skip
OUTLETS = (
    "Lakeside Herald", "Overland Trade Review", "The Customs Wire", "Solstice Business Daily",
    "Port & Tariff", "The Exchange Courier", "Global Freight Journal", "The Jetty Times",
)  # fmt: skip
BANKS = ("Westmark Capital", "Alder Securities", "Pinecrest Research", "Kestrel Markets")
GROUPS = (
    "farm groups", "carmakers", "steelworkers' unions", "importers", "retailers",
    "chipmakers", "fishing cooperatives", "port operators", "small exporters",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

SENTENCES = (
    "{country} will raise tariffs on {product} from {country2} to {rate} starting {day}, "
    "{official} said on {weekday}.",
    "{official}, {country}'s {title}, told reporters in {city} that talks with {country2} on "
    "{product} would resume {when}.",
    "Exports of {product} from {country} to {country2} fell {pct} in {month}, according to "
    "customs figures released on {weekday}.",
    "{bloc} is weighing a {rate} safeguard duty on {product} imports after a surge of "
    "shipments from {country}.",
    "{country2} has offered to buy more {product} from {country} to ease the dispute, "
    "{outlet} reported, citing two people familiar with the matter.",
    "A {rate} levy on {product} from {country} has been paused for {days} days while "
    "negotiators meet in {city}.",
    "Analysts at {bank} said the measures could cut {country}'s economic growth by {small} "
    "percentage points next year.",
    "{official} denied that {country} steers its currency to help exporters of {product}, "
    "calling the accusation baseless.",
    "Negotiators from {country} and {country2} are due to meet again on {weekday} in {city} "
    "to discuss {product} and market access.",
    "{country}'s {title} {official} said the government was in no hurry to offer concessions "
    "on {product}.",
    "The draft agreement would lower duties on {product} to {rate} and set an annual quota of "
    "{quantity} tonnes.",
    "{groups} in {country} warned that cheaper imports of {product} from {country2} would "
    "cost thousands of jobs.",
    "{country} filed a complaint at the World Trade Organization over the {rate} tariff that "
    "{country2} imposed on its {product} in {month}.",
    "Shares of {product} makers in {country} fell sharply after {country2} announced the "
    "duties, and the index lost {small}% by the close.",
    "Officials in {city} said a decision on retaliatory tariffs against {country2} would be "
    "taken {when}.",
    "{country} and {country2} agreed on {weekday} to set up a working group on {product}, "
    "with a first report due in {month}.",
    "The {rate} tariff on {product} applies on top of a {rate2} duty already in force since "
    "{month} {year}.",
    "{official} said {country} would consider investing {billions} billion dollars in "
    "{country2} if the tariffs on {product} were lifted.",
    "Importers of {product} in {country2} have stockpiled goods ahead of the deadline, "
    "{outlet} reported.",
    "A spokesperson for {country}'s trade ministry said the {rate} rate on {product} was "
    "temporary and would be reviewed in {month}.",
    "{country2} accused {country} of dumping {product} below cost and opened an "
    "anti-dumping investigation on {weekday}.",
    "Talks between {official} and {official2}, {country2}'s {title2}, ended without an "
    "agreement on {product}.",
)
TITLE_TEMPLATES = (
    "{country} weighs {rate} duties on {product} from {country2}",
    "{country2} and {country} resume talks on {product} tariffs",
    "{official} rules out quick concessions on {product}",
    "{bloc} considers safeguard on {product} imports",
    "{country} offers to buy more {product} to ease trade tensions",
    "Exports of {product} to {country2} slump after tariff increase",
)
PARAGRAPHS = (3, 7)
"""Paragraphs (= passages) per article, inclusive."""


@dataclass(frozen=True, slots=True)
class CorpusStats:
    passages: int
    synthetic_passages: int
    articles: int
    knowledge_files: int
    seconds: float


class _Writer:
    """Fills the templates from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def _official(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def fields(self) -> dict[str, str]:
        rng = self.rng
        country, country2 = rng.sample(COUNTRIES, 2)
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(1000))
        return {
            "country": country,
            "country2": country2,
            "bloc": rng.choice(BLOCS),
            "product": rng.choice(PRODUCTS),
            "city": rng.choice(CITIES),
            "official": self._official(),
            "official2": self._official(),
            "title": rng.choice(TITLES),
            "title2": rng.choice(TITLES),
            "outlet": rng.choice(OUTLETS),
            "bank": rng.choice(BANKS),
            "groups": rng.choice(GROUPS).capitalize(),
            "rate": f"{rng.choice((5, 7.5, 10, 12, 15, 17, 20, 24, 25, 30, 34, 46, 50, 145))}%",
            "rate2": f"{rng.choice((2.5, 5, 10, 15, 25))}%",
            "pct": f"{rng.randint(2, 60)}%",
            "small": f"{rng.randint(1, 9) / 10:.1f}",
            "days": str(rng.choice((30, 60, 90, 120))),
            "quantity": f"{rng.randint(5, 900) * 1000:,}",
            "billions": str(rng.randint(2, 120)),
            "weekday": rng.choice(WEEKDAYS),
            "month": rng.choice(MONTHS),
            "year": str(rng.choice((2023, 2024, 2025))),
            "day": f"{day.day} {MONTHS[day.month - 1]}",
            "when": rng.choice(("next week", "later this month", "in the coming days", "soon")),
        }

    def sentence(self, fields: dict[str, str]) -> str:
        # Each sentence mixes the article's own subject with fresh details.
        own = {**self.fields(), **{k: fields[k] for k in ("country", "product")}}
        text = self.rng.choice(SENTENCES).format(**own)
        return text[0].upper() + text[1:]

    def paragraph(self, fields: dict[str, str]) -> str:
        sentences: list[str] = []
        while len(" ".join(sentences).split()) < 50:
            sentences.append(self.sentence(fields))
        while len(" ".join(sentences).split()) > 110:
            sentences.pop()
        return " ".join(sentences)

    def article(self, paragraphs: int) -> tuple[str, str, str]:
        """Title, markdown text with front matter, and the published date."""
        fields = self.fields()
        title = self.rng.choice(TITLE_TEMPLATES).format(**fields)
        title = title[0].upper() + title[1:]
        published = (date(2023, 1, 1) + timedelta(days=self.rng.randrange(1000))).isoformat()
        body = "\n\n".join(self.paragraph(fields) for _ in range(paragraphs))
        front = (
            f'---\ntitle: "{title}"\noutlet: "{fields["outlet"]}"\n'
            f'url: "https://example.invalid/{published}/{self.rng.randrange(10**9)}"\n'
            f'published: "{published}"\ntopics:\n  - {fields["product"]}\n  - tariffs\n---\n\n'
        )
        return title, front + body + "\n", published


def knowledge_passages() -> int:
    """Passages of the bundled knowledge, as the indexer cuts them."""
    from bot.ingest.chunking import chunk_document
    from bot.ingest.pipeline import scan_knowledge

    documents, _ = scan_knowledge(KNOWLEDGE)
    return sum(len(chunk_document(d)) for d in documents)


def write_corpus(out: Path, passages: int, seed: int = 0) -> CorpusStats:
    """A knowledge folder of about ``passages`` passages: the bundled articles plus synthetic."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    (out / "synthetic").mkdir(parents=True)
    copied = 0
    for path in sorted(KNOWLEDGE.glob("*.md")):
        shutil.copy(path, out / path.name)  # at the top: source files match the gold set
        copied += 1
    own = knowledge_passages()
    writer = _Writer(seed)
    remaining = max(passages - own, 0)
    articles = 0
    while remaining > 0:
        count = min(writer.rng.randint(*PARAGRAPHS), remaining)
        _, text, _ = writer.article(count)
        folder = out / "synthetic" / f"{articles // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{articles:06d}.md").write_text(text, encoding="utf-8")
        remaining -= count
        articles += 1
    return CorpusStats(
        passages=max(passages, own),
        synthetic_passages=max(passages - own, 0),
        articles=articles,
        knowledge_files=copied,
        seconds=time.perf_counter() - started,
    )


def ensure_corpus(work: Path, passages: int, seed: int = 0) -> Path:
    """The corpus of this size under ``work``, generated once and reused."""
    out = work / f"corpus-{passages}"
    marker = out / ".complete"
    if not marker.is_file():
        write_corpus(out, passages, seed)
        marker.write_text(str(seed), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/tradebot-bench"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{'passages':>9}  {'articles':>8}  {'seconds':>7}  folder")
    for size in args.passages:
        target = args.out / f"corpus-{size}" if len(args.passages) > 1 else args.out
        stats = write_corpus(target, size, args.seed)
        print(f"{stats.passages:>9}  {stats.articles:>8}  {stats.seconds:>7.2f}  {target}")


if __name__ == "__main__":
    main()
