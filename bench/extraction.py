"""Article-body extraction on the ScrapingHub benchmark half in ``../shared/eval-dev/extraction``.

Run: ``.venv/bin/python -m bench.extraction [--data DIR] [--details]``.

Scores, with the benchmark's own scorer (``evaluate.py``, imported from the data folder, never
copied): our loader (``bot.ingest.loader.load_document`` on each page saved as ``.html``), bare
trafilatura (``trafilatura.extract`` with its defaults), and the published outputs of the other
extractors in ``reference/``. Prints F1 / precision / recall with bootstrap spreads, and for our
loader the pages rejected, the pages given a URL and a date, and the time per page.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import header, print_header, table  # noqa: E402

DATA = ROOT.parent / "shared" / "eval-dev" / "extraction"
BOOTSTRAP = 1000

Prediction = dict[str, dict[str, str]]


def load_scorer(data: Path) -> ModuleType:
    """The benchmark's ``evaluate.py``, imported from where it lies."""
    spec = importlib.util.spec_from_file_location("extraction_evaluate", data / "evaluate.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no evaluate.py in {data}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pages(data: Path) -> dict[str, bytes]:
    """Each page's raw bytes by id, in ground-truth order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return {key: gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()) for key in truth}


def run_loader(raw: dict[str, bytes]) -> tuple[Prediction, dict[str, Any]]:
    from bot.ingest.loader import IngestError, load_document

    prediction: Prediction = {}
    stats: dict[str, Any] = {"rejected": [], "url": 0, "date": 0, "title": 0}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for key, data in raw.items():
            path = root / f"{key}.html"
            path.write_bytes(data)
            try:
                document = load_document(path, root)
            except IngestError as exc:
                prediction[key] = {"articleBody": ""}
                stats["rejected"].append(f"{key[:12]}: {exc}")
                continue
            # The title is metadata, not body text: the benchmark's bodies exclude it.
            prediction[key] = {"articleBody": document.text}
            stats["url"] += bool(document.url)
            stats["date"] += bool(document.published)
            stats["title"] += bool(document.title)
    stats["ms_per_page"] = (time.perf_counter() - started) * 1000 / max(len(raw), 1)
    return prediction, stats


def run_trafilatura(raw: dict[str, bytes]) -> Prediction:
    import trafilatura

    return {key: {"articleBody": trafilatura.extract(data) or ""} for key, data in raw.items()}


def _versions(*names: str) -> str:
    from importlib import metadata

    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the benchmark folder")
    parser.add_argument("--details", action="store_true", help="print per-page F1 for ours")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no benchmark at {args.data}", file=sys.stderr)
        return 2
    scorer = load_scorer(args.data)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    raw = pages(args.data)
    info = header()
    info["extraction software"] = _versions("trafilatura", "htmldate", "dateparser", "lxml")
    print_header(info)

    ours, stats = run_loader(raw)
    systems: list[tuple[str, Callable[[], Prediction]]] = [
        ("tradebot load_document", lambda: ours),
        ("trafilatura.extract (defaults)", lambda: run_trafilatura(raw)),
    ]
    for path in sorted((args.data / "reference").glob("*.json")):
        systems.append((f"published: {path.stem}", lambda p=path: scorer.load_prediction(p)[0]))
    rows: list[list[object]] = [["extractor", "F1", "precision", "recall"]]
    for name, predict in systems:
        metrics = scorer.evaluate(truth, predict(), BOOTSTRAP)
        rows.append(
            [
                name,
                f"{metrics['f1']:.3f} ± {metrics['f1_std']:.3f}",
                f"{metrics['precision']:.3f} ± {metrics['precision_std']:.3f}",
                f"{metrics['recall']:.3f} ± {metrics['recall_std']:.3f}",
            ]
        )
    print(table(rows))
    print()
    print(
        f"{len(raw)} pages: {len(stats['rejected'])} rejected, {stats['url']} with a URL, "
        f"{stats['date']} with a date, {stats['title']} with a title; "
        f"{stats['ms_per_page']:.0f} ms per page (our loader)"
    )
    for line in stats["rejected"]:
        print(f"  rejected {line}")
    if args.details:
        for key in truth:
            tp, fp, fn = scorer.string_shingle_matching(
                truth[key].get("articleBody", ""), ours[key]["articleBody"]
            )
            f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            print(
                f"{key[:12]}  F1 {f1:.3f}  P {tp / (tp + fp) if tp else 0:.3f}  "
                f"R {tp / (tp + fn) if tp else 0:.3f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
