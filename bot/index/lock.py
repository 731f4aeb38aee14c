"""One index writer at a time.

A local index folder is guarded by an advisory file lock (released by the kernel if the writer
dies). Processes that share a Chroma server, possibly on several machines, use a lease: a lock
collection whose creation is atomic on the server; an expired lease is broken by the next writer.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


class IndexBusyError(RuntimeError):
    """Another writer holds the index; the message says who and what to do."""


@contextlib.contextmanager
def local_writer_lock(index_dir: Path) -> Iterator[None]:
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / "writer.lock"
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexBusyError(
                f"another reindex is running on {index_dir} ({holder}); wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


LEASE_SECONDS = 3600.0
"""A writer that died without releasing blocks others for at most this long."""


@contextlib.contextmanager
def server_writer_lock(
    client: ClientAPI, name: str, lease_s: float = LEASE_SECONDS
) -> Iterator[None]:
    from chromadb.errors import ChromaError

    owner = f"pid {os.getpid()} on {socket.gethostname()}"
    lock_name = f"{name}-writer-lock"
    for attempt in range(2):
        try:
            client.create_collection(
                lock_name,
                metadata={"owner": owner, "expires": time.time() + lease_s},
                embedding_function=None,
            )
            break
        except ChromaError as exc:
            if "already exists" not in str(exc).lower() and "unique" not in str(exc).lower():
                raise
            try:
                held = client.get_collection(lock_name, embedding_function=None).metadata or {}
            except ChromaError:
                continue  # released meanwhile: try again
            expires = held.get("expires", 0)
            if attempt == 0 and isinstance(expires, (int, float)) and expires < time.time():
                with contextlib.suppress(ChromaError):
                    client.delete_collection(lock_name)  # expired lease of a dead writer
                continue
            raise IndexBusyError(
                "another reindex is running on the Chroma server "
                f"({held.get('owner', 'unknown')}); "
                "wait for it to finish"
            ) from None
    else:
        raise IndexBusyError(
            "another reindex is running on the Chroma server; wait for it to finish"
        )
    try:
        yield
    finally:
        with contextlib.suppress(ChromaError):
            client.delete_collection(lock_name)
