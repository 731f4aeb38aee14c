"""How many questions per second one ``chroma run`` serves, and what pointer checks cost it.

Every bot process sends the server, per question, one nearest-neighbour query (passages) and
one fetch by id (sentence vectors), and once a second a pointer check (a metadata read). With
query vectors computed in advance, client threads replay those requests against a server
serving an existing index folder; the figures bound how many bot processes one server carries.

    python -m bench.server_load --size 10000 --threads 1 4 8 --seconds 10
"""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path
from typing import Any

from bench.ask_latency import chroma_server
from bench.common import WORK, header, load_average, print_header, table


def replay(url: str, index_dir: Path, threads: int, seconds: float, kind: str) -> dict[str, float]:
    """Requests/s of one ``kind`` (question or pointer) with ``threads`` clients."""
    from bot.eval.gold import load_gold
    from bot.index.embeddings import MiniLMOnnx
    from bot.index.store import IndexStore
    from bot.ingest.chunking import passage_sentences
    from bot.retrieval.hybrid import HybridRetriever

    embedder = MiniLMOnnx()
    vectors = [embedder.embed_query(item.question) for item in load_gold()]
    warm = HybridRetriever(IndexStore.open(index_dir, embedder, url)).live()
    warm.collection.query(query_embeddings=[vectors[0]], n_results=20)  # the server loads HNSW
    done = [0]
    latencies: list[float] = []
    lock = threading.Lock()

    # One connection per client thread, opened before the clock starts.
    name = warm.pointer.collection
    sessions: list[tuple[Any, Any, Any]] = []
    for _ in range(threads):
        store = IndexStore.open(index_dir, embedder, url)
        sessions.append((store, store.collection(name), store.sentences(name)))

    def client(store: Any, passages: Any, sentences: Any) -> None:
        i = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            if kind == "pointer":
                store.pointer()
            else:
                result: Any = passages.query(
                    query_embeddings=[vectors[i % len(vectors)]], n_results=20
                )
                ids = result["ids"][0][:5]
                wanted = [
                    f"{pid}~{n}"
                    for pid in ids
                    for n in range(len(passage_sentences(warm.by_id[pid])))
                ]
                sentences.get(ids=wanted, include=["embeddings"])
            elapsed = time.perf_counter() - started
            with lock:
                done[0] += 1
                latencies.append(elapsed * 1000)
            i += 1

    workers = [threading.Thread(target=client, args=session) for session in sessions]
    stop = time.monotonic() + seconds
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    wall = time.monotonic() - started
    latencies.sort()
    return {
        "threads": threads,
        "per_s": done[0] / wall,
        "p50_ms": latencies[len(latencies) // 2] if latencies else 0.0,
        "p95_ms": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 8])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    print_header(header())
    index_dir = args.work / f"index-{args.size}"
    rows: list[list[object]] = [
        ["passages", "requests", "client threads", "per s", "p50 ms", "p95 ms"]
    ]
    with chroma_server(index_dir / "chroma") as (url, _):
        for kind in ("question", "pointer"):
            for threads in args.threads:
                result = replay(url, index_dir, threads, args.seconds, kind)
                rows.append(
                    [
                        args.size,
                        "question (query + fetch)" if kind == "question" else "pointer check",
                        threads,
                        f"{result['per_s']:.0f}",
                        f"{result['p50_ms']:.1f}",
                        f"{result['p95_ms']:.1f}",
                    ]
                )
    print(table(rows))
    print(f"\nload average at end: {load_average()}")


if __name__ == "__main__":
    main()
