from __future__ import annotations

import pytest

from bot.ingest.dates import is_date_text, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14 February 2026", "2026-02-14"),
        ("Feb 14, 2026 17:30 GMT", "2026-02-14"),
        ("Published: 2026-02-14", "2026-02-14"),
        ("Posted on Saturday 14 February 2026, 9:15 AM ET", "2026-02-14"),
        ("Jo Writer | Lisbon | Updated: 14 Feb 2026, 2:05 pm WET", "2026-02-14"),
        ("2026-02-14T08:00:00+01:00", "2026-02-14"),
        ("2026-02-30", ""),
        ("the 2026 budget", ""),
        ("no date here", ""),
    ],
)
def test_dates_in_common_styles(text: str, expected: str) -> None:
    assert parse_date(text) == expected


def test_a_date_line_is_a_date_and_little_else() -> None:
    assert is_date_text("Saturday 14 February 2026, 09.15 GMT")
    assert is_date_text("Published: 2026-02-14")
    assert not is_date_text("On 14 February 2026 the port reopened after the strike.")
    assert not is_date_text("Lisbon bureau")
