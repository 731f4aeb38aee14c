"""Lexical retrieval: BM25 over stemmed words (bm25s + PyStemmer).

Dense vectors blur exact names and numbers ("Akazawa", "24%"); BM25 finds them. The index is
built once per index generation and saved beside it, with the passages it covers, so a
process answers questions without reading every passage back from Chroma.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from bot.models import Passage
from bot.text import fold

_SPLITTER = r"(?u)\b\w+\b"


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _tokenizer() -> Any:
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG

    return bm25s.tokenization.Tokenizer(stemmer=_stemmer(), stopwords="en", splitter=_SPLITTER)


def stem(words: Sequence[str]) -> list[str]:
    """Stem words the way the lexical index does (for term matching elsewhere)."""
    return list(_stemmer().stemWords(list(words)))


class LexicalIndex:
    """BM25 over a fixed set of passages, in passage order."""

    def __init__(self, passages: Sequence[Passage], retriever: Any, tokenizer: Any) -> None:
        self.passages = list(passages)
        self._retriever = retriever
        self._tokenizer = tokenizer
        self._vocab: dict[str, int] = tokenizer.get_vocab_dict()

    @classmethod
    def build(cls, passages: Sequence[Passage]) -> LexicalIndex:
        import bm25s

        tokenizer = _tokenizer()
        texts = [fold(f"{p.title}\n{p.text}") for p in passages] or [""]
        tokens = tokenizer.tokenize(texts, return_as="tuple", show_progress=False)
        retriever = bm25s.BM25()
        retriever.index(tokens, show_progress=False)
        return cls(passages, retriever, tokenizer)

    def search(self, query: str, k: int) -> list[tuple[Passage, float]]:
        """Top ``k`` passages with a positive BM25 score, best first."""
        if not self.passages:
            return []
        ids = self._tokenizer.tokenize(
            [fold(query)], update_vocab=False, return_as="ids", show_progress=False
        )
        if not any(ids[0]):  # every word unknown to the corpus
            return []
        k = min(k, len(self.passages))
        documents, scores = self._retriever.retrieve(ids, k=k, show_progress=False, n_threads=1)
        return [
            (self.passages[int(i)], float(s))
            for i, s in zip(documents[0], scores[0], strict=True)
            if s > 0
        ]

    def known(self, stemmed_word: str) -> bool:
        """Whether a stemmed word occurs anywhere in the indexed passages."""
        return stemmed_word in self._vocab

    # --- persistence -------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write atomically: a reader never sees a half-written folder."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=directory.parent))
        try:
            self._retriever.save(str(staging))
            self._tokenizer.save_vocab(str(staging))
            self._tokenizer.save_stopwords(str(staging))
            with (staging / "passages.jsonl").open("w", encoding="utf-8") as handle:
                for passage in self.passages:
                    handle.write(json.dumps(asdict(passage), ensure_ascii=False) + "\n")
            if directory.exists():
                shutil.rmtree(directory)
            staging.rename(directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        import bm25s

        with (directory / "passages.jsonl").open(encoding="utf-8") as handle:
            passages = [Passage(**json.loads(line)) for line in handle if line.strip()]
        retriever = bm25s.BM25.load(str(directory), mmap=False)
        tokenizer = _tokenizer()
        tokenizer.load_vocab(str(directory))
        tokenizer.load_stopwords(str(directory))
        index = cls(passages, retriever, tokenizer)
        index.check()
        return index

    def check(self) -> None:
        """Raise ValueError when the saved files do not describe one index (a file cut short
        or replaced): the caller rebuilds it from Chroma instead of answering wrongly."""
        scores = self._retriever.scores
        indptr, indices = scores["indptr"], scores["indices"]
        documents = max(len(self.passages), 1)  # an empty index is built over one empty text
        if int(scores["num_docs"]) != documents:
            raise ValueError(f"{scores['num_docs']} documents scored, {documents} passages")
        if len(indptr) != len(self._vocab) + 1 or int(indptr[-1]) != len(indices):
            raise ValueError("the term index does not match the vocabulary")
        if len(indices) and int(indices.max()) >= documents:
            raise ValueError("the term index names passages that are not there")
        if not all(term.isascii() or fold(term) == term for term in self._vocab):
            raise ValueError("the terms keep their accents (an index from before folding)")


def document_frequency(index: LexicalIndex, stemmed_word: str) -> int:
    """In how many passages a stemmed word occurs (0 when unknown): the basis of term weights."""
    token = index._vocab.get(stemmed_word)
    if token is None or not index.passages:
        return 0
    indptr = index._retriever.scores["indptr"]
    return int(indptr[token + 1] - indptr[token])
