"""One serving process, measured from the inside: load, warm ask latency, quality, memory.

Run by ``bench.ask_latency`` as a subprocess (so that its memory is its own) against an index
that is already built; prints one JSON object.

    python -m bench.probe --index DIR --knowledge DIR [--chroma-url URL] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path
from typing import Any

START = time.perf_counter()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--knowledge", type=Path, required=True)
    parser.add_argument("--chroma-url")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--load-only", action="store_true", help="stop after the first answer")
    args = parser.parse_args()

    import psutil  # type: ignore[import-untyped]

    from bot.app import App
    from bot.eval.gold import load_gold
    from bot.eval.metrics import recall_at, reciprocal_rank, summarise
    from bot.eval.systems import ServiceSystem, run_system
    from bot.settings import Settings

    imported = time.perf_counter()
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        knowledge_dir=args.knowledge,
        index_dir=args.index,
        chroma_url=args.chroma_url,
    )
    app = App(settings)
    items = load_gold()
    first = app.service.ask(items[0].question)
    loaded = time.perf_counter()
    rss_loaded = psutil.Process().memory_info().rss
    if args.load_only:
        print(
            json.dumps(
                {
                    "passages": len(app.retriever.passages()),
                    "import_s": imported - START,
                    "load_and_first_answer_s": loaded - imported,
                    "rss_after_load_mb": rss_loaded / 2**20,
                }
            )
        )
        return

    for item in items:  # warm-up pass: caches, lazy imports, page cache
        app.service.ask(item.question)
    latencies: list[float] = []
    retrieve: list[float] = []
    compose: list[float] = []
    for _ in range(args.repeat):
        for item in items:
            started = time.perf_counter()
            answer = app.service.ask(item.question)
            latencies.append((time.perf_counter() - started) * 1000)
            retrieve.append(answer.timings_ms["retrieve"])
            compose.append(answer.timings_ms["compose"])

    quality: dict[str, Any] = {}
    answerable = [i for i in items if i.answerable and i.expected_docs]
    for mode in ("hybrid", "dense", "lexical"):
        rankings = [
            [h.passage.source_file for h in app.retriever.search(i.question, 10, mode)]
            for i in answerable
        ]
        quality[mode] = {
            "recall_at_1": statistics.mean(
                recall_at(i, r, 1) for i, r in zip(answerable, rankings, strict=True)
            ),
            "recall_at_5": statistics.mean(
                recall_at(i, r, 5) for i, r in zip(answerable, rankings, strict=True)
            ),
            "mrr": statistics.mean(
                reciprocal_rank(i, r) for i, r in zip(answerable, rankings, strict=True)
            ),
        }
    answers = summarise(run_system(ServiceSystem("hybrid", app.service), items))
    process = psutil.Process()
    result = {
        "passages": len(app.retriever.passages()),
        "backend": "server" if args.chroma_url else "local",
        "import_s": imported - START,
        "load_and_first_answer_s": loaded - imported,
        "first_answer_refused": first.refused,
        "questions": len(items) * args.repeat,
        "warm_p50_ms": percentile(latencies, 50),
        "warm_p95_ms": percentile(latencies, 95),
        "warm_max_ms": max(latencies),
        "retrieve_p50_ms": percentile(retrieve, 50),
        "retrieve_p95_ms": percentile(retrieve, 95),
        "compose_p50_ms": percentile(compose, 50),
        "compose_p95_ms": percentile(compose, 95),
        "retrieval": quality,
        "answers": answers,
        "rss_after_load_mb": rss_loaded / 2**20,
        "rss_mb": process.memory_info().rss / 2**20,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
