"""Index throughput next to the embedding model's own throughput on the same machine.

The indexer embeds each sentence of a passage once (plus each title once per batch) and derives
the passage vector from them. Figures, per corpus size:

- index p/s: passages per second of a full ``Indexer.reindex`` (files to published generation);
- model p/s: the bare model embedding whole passages (what a plain indexer would embed),
  measured before and after the build and averaged; "index ÷ model" is the target ratio (≥ 90%),
  also given per CPU second, which a shared machine disturbs much less than wall time;
- model share: the part of the build spent inside the model (on the indexer's own inputs,
  measured in the same run); the rest is overhead, broken down stage by stage;
- then one article added and removed again: what a small reindex costs on a large index.

    python -m bench.index_throughput --passages 1000 10000
"""

from __future__ import annotations

import argparse
import contextlib
import inspect
import json
import random
import shutil
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.common import WORK, header, load_average, print_header, table
from bench.corpus import ensure_corpus

Target = tuple[object, str, str]
BESIDE = "(in a thread beside the model)"


@contextlib.contextmanager
def stopwatch(targets: Sequence[Target]) -> Iterator[tuple[dict[str, float], dict[str, float]]]:
    """Wall and process CPU time spent in each patched callable, summed per label; calls made
    outside the main thread (beside the model) are labelled apart, as they overlap the rest."""
    spent: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    restore: list[tuple[object, str, Any]] = []
    for owner, attr, label in targets:
        raw = inspect.getattr_static(owner, attr)
        original = getattr(owner, attr)

        def wrapper(
            *args: Any, _f: Callable[..., Any] = original, _label: str = label, **kwargs: Any
        ) -> Any:
            started, started_cpu = time.perf_counter(), time.process_time()
            main = threading.current_thread() is threading.main_thread()
            key = _label if main else f"{_label} {BESIDE}"
            try:
                return _f(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - started
                cpu[key] += time.process_time() - started_cpu

        own = attr in getattr(owner, "__dict__", {})
        restore.append((owner, attr, raw if own else None))
        setattr(owner, attr, wrapper)
    try:
        yield spent, cpu
    finally:
        for owner, attr, raw in reversed(restore):
            if raw is None:
                delattr(owner, attr)
            else:
                setattr(owner, attr, raw)


def model_throughput(passages: Sequence[Any], runs: int = 3) -> dict[str, float]:
    """The bare model (a fresh instance, warmed up) on sentences and on whole passages.

    Each figure is the median of ``runs`` runs, per wall second and per CPU second of the
    process: on a shared machine wall time depends on the neighbours, CPU time much less.
    """
    from bot.index.embeddings import MiniLMOnnx
    from bot.ingest.chunking import passage_sentences

    model = MiniLMOnnx()
    model.embed_documents(["warm up the session"] * 8)
    sentences = [s for p in passages for s in passage_sentences(p)]
    texts = [p.text for p in passages]

    def rate(items: list[str]) -> tuple[float, float]:
        wall, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            model.embed_documents(items)
            wall.append(len(items) / (time.perf_counter() - started))
            cpu.append(len(items) / (time.process_time() - started_cpu))
        return statistics.median(wall), statistics.median(cpu)

    sentences_wall, sentences_cpu = rate(sentences)
    passages_wall, passages_cpu = rate(texts)
    return {
        "sample_passages": len(passages),
        "sample_sentences": len(sentences),
        "sentences_per_s": sentences_wall,
        "passages_per_s": passages_wall,
        "sentences_per_cpu_s": sentences_cpu,
        "passages_per_cpu_s": passages_cpu,
        "sentences_per_passage": len(sentences) / len(passages),
    }


def index_once(corpus: Path, index_dir: Path) -> dict[str, Any]:
    """A full build of ``corpus`` into an empty ``index_dir``, timed stage by stage."""
    from chromadb.api.models.Collection import Collection

    from bot.app import App
    from bot.index.lexical import LexicalIndex
    from bot.index.store import IndexStore
    from bot.ingest import pipeline
    from bot.settings import Settings

    shutil.rmtree(index_dir, ignore_errors=True)
    settings = Settings(_env_file=None, knowledge_dir=corpus, index_dir=index_dir)  # type: ignore[call-arg]
    app = App(settings)
    embedder = app.store.embedder
    embedder.embed_query("warm up the session")
    targets: list[Target] = [
        (embedder, "embed_documents", "embedding (model)"),
        (Collection, "add", "Chroma add (HNSW + SQLite)"),
        (pipeline, "scan_knowledge", "reading and parsing files"),
        (pipeline, "chunk_document", "chunking"),
        (pipeline, "passage_sentences", "sentence splitting"),
        (LexicalIndex, "build", "BM25 build"),
        (LexicalIndex, "save", "BM25 save"),
        (IndexStore, "publish", "publish + prune"),
        (IndexStore, "prune", "publish + prune"),
    ]
    for derived in app.indexer._derived:  # e.g. the fact ledger
        targets.append((derived, "build", f"derived index: {type(derived).__name__}"))
    with stopwatch(targets) as (spent, cpu):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = app.indexer.reindex(corpus, full=True)
        total = time.perf_counter() - started
        total_cpu = time.process_time() - started_cpu
    (index_dir / ".bench-built").write_text(str(corpus), encoding="utf-8")  # reused by ask_latency
    stages = dict(spent)
    on_main = sum(seconds for stage, seconds in stages.items() if not stage.endswith(BESIDE))
    stages["other (Python glue, vector means)"] = total - on_main
    return {
        "passages": report.passages,
        "documents": report.added,
        "seconds": total,
        "cpu_seconds": total_cpu,
        "passages_per_s": report.passages / total,
        "passages_per_cpu_s": report.passages / total_cpu,
        "stages": stages,
        "stages_cpu": dict(cpu),
    }


def incremental(corpus: Path, index_dir: Path) -> dict[str, float]:
    """One new article, then its removal: what a small reindex costs on a large index.

    Every reindex writes a new generation, copying the unchanged passages with their vectors,
    so this cost grows with the index, not with the change.
    """
    from bot.app import App
    from bot.settings import Settings

    settings = Settings(_env_file=None, knowledge_dir=corpus, index_dir=index_dir)  # type: ignore[call-arg]
    app = App(settings)
    extra = corpus / "zz-incremental-probe.md"
    extra.write_text(
        '---\ntitle: "Probe"\npublished: "2025-05-01"\n---\n\n'
        + "Freedonia set a 37% tariff on imported marmalade on Friday, its trade minister said, "
        "adding that the levy would be reviewed after one year of talks with its neighbours.\n",
        encoding="utf-8",
    )
    try:
        started = time.perf_counter()
        added = app.indexer.reindex(corpus)
        add_s = time.perf_counter() - started
    finally:
        extra.unlink()
    started = time.perf_counter()
    removed = app.indexer.reindex(corpus)
    remove_s = time.perf_counter() - started
    assert added.added == 1 and removed.removed == 1
    return {"one_added_s": add_s, "one_removed_s": remove_s, "passages": removed.passages}


def sample_passages(corpus: Path, size: int, seed: int = 1) -> list[Any]:
    from bot.ingest.chunking import chunk_document
    from bot.ingest.pipeline import scan_knowledge

    documents, _ = scan_knowledge(corpus)
    passages = [p for d in documents for p in chunk_document(d)]
    return random.Random(seed).sample(passages, min(size, len(passages)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--passages", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--sample", type=int, default=600, help="passages for the model figures")
    parser.add_argument("--results", type=Path, help="append the figures as JSON lines here")
    args = parser.parse_args()
    info = header()
    print_header(info)

    rows: list[list[object]] = [
        [
            "passages",
            "index s",
            "index p/s",
            "model p/s",
            "index ÷ model",
            "index ÷ model (CPU s)",
            "model share of index time",
            "(CPU s)",
        ]
    ]
    results = []
    for size in args.passages:
        corpus = ensure_corpus(args.work, size)
        sample = sample_passages(corpus, args.sample)
        before = model_throughput(sample)
        index = index_once(corpus, args.work / f"index-{size}")
        after = model_throughput(sample)
        index["incremental"] = incremental(corpus, args.work / f"index-{size}")
        # The model on whole passages, before and after the build (the machine may be shared).
        model_pps = (before["passages_per_s"] + after["passages_per_s"]) / 2
        model_cpu = (before["passages_per_cpu_s"] + after["passages_per_cpu_s"]) / 2
        embed = "embedding (model)"
        rows.append(
            [
                index["passages"],
                f"{index['seconds']:.1f}",
                f"{index['passages_per_s']:.1f}",
                f"{model_pps:.1f}",
                f"{index['passages_per_s'] / model_pps:.0%}",
                f"{index['passages_per_cpu_s'] / model_cpu:.0%}",
                f"{index['stages'][embed] / index['seconds']:.1%}",
                f"{index['stages_cpu'][embed] / index['cpu_seconds']:.1%}",
            ]
        )
        result = {
            **info,
            "size": size,
            "index": index,
            "model_before": before,
            "model_after": after,
            "load average at end": load_average(),
        }
        results.append(result)
        print(
            f"{size} passages: {index['seconds']:.1f} s; where the time went "
            f"(stages {BESIDE} overlap the others):"
        )
        stage_rows: list[list[object]] = [["stage", "seconds", "share"]]
        for stage, seconds in sorted(index["stages"].items(), key=lambda kv: -kv[1]):
            stage_rows.append([stage, f"{seconds:.2f}", f"{seconds / index['seconds']:.1%}"])
        print(table(stage_rows))
        small = index["incremental"]
        print(
            f"then one article added: {small['one_added_s']:.1f} s, "
            f"and removed again: {small['one_removed_s']:.1f} s (unchanged passages are copied)\n"
        )
        if args.results:
            with args.results.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
    print(table(rows))
    print(f"\nload average at end: {load_average()}")


if __name__ == "__main__":
    main()
