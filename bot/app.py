"""Composition root: builds the services from the settings, once, for the CLI and the bot.

Nothing else reads the settings to decide which implementation to use; everything else
receives its collaborators through its constructor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.answer.base import Composer
from bot.answer.extractive import ExtractiveComposer
from bot.answer.llm import LLMBackend, make_backend, uses_model
from bot.facts.extract.model import lazy_model_extraction
from bot.facts.index import FactDesk, FactsIndex
from bot.feeds.poller import FeedPoller
from bot.feeds.state import FeedState
from bot.fetch.client import FetchConfig
from bot.fetch.links import LinkAdder
from bot.index.embeddings import make_embedder
from bot.index.lexical import document_frequency
from bot.index.store import IndexStore
from bot.ingest.pipeline import Indexer
from bot.retrieval.hybrid import HybridRetriever
from bot.service import QAService
from bot.settings import Settings


@dataclass
class App:
    settings: Settings

    @cached_property
    def store(self) -> IndexStore:
        embedder = make_embedder(self.settings.embeddings, self.settings.embeddings_base_url)
        return IndexStore.open(self.settings.index_dir, embedder, self.settings.chroma_url)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store)

    @cached_property
    def facts_index(self) -> FactsIndex:
        if not uses_model(self.settings):
            return FactsIndex(self.settings.index_dir)
        return FactsIndex(self.settings.index_dir, lazy_model_extraction(self.settings))

    @cached_property
    def facts(self) -> FactDesk:
        retriever = self.retriever
        return FactDesk(
            self.facts_index,
            lambda: retriever.live().pointer.collection,
            retriever.passages,
            retriever.passage,
        )

    @cached_property
    def indexer(self) -> Indexer:
        return Indexer(self.store, derived=[self.facts_index])

    @cached_property
    def extractive(self) -> ExtractiveComposer:
        retriever = self.retriever
        return ExtractiveComposer(
            lambda stemmed: document_frequency(retriever.live().lexical, stemmed),
            lambda: len(retriever.passages()),
        )

    @cached_property
    def llm(self) -> LLMBackend | None:
        """The configured chat model and its prompts (None on the extractive default).

        Built on first use of the composer: a bad ``TRADEBOT_LLM`` raises LLMConfigError.
        """
        return make_backend(self.settings)

    @cached_property
    def composer(self) -> Composer:
        return self.llm.composer(self.extractive) if self.llm else self.extractive

    @cached_property
    def service(self) -> QAService:
        return QAService(
            self.retriever,
            self.composer,
            top_k=self.settings.top_k,
            max_question_chars=self.settings.max_question_chars,
            facts=self.facts,
            condenser=self.llm.condenser(self.settings.max_question_chars) if self.llm else None,
        )

    @cached_property
    def links(self) -> LinkAdder:
        """Adds articles by link (``tradebot add``, ``/ingest url:``, feeds)."""
        settings = self.settings
        config = FetchConfig(
            contact=settings.fetch_contact,
            allow_private=settings.fetch_allow_private,
            obey_robots=not settings.fetch_ignore_robots,
            timeout_s=settings.fetch_timeout_s,
            deadline_s=6 * settings.fetch_timeout_s,
        )
        return LinkAdder(config, settings.knowledge_dir)

    @cached_property
    def feeds(self) -> FeedPoller:
        return FeedPoller(FeedState(self.settings.feeds_path), self.links)
