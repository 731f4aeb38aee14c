from pathlib import Path

import bm25s
import pytest

from bot.index.lexical import LexicalIndex, _tokenizer, document_frequency, stem
from bot.models import Passage


def _passage(pid: str, text: str) -> Passage:
    return Passage(
        passage_id=f"{pid}#0",
        doc_id=pid,
        text=text,
        title="",
        outlet="",
        url="",
        published="",
        source_file=f"{pid}.md",
        position=0,
    )


def test_accents_are_matched_either_way() -> None:
    index = LexicalIndex.build(
        [_passage("a", "Commissioner Zoë Brûlé spoke."), _passage("b", "Grain quotas.")]
    )
    assert [p.doc_id for p, _ in index.search("Zoe Brule", 2)] == ["a"]
    assert [p.doc_id for p, _ in index.search("Brûlé", 2)] == ["a"]
    assert document_frequency(index, stem(["brule"])[0]) == 1


def test_an_index_saved_with_accented_terms_is_rejected(tmp_path: Path) -> None:
    """An index built before folding must be rebuilt, or accented names would never match."""
    passages = [_passage("a", "Zoë Brûlé spoke.")]
    tokenizer = _tokenizer()
    tokens = tokenizer.tokenize([passages[0].text], return_as="tuple", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    LexicalIndex(passages, retriever, tokenizer).save(tmp_path / "old")
    with pytest.raises(ValueError, match="accents"):
        LexicalIndex.load(tmp_path / "old")
    LexicalIndex.build(passages).save(tmp_path / "new")
    assert LexicalIndex.load(tmp_path / "new").passages == passages
