"""YAML front matter, read safely: no aliases, no implicit dates, a size limit.

A 343-byte YAML "billion laughs" (aliases of aliases) expands to gigabytes, and PyYAML's
implicit timestamps turn ``published: 2025-02-30`` into an exception that stopped every
reindex. Front matter needs neither: aliases are refused, and dates stay strings for the
loader to read (and to warn about, naming the file, when they are not dates).
"""

from __future__ import annotations

import re

import yaml

MAX_FRONT_MATTER_CHARS = 20_000
_FENCE = re.compile(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", re.DOTALL)


class FrontMatterError(ValueError):
    """Front matter that cannot be read; the message says why."""


class _Loader(yaml.SafeLoader):
    """SafeLoader without aliases and without the implicit timestamp type."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", None)
        return super().compose_node(parent, index)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_front_matter(raw: str) -> tuple[dict[str, object], str]:
    """The front matter's fields (keys lower-cased) and the body after it."""
    if not raw.startswith("---"):
        return {}, raw
    match = _FENCE.match(raw[: MAX_FRONT_MATTER_CHARS + 16])
    if not match:
        if len(raw) > MAX_FRONT_MATTER_CHARS and _FENCE.match(raw):
            raise FrontMatterError(
                f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters"
            )
        raise FrontMatterError("front matter starts with '---' but is never closed")
    try:
        meta = yaml.load(match.group(1), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise FrontMatterError(f"front matter is not valid YAML ({problem})") from exc
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter is not a mapping of keys to values")
    return {str(k).lower(): v for k, v in meta.items()}, raw[match.end() :]
