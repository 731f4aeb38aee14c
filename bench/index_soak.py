"""Soak: many reindexes of one corpus, each after one article changed; the index folder's size.

Run: ``python -m bench.index_soak [--passages 1000] [--rounds 50] [--keep-orphans]``.

The build writes one generation; every reindex writes a new one and deletes the one before the
previous, so from the first reindex on the folder holds two. Chroma leaves
the vector folders of deleted collections on disk, so without pruning them the folder grows
with every round. Printed per round: the folder's size, its vector folders (live and orphan)
and the seconds taken; at the end, the largest and the last size over the size after the
first reindex.
``--keep-orphans`` turns the pruning off, to show what it prevents.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from bench.common import WORK, header, print_header, table
from bench.corpus import ensure_corpus


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--keep-orphans", action="store_true", help="do not prune (the old way)")
    args = parser.parse_args()

    import bot.index.store
    from bot.app import App
    from bot.index.health import orphan_segments
    from bot.settings import Settings

    if args.keep_orphans:
        bot.index.store.orphan_segments = lambda _chroma_dir: []  # type: ignore[assignment]
    corpus = ensure_corpus(WORK, args.passages)
    knowledge = WORK / "soak" / "knowledge"
    index_dir = WORK / "soak" / "index"
    shutil.rmtree(WORK / "soak", ignore_errors=True)
    shutil.copytree(corpus, knowledge)
    settings = Settings(_env_file=None, knowledge_dir=knowledge, index_dir=index_dir)  # type: ignore[call-arg]
    app = App(settings)
    articles = sorted((knowledge / "synthetic").rglob("*.md"))

    print_header(header())
    rows = [["round", "MB", "vector folders", "orphans", "passages", "s"]]
    sizes: list[int] = []
    for round_ in range(1, args.rounds + 1):
        if round_ > 1:
            article = articles[round_ % len(articles)]
            with article.open("a", encoding="utf-8") as handle:
                handle.write(f"\nRound {round_}: officials said talks would continue next week.\n")
        started = time.perf_counter()
        report = app.indexer.reindex(knowledge)
        seconds = time.perf_counter() - started
        sizes.append(folder_size(index_dir))
        chroma = index_dir / "chroma"
        folders = sum(1 for p in chroma.iterdir() if p.is_dir())
        orphans = len(orphan_segments(chroma))
        rows.append(
            [str(round_), f"{sizes[-1] / 1e6:.1f}", str(folders), str(orphans),
             str(report.passages), f"{seconds:.1f}"]
        )  # fmt: skip
        print(table(rows[:1] + rows[-1:]).splitlines()[-1], flush=True)
    print()
    print(table(rows, markdown=True))
    # The build holds one generation; every reindex after it holds two (the live one and the
    # one before it, kept for readers that have not yet moved): sizes compare with the first.
    first = sizes[1] if len(sizes) > 1 else sizes[0]
    print(f"\nafter the first reindex: {first / 1e6:.1f} MB; largest after it: "
          f"{max(sizes[1:] or sizes) / 1e6:.1f} MB ({max(sizes[1:] or sizes) / first:.3f} x); "
          f"last: {sizes[-1] / 1e6:.1f} MB ({sizes[-1] / first:.3f} x)")  # fmt: skip


if __name__ == "__main__":
    main()
