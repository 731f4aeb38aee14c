"""The benchmark's labelled sentences: parser, label vocabulary, and a smoke run."""

from __future__ import annotations

import pytest

from bench.facts_quality import LABELS, load_labels, run
from bot.facts.lexicon import COUNTRY_NAMES, PRODUCTS
from bot.facts.models import MEASURE_STATUSES, TOPICS


def test_labels_parse_like_yaml() -> None:
    yaml = pytest.importorskip("yaml")
    ours = load_labels()
    theirs = yaml.safe_load(LABELS.read_text(encoding="utf-8"))

    def norm(value: object) -> object:
        if isinstance(value, dict):
            return {k: norm(v) for k, v in value.items()}
        if isinstance(value, list):
            return [norm(v) for v in value]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        return str(value)

    assert norm(ours) == norm(theirs)


def test_labels_use_the_extractor_vocabulary() -> None:
    items = load_labels()
    assert len(items) >= 45
    assert len({i["id"] for i in items}) == len(items)
    products = {canon for canon, _forms in PRODUCTS} | {"all goods"}
    for item in items:
        for m in item["measures"]:  # type: ignore[union-attr]
            assert isinstance(m, dict)
            assert m["status"] in MEASURE_STATUSES, item["id"]
            assert m["product"] in products, item["id"]
            assert m["target"] in COUNTRY_NAMES | {"all"}, item["id"]
        for p in item["positions"]:  # type: ignore[union-attr]
            assert isinstance(p, dict)
            assert p["topic"] in TOPICS, item["id"]


def test_benchmark_runs() -> None:
    scores = run(load_labels())
    assert set(scores) == {"measures", "participants", "positions"}
    assert all(s.tp > 0 for s in scores.values())
