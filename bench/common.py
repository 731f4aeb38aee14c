"""What every benchmark records beside its figures: date, machine, command, load; and tables."""

from __future__ import annotations

import os
import platform
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = Path(os.environ.get("TRADEBOT_BENCH_WORK", "/tmp/tradebot-bench"))
"""Corpora and indexes are large: they live outside the repository and are reused."""


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def versions() -> str:
    names = ("chromadb", "onnxruntime", "bm25s", "langchain-chroma")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join([f"Python {platform.python_version()}", *found])


def command_line() -> str:
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    program = f"python -m {spec.name}" if spec is not None else f"python {sys.argv[0]}"
    return " ".join([program, *(shlex.quote(a) for a in sys.argv[1:])])


def header() -> dict[str, str]:
    """Date, machine and command: the context a figure is meaningless without."""
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores (nproc), {cpu_model()}, {memory_gb():.0f} GB RAM",
        "software": versions(),
        "command": command_line(),
        "load average at start": load_average(),
    }


def print_header(info: Mapping[str, str]) -> None:
    for key, value in info.items():
        print(f"{key}: {value}")
    print()


def table(rows: Sequence[Sequence[object]], markdown: bool = False) -> str:
    """Right-aligned columns (the first left-aligned); a Markdown table when asked."""
    cells = [[str(c) for c in row] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * len(cells[0])]
        lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    return "\n".join(
        "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row))
        for row in cells
    )


def bench_env(index_dir: Path, knowledge: Path, chroma_url: str | None = None) -> dict[str, str]:
    """The environment of a ``tradebot`` subprocess: this index, no developer settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TRADEBOT_") and key != "DISCORD_TOKEN"
    }
    env.update(
        {
            "TRADEBOT_INDEX_DIR": str(index_dir),
            "TRADEBOT_KNOWLEDGE_DIR": str(knowledge),
            "TRADEBOT_CHROMA_URL": chroma_url or "",
            "ORT_DISABLE_TELEMETRY": "1",
            "ANONYMIZED_TELEMETRY": "False",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def run_tradebot(
    args: Sequence[str], env: Mapping[str, str], stdin: str | None = None, timeout: float = 7200
) -> subprocess.CompletedProcess[str]:
    tradebot = Path(PYTHON).with_name("tradebot")
    command = [str(tradebot)] if tradebot.exists() else [PYTHON, "-m", "bot"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(env),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
