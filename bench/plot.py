"""Cost against corpus size, as a PNG for docs/, from the JSON lines of the benchmarks.

    python -m bench.plot --latency /tmp/tradebot-bench/ask_latency.jsonl \
        --throughput /tmp/tradebot-bench/index_throughput.jsonl --out docs/cost-vs-size.png
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def read(path: Path | None) -> list[dict[str, Any]]:
    if path is None or not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    latest: dict[int, dict[str, Any]] = {}
    for row in rows:  # the latest run of each size
        latest[int(row["size"])] = row
    return [latest[size] for size in sorted(latest)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=Path)
    parser.add_argument("--throughput", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs/cost-vs-size.png"))
    args = parser.parse_args()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    latency = read(args.latency)
    throughput = read(args.throughput)
    figure, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    for backend, style in (("local", "o-"), ("server", "s--")):
        points = [r for r in latency if backend in r]
        sizes = [r[backend]["passages"] for r in points]
        if not sizes:
            continue
        for key in ("warm_p50_ms", "warm_p95_ms"):
            values = [r[backend][key] for r in points]
            axes[0].plot(sizes, values, style, label=f"{key[5:8]} {backend}")
        axes[1].plot(sizes, [r[backend]["rss_mb"] for r in points], style, label=f"bot {backend}")
        if backend == "server":
            axes[1].plot(
                sizes, [r[backend]["server_rss_mb"] for r in points], "^:", label="chroma run"
            )
    axes[0].axhline(50, color="grey", linewidth=0.8, linestyle=":")
    axes[0].set(title="warm ask latency", xlabel="passages", ylabel="ms", xscale="log")
    axes[1].axhline(500, color="grey", linewidth=0.8, linestyle=":")
    axes[1].set(title="resident memory", xlabel="passages", ylabel="MB", xscale="log")
    if throughput:
        sizes = [r["index"]["passages"] for r in throughput]

        def model(r: dict[str, Any], key: str) -> float:
            return float(r["model_before"][key] + r["model_after"][key]) / 2

        wall = [r["index"]["passages_per_s"] / model(r, "passages_per_s") for r in throughput]
        cpu = [
            r["index"]["passages_per_cpu_s"] / model(r, "passages_per_cpu_s") for r in throughput
        ]
        axes[2].plot(sizes, [100 * v for v in wall], "o-", label="index ÷ model, wall time")
        axes[2].plot(sizes, [100 * v for v in cpu], "s--", label="index ÷ model, CPU time")
        axes[2].axhline(90, color="grey", linewidth=0.8, linestyle=":")
    axes[2].set(
        title="index throughput vs the model's own", xlabel="passages", ylabel="%", xscale="log"
    )
    for axis in axes:
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
