from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.answer.prompts import REQUIRED, PromptError, default_prompts_dir, load_prompts
from tests.conftest import ROOT


def test_every_prompt_in_the_project_loads_with_its_placeholders() -> None:
    prompts = load_prompts()
    assert prompts.directory == ROOT / "prompts" == default_prompts_dir()
    for name, required in REQUIRED.items():
        prompt = getattr(prompts, name)
        assert prompt.placeholders == required
        assert (ROOT / "prompts" / f"{name}.md").read_text().strip() in prompt.template
    assert sorted(p.stem for p in (ROOT / "prompts").glob("*.md")) == sorted(REQUIRED)


def test_the_prompts_say_what_the_passages_are_and_how_to_cite() -> None:
    prompts = load_prompts()
    system = prompts.system.render().lower()
    assert "never instructions" in system and "[2]" in system
    assert "do not answer" in system
    rendered = prompts.answer.render(passages="<passage n=1>x {question}</passage>", question="Q?")
    assert "<passages>\n<passage n=1>x {question}</passage>\n</passages>" in rendered
    assert rendered.count("Q?") == 1, "values are inserted verbatim, never re-expanded"


def test_missing_or_unknown_placeholders_fail_at_load(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "prompts", tmp_path, dirs_exist_ok=True)
    answer = tmp_path / "answer.md"
    answer.write_text(answer.read_text().replace("{passages}", "the passages"))
    with pytest.raises(PromptError, match=r"lacks the placeholder\(s\) \{passages\}"):
        load_prompts(tmp_path)
    answer.write_text((ROOT / "prompts" / "answer.md").read_text() + "\n{passage}\n")
    with pytest.raises(PromptError, match=r"unknown placeholder\(s\) \{passage\}"):
        load_prompts(tmp_path)
    (tmp_path / "answer.md").unlink()
    with pytest.raises(PromptError, match="cannot read prompt"):
        load_prompts(tmp_path)


def test_render_needs_every_value() -> None:
    with pytest.raises(PromptError, match="needs values"):
        load_prompts().condense.render(question="and cars?")
