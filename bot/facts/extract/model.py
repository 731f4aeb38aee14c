"""Model-assisted measure extraction: a chat model reads each candidate passage through
LangChain's ``with_structured_output``, and every field it returns is checked against the
passage before a row is kept.

The model only adds rows the rules missed; it never overrides them. A model row must quote the
passage verbatim, its rate must be written in that quote, its imposer and target must be named
in the passage (or the target be "all"), its product must appear in the passage, and a date it
gives must be one the passage states; otherwise the row, or the unsupported date, is dropped.
Rows carry ``extractor="model"`` so readers can tell them apart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from bot.facts.extract.validation import appears, country_appears, norm_for_match
from bot.facts.lexicon import country_of, find_countries, product_of
from bot.facts.models import LEGAL_BASES, FactSet, LegalBasis, MeasureStatus, TariffMeasure
from bot.facts.text import DATE_RE, PERCENT_RE, parse_date, percent_value
from bot.models import Passage
from bot.text import split_sentences

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from bot.settings import Settings

log = logging.getLogger(__name__)

PROMPT_FILE = "extract_measures.md"
_PLACEHOLDERS = frozenset({"title", "date", "passage"})
_CANDIDATE_RE = re.compile(
    r"%|\bper ?cent\b|\b(?:tariffs?|duty-free|tariff-free|dut(?:y|ies)|levy|levies)\b", re.I
)
_TARIFF_WORD_RE = re.compile(
    r"\b(?:(?:counter-?)?tariffs?|dut(?:y|ies)|duty-free|tariff-free|lev(?:y|ies)|levied|"
    r"surcharges?|customs|rates?|penalt(?:y|ies))\b",
    re.I,
)
_ZERO_WORDS_RE = re.compile(r"\b(?:duty-free|tariff-free|zero|0\s*%)", re.I)


class ModelMeasure(BaseModel):
    """One tariff measure as the passage states it."""

    imposer: str = Field(description="Country or bloc charging the tariff, as named")
    target: str = Field(description="Country or bloc whose goods pay it, or 'all'")
    product: str = Field(default="all goods", description="Goods it applies to")
    rate_percent: float | None = Field(description="Rate in percent; null when not given")
    status: MeasureStatus = "in force"
    legal_basis: str = ""
    effective_date: str = Field(default="", description="YYYY-MM-DD when stated, else ''")
    quote: str = Field(description="Exact words of the passage stating the measure")


class PassageMeasures(BaseModel):
    """Every tariff measure stated in one passage."""

    measures: list[ModelMeasure] = Field(default_factory=list)


class PromptFileError(ValueError):
    """The extraction prompt is missing or lacks its placeholders."""


def load_prompt(directory: Path) -> str:
    """The extraction prompt from ``directory``, checked for exactly its placeholders."""
    path = directory / PROMPT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptFileError(f"cannot read prompt {path}: {exc.strerror or exc}") from exc
    found = frozenset(re.findall(r"\{([a-z_]+)\}", text))
    if found != _PLACEHOLDERS:
        raise PromptFileError(f"prompt {path} must use exactly {sorted(_PLACEHOLDERS)}")
    return text


@dataclass(frozen=True, slots=True)
class ModelExtractor:
    """Asks a chat model for the measures of one passage and keeps the ones the text bears."""

    chat_model: BaseChatModel
    prompt: str
    method: Literal["function_calling", "json_mode", "json_schema"] = "function_calling"
    """Tool calling is what most providers and local servers support (llama.cpp's server
    rejects ``json_schema`` response formats but constrains tool calls by grammar)."""

    def measures(self, passage: Passage) -> list[TariffMeasure]:
        structured = self.chat_model.with_structured_output(PassageMeasures, method=self.method)
        text = (
            self.prompt.replace("{title}", passage.title)
            .replace("{date}", passage.published or "undated")
            .replace("{passage}", passage.text)
        )
        result = structured.invoke(text)
        found = result if isinstance(result, PassageMeasures) else PassageMeasures()
        return [m for m in (checked(row, passage) for row in found.measures) if m is not None]


def checked(row: ModelMeasure, passage: Passage) -> TariffMeasure | None:
    """The row as a measure when every field holds against the passage, else None."""
    text = passage.text
    norm = norm_for_match(text)
    quote = row.quote.strip().strip('"“”')
    if len(quote) < 8 or not appears(quote, norm):
        return None
    if not _rate_in(row.rate_percent, quote) or not _TARIFF_WORD_RE.search(quote):
        return None  # the quote must state a tariff: "exports grew 40%" does not
    imposer = _country(row.imposer)
    target = (
        "all" if row.target.strip().lower() in {"all", "all countries"} else _country(row.target)
    )
    if not imposer or not target or imposer == target:
        return None
    if not country_appears(imposer, text, norm) or not country_appears(target, text, norm):
        return None
    if target != "all" and not any(m.country == target for m in find_countries(text)):
        return None  # named, not merely implied by a capital or an alias elsewhere
    product = product_of(row.product) or row.product.strip().lower() or "all goods"
    if product != "all goods" and not appears(row.product, norm) and not appears(product, norm):
        return None
    basis: LegalBasis = next(
        (b for b in LEGAL_BASES if b and b.lower() == row.legal_basis.strip().lower()), ""
    )
    if basis and basis not in {"retaliation", "trade agreement"} and not appears(basis, norm):
        basis = ""
    return TariffMeasure(
        imposer=imposer,
        target=target,
        product=product,
        rate_percent=row.rate_percent,
        kind="sectoral" if product != "all goods" else "other",
        status=row.status,
        effective_date=_stated_date(row.effective_date, text, passage.published),
        paused_until="",
        announced_date="",
        published=passage.published,
        passage_id=passage.passage_id,
        doc_id=passage.doc_id,
        evidence=_sentence_of(quote, text),
        legal_basis=basis,
        quote=quote,
        extractor="model",
    )


def _country(name: str) -> str:
    return country_of(name.strip()) or ""


def _rate_in(rate: float | None, quote: str) -> bool:
    if rate is None:
        return True
    if rate == 0 and _ZERO_WORDS_RE.search(quote):
        return True
    return any(percent_value(m) == rate for m in PERCENT_RE.finditer(quote))


def _stated_date(value: str, text: str, published: str) -> str:
    """The model's date only when the passage states that very date."""
    if not value:
        return ""
    stated = {parse_date(m, published) for m in DATE_RE.finditer(text)}
    return value if value in stated else ""


def _sentence_of(quote: str, text: str) -> str:
    needle = norm_for_match(quote)
    for sentence in split_sentences(text):
        if needle in norm_for_match(sentence):
            return sentence
    return quote


def is_candidate(passage: Passage) -> bool:
    """Passages worth a model call: those speaking of rates or tariffs."""
    return _CANDIDATE_RE.search(passage.text) is not None


def merge(rules: FactSet, model_rows: Sequence[TariffMeasure]) -> FactSet:
    """The rules' facts plus the model rows they lack (same article, pair, product, rate)."""
    seen = {(m.doc_id, m.imposer, m.target, m.product, m.rate_percent) for m in rules.measures}
    added: list[TariffMeasure] = []
    for m in model_rows:
        key = (m.doc_id, m.imposer, m.target, m.product, m.rate_percent)
        if key not in seen:
            seen.add(key)
            added.append(m)
    return FactSet((*rules.measures, *added), rules.participants, rules.positions)


def model_assisted(
    extract: Callable[[Sequence[Passage]], FactSet], extractor: ModelExtractor
) -> Callable[[Sequence[Passage]], FactSet]:
    """An extraction function that runs ``extract`` and adds checked model rows; a passage
    the model fails on keeps the rules' facts alone."""

    def run(passages: Sequence[Passage]) -> FactSet:
        rows: list[TariffMeasure] = []
        for passage in passages:
            if not is_candidate(passage):
                continue
            try:
                rows.extend(extractor.measures(passage))
            except Exception as exc:  # a model or network failure must not stop indexing
                log.warning("model extraction failed for %s: %s", passage.passage_id, exc)
        return merge(extract(passages), rows)

    return run


def lazy_model_extraction(settings: Settings) -> Callable[[Sequence[Passage]], FactSet]:
    """Model-assisted extraction with the configured chat model, built on first use (so that
    commands that only read the ledger never need the model)."""
    built: list[Callable[[Sequence[Passage]], FactSet]] = []

    def run(passages: Sequence[Passage]) -> FactSet:
        if not built:
            from bot.answer.llm import build_chat_model
            from bot.answer.prompts import default_prompts_dir
            from bot.facts.extract import extract_facts

            folder = (settings.prompts_dir or default_prompts_dir()) / "facts"
            extractor = ModelExtractor(build_chat_model(settings), load_prompt(folder))
            built.append(model_assisted(extract_facts, extractor))
        return built[0](passages)

    return run
