"""Adding and removing articles in the knowledge folder for ``/ingest`` and ``/forget``.

Uploaded names come from strangers' computers: only a plain file name of safe characters is
ever used, and every path is checked to stay inside the knowledge folder. Files are written
atomically and a forgotten article is moved aside rather than deleted, so a mistake is easy to
undo by hand. Everything here is blocking; the cog runs it in a thread.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
import unicodedata
from pathlib import Path

from bot.ingest.loader import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, IngestError, load_document
from bot.ingest.pipeline import KnowledgeDirError

MAX_NAME_CHARS = 100


class FileRefused(ValueError):
    """The file or name cannot be used; the message is safe to show to the moderator."""


def safe_name(filename: str) -> str:
    """A plain, safe file name for an upload, keeping its (supported) extension."""
    base = unicodedata.normalize("NFKC", re.split(r"[\\/]", filename)[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(SUPPORTED_SUFFIXES)
        raise FileRefused(f"only {kinds} files can be added, not {suffix or 'no extension'}")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")
    stem = re.sub(r"-{2,}", "-", stem)[: MAX_NAME_CHARS - len(suffix)]
    if not stem:
        raise FileRefused("the file name has no usable characters; rename it and try again")
    return stem + suffix


def check_upload(data: bytes, name: str) -> None:
    """Refuse what the indexer would skip (size, binary, encoding, no article text)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    with tempfile.TemporaryDirectory(prefix="tradebot-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            load_document(path, Path(folder))
        except IngestError as exc:
            raise FileRefused(str(exc)) from exc


def _knowledge(knowledge_dir: Path) -> Path:
    if not knowledge_dir.is_dir():
        raise KnowledgeDirError(f"knowledge folder {knowledge_dir} does not exist")
    return knowledge_dir.resolve()


def _set_aside(path: Path, relative: str, kept_dir: Path, move: bool) -> None:
    """Keep a copy of an article (moved or copied) under a time-stamped name."""
    kept_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = kept_dir / f"{stamp}-{relative.replace('/', '__')}"
    if move:
        shutil.move(path, kept)
    else:
        shutil.copy2(path, kept)


def store_upload(data: bytes, name: str, knowledge_dir: Path, kept_dir: Path | None = None) -> bool:
    """Write a checked upload into the knowledge folder; True if it replaced a file, whose
    previous version is then copied to ``kept_dir`` first (as ``/forget`` keeps one)."""
    check_upload(data, name)
    target = _knowledge(knowledge_dir) / name
    replaced = target.exists()
    if replaced and kept_dir is not None:
        _set_aside(target, name, kept_dir, move=False)
    temporary = target.with_name(f".{name}.{os.getpid()}.part")  # dot files are never indexed
    temporary.write_bytes(data)
    os.replace(temporary, target)
    return replaced


def resolve_source(source: str, knowledge_dir: Path) -> Path:
    """The article file named by ``source``: a path as in ``/sources`` or a unique file name."""
    root = _knowledge(knowledge_dir)
    wanted = source.strip().strip("`")
    candidate = (root / wanted).resolve()
    if wanted and candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    matches = [p for p in root.rglob("*") if p.is_file() and p.name == Path(wanted).name]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise FileRefused(f"several articles are named {Path(wanted).name}; give the full path")
    raise FileRefused(f"no article named {wanted or '(empty)'}; /sources lists them")


def forget_source(source: str, knowledge_dir: Path, forgotten_dir: Path) -> str:
    """Move an article out of the knowledge folder; returns its path relative to the folder."""
    path = resolve_source(source, knowledge_dir)
    relative = path.relative_to(_knowledge(knowledge_dir)).as_posix()
    _set_aside(path, relative, forgotten_dir, move=True)
    return relative
