from bot.ingest.furniture import parse_date


def test_parse_date_formats() -> None:
    assert parse_date("Published March 3, 2025") == "2025-03-03"
    assert parse_date("3 March 2025") == "2025-03-03"
    assert parse_date("2025-04-16T08:00:00Z") == "2025-04-16"
    assert parse_date("no date here") == ""
