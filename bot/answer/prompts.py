"""Prompt templates for chat models, read from files once at start-up.

The prompts live in ``prompts/`` at the top of the project so that they can be read and
changed without touching code, and they are never fetched from anywhere. Each template is
checked for the placeholders the code fills in, so a broken edit stops the bot at start
instead of producing odd answers later.
"""

from __future__ import annotations

import re
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

REQUIRED: dict[str, frozenset[str]] = {
    "system": frozenset(),
    "answer": frozenset({"passages", "question"}),
    "condense": frozenset({"history", "question"}),
}
"""Each prompt file (``<name>.md``) and the placeholders it must contain, and may only contain."""

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
SHARE_SUBDIR = Path("share") / "tradebot" / "prompts"
"""Where a wheel installs the prompts (``data-files`` in pyproject.toml), under the prefix."""


class PromptError(ValueError):
    """A prompt file is missing or does not have the placeholders the code fills in."""


@dataclass(frozen=True, slots=True)
class Prompt:
    name: str
    template: str
    placeholders: frozenset[str]

    def render(self, **values: str) -> str:
        """The template with every placeholder replaced; values are inserted verbatim."""
        missing = self.placeholders - values.keys()
        if missing:
            raise PromptError(f"prompt {self.name!r} needs values for {sorted(missing)}")
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.template)


@dataclass(frozen=True, slots=True)
class Prompts:
    system: Prompt
    answer: Prompt
    condense: Prompt
    directory: Path


def default_prompts_dir() -> Path:
    """The project's ``prompts/`` (source checkout, editable install), else the installed copy."""
    candidates = [
        Path(__file__).resolve().parents[2] / "prompts",
        Path(sysconfig.get_path("data")) / SHARE_SUBDIR,
        Path(sys.prefix) / SHARE_SUBDIR,
    ]
    for candidate in candidates:
        if (candidate / "system.md").is_file():
            return candidate
    return candidates[0]


def parse_prompt(name: str, text: str) -> Prompt:
    """A checked prompt: exactly the placeholders :data:`REQUIRED` lists for ``name``."""
    required = REQUIRED[name]
    found = frozenset(_PLACEHOLDER.findall(text))
    if not text.strip():
        raise PromptError(f"prompt {name!r} is empty")
    if required - found:
        raise PromptError(
            f"prompt {name!r} lacks the placeholder(s) "
            + ", ".join("{" + p + "}" for p in sorted(required - found))
        )
    if found - required:
        raise PromptError(
            f"prompt {name!r} has unknown placeholder(s) "
            + ", ".join("{" + p + "}" for p in sorted(found - required))
            + f"; it may use only {sorted(required) or 'none'}"
        )
    return Prompt(name, text.strip() + "\n", found)


def load_prompts(directory: Path | None = None) -> Prompts:
    """All prompts from ``directory`` (default: :func:`default_prompts_dir`), checked."""
    folder = directory or default_prompts_dir()
    loaded: dict[str, Prompt] = {}
    for name in REQUIRED:
        path = folder / f"{name}.md"
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PromptError(f"cannot read prompt {path}: {exc.strerror or exc}") from exc
        try:
            loaded[name] = parse_prompt(name, text)
        except PromptError as exc:
            raise PromptError(f"{exc} ({path})") from exc
    return Prompts(loaded["system"], loaded["answer"], loaded["condense"], folder)
