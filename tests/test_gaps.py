"""Refused questions: stored without user ids, kept for the retention period, grouped by
meaning with the real embedding model."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import numpy as np

from bot.gaps import GapStore, cluster
from bot.index.embeddings import make_embedder

ASKED = [
    "What duty does Northland charge on imported lumber?",
    "How high is Northland's tariff on timber imports?",
    "northland lumber tariff rate?",
    "Who chairs the Southland fisheries council?",
    "Who is the head of Southland's fisheries council?",
    "When does the harbour fee holiday end?",
]


def test_paraphrases_group_together_with_a_representative_example() -> None:
    embed = make_embedder("minilm-int8").embed_documents
    now = time.time()
    gaps = cluster([(now - i, q) for i, q in enumerate(ASKED)], embed)
    assert [g.count for g in gaps] == [3, 2, 1]
    assert "lumber" in gaps[0].example.lower() or "timber" in gaps[0].example.lower()
    assert "fisheries" in gaps[1].example
    assert gaps[2].example == ASKED[5]


def test_store_keeps_no_user_ids_and_forgets_after_the_retention(tmp_path: Path) -> None:
    store = GapStore(tmp_path / "gaps.sqlite3", retention_days=1)
    store.record("old question", "discord", 7)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE refused SET time = time - 2 * 86400")
    store.record("new question", "cli")
    store.record("server question", "discord", 7)
    with sqlite3.connect(store.path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(refused)")]
        assert [q for (q,) in db.execute("SELECT question FROM refused")] == [
            "new question",
            "server question",
        ]
    assert columns == ["time", "question", "origin", "guild_id"]
    assert [q for _, q in store.questions(1, guild_id=7)] == ["server question"]

    def embed(texts: list[str]) -> np.ndarray:
        return np.eye(len(texts), dtype=np.float32)

    assert [g.count for g in store.report(embed, days=1)] == [1, 1]
