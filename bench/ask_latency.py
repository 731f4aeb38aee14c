"""Serving cost by corpus size: warm ask latency, cold start, memory, gold recall among distractors.

For each size the synthetic corpus (``bench.corpus``, bundled knowledge mixed in) is indexed once
and reused. Each measurement runs in its own process: ``bench.probe`` for warm latency, quality
and memory; ``tradebot ask --json`` itself for cold start. With ``--server`` the same index
folder is then served by a real ``chroma run`` and measured again (local folder vs server).

    python -m bench.ask_latency --sizes 1000 10000 100000 --server
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import PYTHON, ROOT, WORK, bench_env, header, load_average, print_header, table
from bench.corpus import ensure_corpus

COLD_QUESTION = "What is the US levy on Japanese cars?"
BUILT = ".bench-built"


def ensure_index(corpus: Path, index_dir: Path) -> float | None:
    """Build the index once (``tradebot index``); the build time, or None when reused."""
    marker = index_dir / BUILT
    if marker.is_file() and marker.read_text(encoding="utf-8") == str(corpus):
        return None
    env = bench_env(index_dir, corpus)
    started = time.perf_counter()
    from bench.common import run_tradebot

    result = run_tradebot(["index", "--rebuild"], env)
    if result.returncode != 0:
        raise RuntimeError(f"tradebot index failed: {result.stderr[-2000:]}")
    seconds = time.perf_counter() - started
    marker.write_text(str(corpus), encoding="utf-8")
    return seconds


def probe(
    corpus: Path, index_dir: Path, chroma_url: str | None, repeat: int, load_only: bool = False
) -> dict[str, Any]:
    command = [PYTHON, "-m", "bench.probe", "--index", str(index_dir)]
    command += ["--knowledge", str(corpus), "--repeat", str(repeat)]
    if load_only:
        command.append("--load-only")
    if chroma_url:
        command += ["--chroma-url", chroma_url]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=bench_env(index_dir, corpus, chroma_url),
        cwd=ROOT,
        timeout=7200,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"probe failed: {result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def cold_start(
    corpus: Path, index_dir: Path, chroma_url: str | None, runs: int
) -> dict[str, float]:
    """Wall time of ``tradebot ask --json QUESTION`` as a fresh process, index already built."""
    from bench.common import run_tradebot

    env = bench_env(index_dir, corpus, chroma_url)
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        result = run_tradebot(["ask", "--json", COLD_QUESTION], env, timeout=600)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            raise RuntimeError(f"tradebot ask failed: {result.stderr[-2000:]}")
        answer = json.loads(result.stdout)
        if answer["refused"]:
            raise RuntimeError(f"cold ask refused: {answer}")
    return {
        "first_s": times[0],
        "median_s": statistics.median(times[1:]),
        "max_s": max(times[1:]),
        "runs": runs,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def chroma_server(path: Path) -> Iterator[tuple[str, int]]:
    """``chroma run`` serving an existing index folder; yields its URL and process id."""
    port = free_port()
    chroma = Path(PYTHON).with_name("chroma")
    log = (path.parent / "server.log").open("w")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def rss_mb(pid: int) -> float:
    import psutil  # type: ignore[import-untyped]

    return float(psutil.Process(pid).memory_info().rss) / 2**20


def measure(size: int, work: Path, server: bool, repeat: int, cold_runs: int) -> dict[str, Any]:
    corpus = ensure_corpus(work, size)
    index_dir = work / f"index-{size}"
    build_s = ensure_index(corpus, index_dir)
    result: dict[str, Any] = {"size": size, "build_s": build_s}
    result["local"] = probe(corpus, index_dir, None, repeat)
    result["local"]["cold"] = cold_start(corpus, index_dir, None, cold_runs)
    if server:
        with chroma_server(index_dir / "chroma") as (url, pid):
            result["server"] = probe(corpus, index_dir, url, repeat)
            result["server"]["cold"] = cold_start(corpus, index_dir, url, cold_runs)
            result["server"]["server_rss_mb"] = rss_mb(pid)
            # Another machine: no local BM25 cache, so it reads every passage from the server.
            fresh = work / f"fresh-{size}"
            shutil.rmtree(fresh, ignore_errors=True)
            result["server_fresh_machine"] = probe(corpus, fresh, url, 0, load_only=True)
            shutil.rmtree(fresh, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--server", action="store_true", help="also measure via `chroma run`")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over the gold set")
    parser.add_argument("--cold", type=int, default=5, help="cold-start runs (after one more)")
    parser.add_argument("--results", type=Path, help="append the figures as JSON lines here")
    args = parser.parse_args()
    info = header()
    print_header(info)
    args.work.mkdir(parents=True, exist_ok=True)

    rows: list[list[object]] = [
        [
            "passages",
            "backend",
            "warm p50 ms",
            "warm p95 ms",
            "retrieve p95",
            "compose p95",
            "cold median s",
            "cold first s",
            "RSS MB",
            "server RSS MB",
            "recall@5 hybrid",
            "dense",
            "bm25",
            "fact acc.",
            "refusal R",
        ]
    ]
    for size in args.sizes:
        result = {**info, **measure(size, args.work, args.server, args.repeat, args.cold)}
        result["load average at end"] = load_average()
        for backend in ("local", "server"):
            data = result.get(backend)
            if not data:
                continue
            retrieval = data["retrieval"]
            rows.append(
                [
                    data["passages"],
                    backend,
                    f"{data['warm_p50_ms']:.1f}",
                    f"{data['warm_p95_ms']:.1f}",
                    f"{data['retrieve_p95_ms']:.1f}",
                    f"{data['compose_p95_ms']:.1f}",
                    f"{data['cold']['median_s']:.2f}",
                    f"{data['cold']['first_s']:.2f}",
                    f"{data['rss_mb']:.0f}",
                    f"{data['server_rss_mb']:.0f}" if "server_rss_mb" in data else "—",
                    f"{retrieval['hybrid']['recall_at_5']:.3f}",
                    f"{retrieval['dense']['recall_at_5']:.3f}",
                    f"{retrieval['lexical']['recall_at_5']:.3f}",
                    f"{data['answers']['fact_accuracy']:.3f}",
                    f"{data['answers']['refusal_recall']:.3f}",
                ]
            )
        fresh = result.get("server_fresh_machine")
        if fresh:
            print(
                f"{size}: a new bot process with an empty local folder answered its first "
                f"question {fresh['load_and_first_answer_s']:.2f} s after import "
                "(BM25 rebuilt from the server)"
            )
        if result.get("build_s") is not None:
            print(f"{size}: index built in {result['build_s']:.1f} s (tradebot index --rebuild)")
        if args.results:
            with args.results.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(result) + "\n")
        print(table(rows[-2:] if args.server else rows[-1:]), file=sys.stderr)
    print(table(rows))
    print(f"\nload average at end: {load_average()}")


if __name__ == "__main__":
    main()
