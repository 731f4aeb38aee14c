"""Checks of a local index folder that Chroma does not make, and moving a damaged one aside.

Chroma trusts its files: a truncated ``chroma.sqlite3`` raises on open, but garbage in an
HNSW segment folder crashes the process (a segmentation fault in the native index) the first
time the collection is searched. So before a collection is used its vector files are checked
against the layout hnswlib writes (a 100-byte header whose sizes must agree with the other
files), and ``tradebot index --rebuild`` also opens the index in a child process, where a
crash is a finding instead of the end of the command. What is damaged is moved aside, never
deleted.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import sqlite3
import struct
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HEADER = struct.Struct("<iQQQQQQiIQQQdQ")
"""hnswlib's persisted header as Chroma writes it: version, offsetLevel0, max_elements,
cur_element_count, size_data_per_element, label_offset, offset_data, max_level,
enter_point, maxM, maxM0, M, mult, ef_construction."""
DERIVED = ("chroma", "lexical", "facts")
"""What an index folder holds that can be rebuilt from the knowledge folder (the rest, such
as feedback votes and forgotten articles, is the user's and stays)."""
PROBE_TIMEOUT_S = 300.0


def vector_segments(chroma_dir: Path, collection: str) -> list[Path]:
    """The HNSW folders of a collection, from Chroma's catalogue (read-only, no Chroma)."""
    database = chroma_dir / "chroma.sqlite3"
    if not database.is_file():
        return []
    with contextlib.closing(_read_only(database)) as connection:
        rows = connection.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id "
            "WHERE c.name = ? AND s.scope = 'VECTOR'",
            (collection,),
        ).fetchall()
    return [chroma_dir / str(row[0]) for row in rows]


def hnsw_problem(folder: Path) -> str | None:
    """Why the HNSW files in ``folder`` cannot be what hnswlib wrote, or None.

    A folder that does not exist yet is fine (Chroma writes it on its first flush). hnswlib
    writes a level-0 record per element (for the capacity when empty, for the elements once
    flushed) and Chroma a 4-byte vector length per element beside it.
    """
    header_path = folder / "header.bin"
    if not folder.exists() or not header_path.exists():
        return None
    try:
        header = header_path.read_bytes()
        sizes = {name: (folder / name).stat().st_size for name in ("data_level0.bin", "length.bin")}
        links = (folder / "link_lists.bin").stat().st_size
    except OSError as exc:
        return f"{folder.name}: {exc.strerror or exc}"
    if len(header) != HEADER.size:
        return f"{folder.name}/header.bin has {len(header)} bytes, not {HEADER.size}"
    (_version, _offset, capacity, count, per_element, label_at, data_at, level, entry, max_m,
     max_m0, m, mult, _ef) = HEADER.unpack(header)  # fmt: skip
    checks = (
        (0 < m <= 4096 and max_m == m and max_m0 == 2 * m, "neighbour counts"),
        (m < 2 or math.isclose(mult, 1 / math.log(m), rel_tol=1e-6), "level multiplier"),
        (0 <= count <= capacity < 2**40, "element counts"),
        (0 < data_at < label_at < per_element < 2**24, "element layout"),
        (sizes["data_level0.bin"] in (count * per_element, capacity * per_element), "data size"),
        (sizes["length.bin"] in (0, 4 * count, 4 * capacity), "vector lengths size"),
        (level >= -1 and (count == 0 or entry < count), "entry point"),
        (links >= 0, "link lists"),
    )
    for ok, what in checks:
        if not ok:
            return f"{folder.name}: the {what} in header.bin do not agree with the files"
    return None


def sqlite_problem(chroma_dir: Path) -> str | None:
    """SQLite's own quick check of Chroma's catalogue, or why it cannot be opened."""
    database = chroma_dir / "chroma.sqlite3"
    if not database.exists():
        return None
    try:
        with contextlib.closing(_read_only(database)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        return f"chroma.sqlite3: {exc}"
    if not result or result[0] != "ok":
        return f"chroma.sqlite3: {result[0] if result else 'no answer to a quick check'}"
    return None


def probe(index_dir: Path, embeddings: str) -> str | None:
    """Open the index and search its live generation in a child process; why that failed.

    The child loads the embedder's identity only (no model), reads the pointer, checks and
    opens the live collections and runs one search; a crash or an error is the finding.
    """
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from bot.index.health import probe_child\n"
        "sys.exit(probe_child(Path(sys.argv[1]), sys.argv[2]))\n"
    )
    try:
        child = subprocess.run(
            [sys.executable, "-c", code, str(index_dir), embeddings],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"opening the index took more than {PROBE_TIMEOUT_S:.0f} s"
    if child.returncode == 0:
        return None
    if child.returncode < 0:
        return f"opening the index crashed the process (signal {-child.returncode})"
    lines = child.stderr.strip().splitlines()
    return lines[-1] if lines else f"opening the index failed (exit code {child.returncode})"


def probe_child(index_dir: Path, embeddings: str) -> int:
    """The child side of :func:`probe` (exit code 0 when the index works)."""
    from bot.index.embeddings import make_embedder
    from bot.index.store import IndexStore

    store = IndexStore.open(index_dir, make_embedder(embeddings))
    pointer = store.pointer()
    if pointer is None:
        return 0
    store.load_lexical(pointer.collection)
    for collection in (store.collection(pointer.collection), store.sentences(pointer.collection)):
        first: Any = collection.get(limit=1, include=["embeddings"])
        if first["ids"]:
            collection.query(query_embeddings=[first["embeddings"][0]], n_results=1)
    return 0


def find_damage(index_dir: Path, embeddings: str) -> str | None:
    """Why the local index at ``index_dir`` cannot be used, or None (also when there is none)."""
    chroma_dir = index_dir / "chroma"
    if not chroma_dir.exists():
        return None
    problem = sqlite_problem(chroma_dir)
    if problem is None:
        for folder in sorted(p for p in chroma_dir.iterdir() if _is_segment(p)):
            problem = hnsw_problem(folder)
            if problem:
                break
    return problem or probe(index_dir, embeddings)


def move_aside(index_dir: Path) -> Path:
    """Move the rebuildable parts of the index into ``<index_dir>/damaged-<time>/``."""
    target = index_dir / f"damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    while target.exists():
        target = target.with_name(target.name + "-1")
    target.mkdir(parents=True)
    for name in DERIVED:
        if (index_dir / name).exists():
            shutil.move(str(index_dir / name), str(target / name))
    return target


def _read_only(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)


def _is_segment(path: Path) -> bool:
    try:
        uuid.UUID(path.name)
    except ValueError:
        return False
    return path.is_dir()


def orphan_segments(chroma_dir: Path) -> list[Path]:
    """Segment folders of collections Chroma deleted but left on disk (a known Chroma
    behaviour: ``delete_collection`` removes the catalogue rows, not the HNSW folder)."""
    database = chroma_dir / "chroma.sqlite3"
    if not database.is_file():
        return []
    with contextlib.closing(_read_only(database)) as connection:
        known = {str(row[0]) for row in connection.execute("SELECT id FROM segments")}
    return [p for p in chroma_dir.iterdir() if _is_segment(p) and p.name not in known]
