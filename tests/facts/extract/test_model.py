"""Model-assisted extraction through LangChain's structured output, with a fake chat model
that answers with a tool call the way tool-calling providers do."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.facts import extract_facts
from bot.facts.extract.model import (
    ModelExtractor,
    PromptFileError,
    load_prompt,
    model_assisted,
)
from tests.facts.helpers import passages_from

PROMPTS = Path(__file__).resolve().parents[3] / "prompts" / "facts"
TEXT = (
    "Under the pact signed on 3 March 2025, Norway will charge a 12% duty on salmon "
    "feed from Chile, officials said. Chile's farm exports grew 40% last year."
)


class ToolCallingFake(GenericFakeChatModel):
    """Answers every call with the next message; ``bind_tools`` keeps it as it is."""

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ToolCallingFake:  # type: ignore[override]
        assert [getattr(t, "__name__", "") for t in tools] == ["PassageMeasures"]
        return self


def fake_answering(*rows: dict[str, Any]) -> ToolCallingFake:
    call = {"name": "PassageMeasures", "args": {"measures": list(rows)}, "id": "call-1"}
    return ToolCallingFake(messages=iter([AIMessage(content="", tool_calls=[call])]))


def row(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "imposer": "Norway",
        "target": "Chile",
        "product": "salmon feed",
        "rate_percent": 12,
        "status": "agreed",
        "legal_basis": "trade agreement",
        "effective_date": "2025-03-03",
        "quote": "Norway will charge a 12% duty on salmon feed from Chile",
    }
    return {**base, **fields}


def extractor(*rows: dict[str, Any]) -> ModelExtractor:
    return ModelExtractor(fake_answering(*rows), load_prompt(PROMPTS))


def passage() -> Any:
    return passages_from("n.md", [TEXT], {"title": "Norway and Chile", "published": "2025-03-04"})[
        0
    ]


def test_a_row_the_passage_bears_is_kept_and_marked_as_the_model_s() -> None:
    (m,) = extractor(row()).measures(passage())
    assert (m.imposer, m.target, m.rate_percent, m.status) == ("Norway", "Chile", 12.0, "agreed")
    assert m.extractor == "model" and m.effective_date == "2025-03-03"
    assert m.quote in m.evidence and m.legal_basis == "trade agreement"


@pytest.mark.parametrize(
    "bad",
    [
        {"quote": "Norway will charge a 15% duty on salmon feed from Chile"},  # not in the text
        {"rate_percent": 40, "quote": "Chile's farm exports grew 40% last year"},  # not a duty rate
        {"rate_percent": 15},  # rate not in the quote
        {"target": "Peru"},  # not named in the passage
        {"imposer": "Chile", "target": "Chile"},
        {"product": "copper wire"},  # product not in the passage
    ],
)
def test_rows_the_passage_does_not_bear_are_dropped(bad: dict[str, Any]) -> None:
    assert extractor(row(**bad)).measures(passage()) == []


def test_a_date_the_passage_does_not_state_is_dropped_not_the_row() -> None:
    (m,) = extractor(row(effective_date="2025-06-01")).measures(passage())
    assert m.effective_date == ""


def test_model_rows_add_only_what_the_rules_lack() -> None:
    # the goods come after the payer, where the rules' grammar does not look for them
    text = "Norway will charge a 12% duty from Chile, officials said, mostly on salmon feed."
    passages = passages_from(
        "n.md", [text], {"title": "Norway and Chile", "published": "2025-03-04"}
    )
    rules = extract_facts(passages)
    assert rules.measures and all(m.product == "all goods" for m in rules.measures)
    quote = "Norway will charge a 12% duty from Chile"
    merged = model_assisted(extract_facts, extractor(row(quote=quote)))(passages)
    assert merged.measures[: len(rules.measures)] == rules.measures
    added = merged.measures[len(rules.measures) :]
    assert [(m.product, m.extractor) for m in added] == [("salmon feed", "model")]


def test_a_model_row_the_rules_already_have_is_not_repeated() -> None:
    passages = passages_from(
        "n.md", [TEXT], {"title": "Norway and Chile", "published": "2025-03-04"}
    )
    rules = extract_facts(passages)
    assert any(m.rate_percent == 12 and m.product == "salmon feed" for m in rules.measures)
    merged = model_assisted(extract_facts, extractor(row()))(passages)
    assert merged == rules


def test_a_failing_model_leaves_the_rules_facts() -> None:
    broken = ModelExtractor(ToolCallingFake(messages=iter([])), load_prompt(PROMPTS))
    passages = passages_from("n.md", [TEXT], {"published": "2025-03-04"})
    assert model_assisted(extract_facts, broken)(passages) == extract_facts(passages)


def test_a_prompt_without_its_placeholders_is_refused(tmp_path: Path) -> None:
    (tmp_path / "extract_measures.md").write_text("List the measures.", encoding="utf-8")
    with pytest.raises(PromptFileError):
        load_prompt(tmp_path)
