"""Tables as sentences a reader (and a retriever) can take one at a time.

A rate in a table means nothing without its row and column: "10%" alone answers nothing.
Each data row becomes one line that names its first cell and pairs every other cell with
its column header: ``Cut flowers — additional duty: 0%; total duty: 12%``.
"""

from __future__ import annotations

from collections.abc import Sequence


def table_lines(rows: Sequence[tuple[Sequence[str], bool]]) -> list[str]:
    """Lines for a table given as ``(cells, is_header_row)`` in order; empty cells allowed.

    A header row with a single filled cell above the column headers is a caption and is kept
    as its own line. Rows without headers are joined cell by cell.
    """
    lines: list[str] = []
    headers: list[str] = []
    for cells, is_header in rows:
        filled = [c for c in cells if c]
        if not filled:
            continue
        if is_header:
            if len(filled) == 1:
                lines.append(_sentence(filled[0]))  # a caption or title row
            else:
                headers = list(cells)
            continue
        lines.append(_row_line(list(cells), headers))
    return lines


def _row_line(cells: list[str], headers: list[str]) -> str:
    label, values = cells[0], cells[1:]
    pairs: list[str] = []
    for offset, value in enumerate(values, start=1):
        if not value:
            continue
        header = headers[offset] if offset < len(headers) else ""
        pairs.append(f"{header.rstrip(':')}: {value}" if header else value)
    if not label:
        return _sentence("; ".join(pairs))
    if not pairs:
        return _sentence(label)
    return _sentence(f"{label} — {'; '.join(pairs)}")


def _sentence(text: str) -> str:
    """A table line ends like a sentence, so it is never glued to the next one."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."
