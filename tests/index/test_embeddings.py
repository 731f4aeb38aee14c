from __future__ import annotations

import numpy as np
import pytest

from bot.index.embeddings import EmbeddingError, MiniLMOnnx, make_embedder


def test_bundled_model_runs_offline_and_ranks_paraphrases() -> None:
    model = MiniLMOnnx()
    query = model.embed_query("How much do Japanese automobiles pay at the border?")
    documents = model.embed_documents(
        [
            "Japan faces a 25% levy on cars shipped to the United States.",
            "The football match ended in a goalless draw.",
        ]
    )
    assert documents.shape == (2, 384) and query.shape == (384,)
    assert np.allclose(np.linalg.norm(documents, axis=1), 1.0, atol=1e-5)
    similarities = documents @ query
    assert similarities[0] > similarities[1] + 0.3


def test_batching_keeps_input_order() -> None:
    model = MiniLMOnnx()
    texts = [f"sentence number {i} " + "word " * (i % 7) for i in range(70)]
    together = model.embed_documents(texts)
    alone = np.stack([model.embed_query(t) for t in texts[:5]])
    assert np.allclose(together[:5], alone, atol=1e-4)


@pytest.mark.parametrize(
    ("spec", "message"),
    [("word2vec", "unknown embeddings"), ("cohere:embed", "unknown embeddings provider")],
)
def test_unknown_provider_lists_choices(spec: str, message: str) -> None:
    with pytest.raises(EmbeddingError, match=message) as info:
        make_embedder(spec)
    assert "minilm-int8" in str(info.value) and "openai:<model>" in str(info.value)


def test_openai_without_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(EmbeddingError, match="cannot set up embeddings 'openai:"):
        make_embedder("openai:text-embedding-3-small")
