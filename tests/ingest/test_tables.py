from __future__ import annotations

from bot.ingest.tables import table_lines


def test_rows_keep_their_cells_with_the_column_headers() -> None:
    rows = [
        (["Port charges in 2026", "", ""], True),
        (["Cargo", "Fee per tonne", "Change"], True),
        (["Grain", "4 euros", "+10%"], False),
        (["Timber", "", "unchanged"], False),
    ]
    assert table_lines(rows) == [
        "Port charges in 2026.",
        "Grain — Fee per tonne: 4 euros; Change: +10%.",
        "Timber — Change: unchanged.",
    ]


def test_rows_without_headers_are_joined() -> None:
    assert table_lines([(["Oats", "12"], False)]) == ["Oats — 12."]
