"""Plain-text and JSON rendering of answers and reports for the terminal.

Text from articles, file names and models may carry terminal escape sequences and
bidirectional controls; every such piece goes through :func:`bot.textsafe.clean` before it is
printed (JSON needs nothing: the encoder escapes control characters).
"""

from __future__ import annotations

import json
from typing import Any

from bot.models import Answer, Citation
from bot.textsafe import clean


def answer_json(answer: Answer) -> dict[str, Any]:
    """The stable ``tradebot ask --json`` object; fields are only ever added, never renamed."""
    data: dict[str, Any] = {
        "question": answer.question,
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [c.to_json() for c in answer.citations],
        "backend": answer.backend,
        "timings_ms": answer.timings_ms,
        "standalone": answer.standalone or answer.question,
    }
    if answer.notes:
        data["notes"] = list(answer.notes)
    if answer.closest:
        data["closest"] = [c.to_json() for c in answer.closest]
    return data


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def source_line(citation: Citation) -> str:
    outlet = citation.outlet or "unknown outlet"
    date = citation.published or "undated"
    line = f"[{citation.n}] {citation.title} — {outlet}, {date}"
    if citation.url:
        line += f"\n    {citation.url}"
    return clean(line + f"\n    ({citation.source_file})")


def answer_text(answer: Answer) -> str:
    lines = [clean(answer.text), ""]
    if answer.citations:
        lines.append("Sources:")
        lines.extend(source_line(c) for c in answer.citations)
    if answer.refused and answer.closest:
        lines.append("Closest sources (they do not answer the question):")
        lines.extend(source_line(c) for c in answer.closest)
    for note in answer.notes:
        lines.append(f"Note: {clean(note)}")
    return "\n".join(lines).rstrip()
