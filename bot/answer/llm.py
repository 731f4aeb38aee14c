"""Answers written by a chat model, verified, with the extractive answer as the safety net.

``TRADEBOT_LLM=provider:model`` selects a LangChain chat model (``init_chat_model``, imported
only then): ``openai`` (any OpenAI-compatible server with ``TRADEBOT_LLM_BASE_URL``),
``anthropic`` or ``ollama``. The retrieved passages go to the model as a numbered, delimited
block in the user message; the instructions (``prompts/system.md``) say that this text is
material, never instructions. Whatever the model writes is checked by
:func:`bot.answer.verify.verify` before it becomes an answer.

The model never leaves the user without an answer: each call has a hard deadline
(``TRADEBOT_LLM_TIMEOUT``) enforced from the caller's side whatever the provider's client
does, transient failures (timeout, connection refused, 429, 5xx) are retried at most twice
with back-off inside that deadline, and after that the extractive answer is shown with a
note. ``backend`` then says ``extractive``: it names whichever composer wrote the final text.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from bot.answer.base import REFUSAL, Composer, Composition
from bot.answer.followup import RuleCondenser, Turn
from bot.answer.prompts import PromptError, Prompts, load_prompts
from bot.answer.verify import ANSWER_MAX_CHARS, strip_citations, verify
from bot.models import ScoredPassage
from bot.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

log = logging.getLogger(__name__)

PROVIDERS: dict[str, tuple[str, str | None]] = {
    "openai": ("langchain-openai", "OPENAI_API_KEY"),
    "anthropic": ("langchain-anthropic", "ANTHROPIC_API_KEY"),
    "ollama": ("langchain-ollama", None),
}
"""Supported providers: the LangChain integration package and the key variable each needs."""
CHOICES = "extractive, " + ", ".join(f"{p}:<model>" for p in PROVIDERS)

NO_ANSWER_NOTE = "the language model did not answer; showing passages"
UNVERIFIED_NOTE = (
    "the language model's answer could not be verified against the passages; showing passages"
)
REMOVED_CITATIONS_NOTE = "citations to passages that were not retrieved were removed"
MAX_RETRIES = 2
BACKOFF_S = 0.5
"""First pause before a retry; doubled for the second."""
CONDENSE_TIMEOUT_S = 10.0
"""Rewriting a follow-up is a short call; it gets at most this long (or the model timeout)."""
HISTORY_ANSWER_CHARS = 600

_THINK = re.compile(r"<think>.*?(</think>|$)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"</?\s*passages?\b", re.IGNORECASE)
_LABEL = re.compile(r"^\W*(standalone question|rewritten question|question)\s*:\s*", re.I)


class LLMConfigError(ValueError):
    """The model settings cannot work (unknown provider, missing key or package, bad prompt)."""


class ModelUnavailable(RuntimeError):
    """The model gave no usable reply within the deadline and retries."""


# --- configuration -----------------------------------------------------------------------------


def uses_model(settings: Settings) -> bool:
    return settings.llm.strip().lower() != "extractive"


def parse_llm(spec: str) -> tuple[str, str]:
    """``"openai:gpt-4o-mini"`` → ``("openai", "gpt-4o-mini")``, or a clear error."""
    provider, sep, model = spec.strip().partition(":")
    provider = provider.lower()
    if not sep or provider not in PROVIDERS or not model.strip():
        raise LLMConfigError(
            f"TRADEBOT_LLM={spec!r} is not a valid choice; use one of: {CHOICES} "
            "(e.g. openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, ollama:llama3.2)"
        )
    return provider, model.strip()


def chat_model_kwargs(settings: Settings) -> tuple[str, str, dict[str, Any]]:
    """Provider, model and the keyword arguments for ``init_chat_model``; checks keys."""
    provider, model = parse_llm(settings.llm)
    base_url = settings.llm_base_url
    kwargs: dict[str, Any] = {"temperature": settings.llm_temperature}
    if provider == "openai":
        key = settings.openai_api_key
        if key is None and base_url is None:
            raise LLMConfigError(
                f"TRADEBOT_LLM={settings.llm} needs OPENAI_API_KEY, or TRADEBOT_LLM_BASE_URL "
                "for an OpenAI-compatible server (vLLM, llama.cpp, LM Studio…)"
            )
        kwargs.update(
            api_key=key.get_secret_value() if key else "not-needed",
            timeout=settings.llm_timeout,
            max_retries=0,  # retries are ours, inside the deadline
            max_tokens=settings.llm_max_tokens,
        )
        if base_url:
            # llama.cpp's server ignores max_completion_tokens, which langchain-openai sends.
            kwargs.update(
                base_url=base_url,
                extra_body={"max_tokens": settings.llm_max_tokens},
                use_responses_api=False,
            )
    elif provider == "anthropic":
        key = settings.anthropic_api_key
        if key is None:
            raise LLMConfigError(f"TRADEBOT_LLM={settings.llm} needs ANTHROPIC_API_KEY")
        kwargs.update(
            api_key=key.get_secret_value(),
            timeout=settings.llm_timeout,
            max_retries=0,
            max_tokens=settings.llm_max_tokens,
        )
        if base_url:
            kwargs["base_url"] = base_url
    else:  # ollama
        kwargs.update(
            num_predict=settings.llm_max_tokens, client_kwargs={"timeout": settings.llm_timeout}
        )
        if base_url:
            kwargs["base_url"] = base_url
    return provider, model, kwargs


def build_chat_model(settings: Settings) -> BaseChatModel:
    """The configured LangChain chat model; LangChain is imported only here."""
    provider, model, kwargs = chat_model_kwargs(settings)
    package = PROVIDERS[provider][0]
    try:
        from langchain.chat_models import init_chat_model

        chat_model: BaseChatModel = init_chat_model(model, model_provider=provider, **kwargs)
    except ImportError as exc:
        raise LLMConfigError(
            f"TRADEBOT_LLM={settings.llm} needs the package {package}: "
            f"pip install -e '.[{provider}]'"
        ) from exc
    except Exception as exc:  # the provider's own validation, e.g. a malformed key or URL
        raise LLMConfigError(f"TRADEBOT_LLM={settings.llm}: {exc}") from exc
    return chat_model


# --- calling the model -------------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: timeouts, refused or dropped connections, 429 and 5xx."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        status = getattr(current, "status_code", None)
        if status is None:
            status = getattr(getattr(current, "response", None), "status_code", None)
        if isinstance(status, int) and status > 0:
            return status == 429 or status >= 500
        if isinstance(current, (TimeoutError, ConnectionError)):
            return True
        name = type(current).__name__
        if "Timeout" in name or "Connect" in name or name in ("RemoteProtocolError", "ReadError"):
            return True
        current = current.__cause__ or current.__context__
    return False


def _describe(exc: BaseException) -> str:
    text = (str(exc).strip().splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _chunk_text(chunk: Any) -> str:
    text = getattr(chunk, "text", "")
    return str(text) if text else ""


class ChatRunner:
    """Streams a chat model's reply within a hard deadline, retrying transient failures.

    The model runs in a worker thread and the caller waits on a queue with the time left, so
    the deadline holds even when a provider's client blocks longer than asked; a worker that
    outlives it ends with its client's own timeout, and its output is discarded.
    """

    def __init__(
        self,
        model: BaseChatModel,
        timeout: float,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF_S,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff

    def stream(self, messages: Sequence[BaseMessage]) -> Iterator[str]:
        """Text as it arrives; :class:`ModelUnavailable` when there is no (complete) reply.

        Only a call that has not produced text yet is retried: a reply cut off midway is a
        failure, not something to stitch together.
        """
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            produced = False
            try:
                for text in self._attempt(messages, deadline):
                    produced = True
                    yield text
                return
            except Exception as exc:
                pause = self.backoff * 2**attempt
                left = deadline - time.monotonic()
                if produced or attempt >= self.max_retries or not is_transient(exc):
                    raise ModelUnavailable(_describe(exc)) from exc
                if left <= pause:
                    raise ModelUnavailable(f"{_describe(exc)}; no time left to retry") from exc
                log.info("language model: %s; retrying in %.1f s", _describe(exc), pause)
                time.sleep(pause)
                attempt += 1

    def _attempt(self, messages: Sequence[BaseMessage], deadline: float) -> Iterator[str]:
        items: queue.Queue[tuple[str, Any]] = queue.Queue()
        cancelled = threading.Event()
        model = self.model

        def work() -> None:
            try:
                for chunk in model.stream(list(messages)):
                    if cancelled.is_set():
                        return
                    text = _chunk_text(chunk)
                    if text:
                        items.put(("text", text))
                items.put(("end", None))
            except BaseException as exc:  # handed over to the caller's thread
                items.put(("error", exc))

        threading.Thread(target=work, name="tradebot-llm", daemon=True).start()
        try:
            while True:
                left = deadline - time.monotonic()
                try:
                    if left <= 0:
                        raise queue.Empty
                    kind, value = items.get(timeout=left)
                except queue.Empty:
                    raise TimeoutError(f"no complete reply within {self.timeout:g} s") from None
                if kind == "text":
                    yield str(value)
                elif kind == "end":
                    return
                else:
                    raise value
        finally:
            cancelled.set()


# --- answering -----------------------------------------------------------------------------------


def passages_block(hits: Sequence[ScoredPassage]) -> str:
    """The numbered passages with title, outlet and date, each between its own tags.

    A passage cannot close its tag early: ``<passage`` inside the text is defused.
    """
    parts = []
    for n, hit in enumerate(hits, 1):
        p = hit.passage
        attrs = " ".join(
            f'{key}="{_TAG.sub("", value).replace(chr(34), chr(39))}"'
            for key, value in (
                ("title", p.title),
                ("outlet", p.outlet or "unknown"),
                ("date", p.published or "undated"),
            )
        )
        text = _TAG.sub(lambda m: m.group(0).replace("<", "(").replace("/", ""), p.text)
        parts.append(f'<passage n="{n}" {attrs}>\n{text}\n</passage>')
    return "\n\n".join(parts)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


class LLMComposer:
    """Asks the chat model for an answer from the retrieved passages and verifies it."""

    def __init__(
        self,
        name: str,
        runner: ChatRunner,
        prompts: Prompts,
        fallback: Composer,
        max_chars: int = ANSWER_MAX_CHARS,
    ) -> None:
        self.max_chars = max_chars
        self._name = name
        self.runner = runner
        self.prompts = prompts
        self.fallback = fallback

    @property
    def name(self) -> str:
        return self._name

    def messages(self, question: str, hits: Sequence[ScoredPassage]) -> list[BaseMessage]:
        from langchain_core.messages import HumanMessage, SystemMessage

        user = self.prompts.answer.render(passages=passages_block(hits), question=question)
        return [SystemMessage(self.prompts.system.render()), HumanMessage(user)]

    def compose(self, question: str, hits: Sequence[ScoredPassage]) -> Composition:
        final: Composition | None = None
        for item in self.stream(question, hits):
            if isinstance(item, Composition):
                final = item
        if final is None:  # pragma: no cover - stream always ends with a Composition
            raise RuntimeError("the composer produced no answer")
        return final

    def stream(self, question: str, hits: Sequence[ScoredPassage]) -> Iterator[str | Composition]:
        """The model's unverified text as it arrives, then the verified :class:`Composition`."""
        if not hits:
            yield self._fallback(question, hits, None)
            return
        draft: list[str] = []
        try:
            for text in self.runner.stream(self.messages(question, hits)):
                draft.append(text)
                yield text
        except ModelUnavailable as exc:
            log.warning("language model %s did not answer: %s", self.name, exc)
            yield self._fallback(question, hits, NO_ANSWER_NOTE)
            return
        yield self.finish(question, hits, "".join(draft))

    def finish(self, question: str, hits: Sequence[ScoredPassage], draft: str) -> Composition:
        """The verified answer for a complete draft (the extractive one if nothing holds)."""
        text = _THINK.sub("", draft).strip()
        if not text:
            log.warning("language model %s returned an empty answer", self.name)
            return self._fallback(question, hits, NO_ANSWER_NOTE)
        result = verify(text, [hit.passage for hit in hits], self.max_chars)
        for item in result.dropped:
            log.debug("left out (%s): %s", item.reason, item.sentence)
        if result.refusal:
            return Composition(REFUSAL, refused=True, cited=(), backend=self.name)
        if not result.ok:
            return self._fallback(question, hits, UNVERIFIED_NOTE)
        notes: list[str] = []
        if result.dropped:
            count = len(result.dropped)
            notes.append(
                f"{count} {_plural(count, 'sentence', 'sentences')} of the model's answer "
                f"{_plural(count, 'was', 'were')} left out: the passages "
                f"{_plural(count, 'it cites do', 'they cite do')} not support "
                f"{_plural(count, 'it', 'them')}"
            )
        if result.invalid_citations:
            notes.append(REMOVED_CITATIONS_NOTE)
        return Composition(result.text, False, result.cited, tuple(notes), backend=self.name)

    def _fallback(
        self, question: str, hits: Sequence[ScoredPassage], note: str | None
    ) -> Composition:
        composition = self.fallback.compose(question, hits)
        notes = (*composition.notes, note) if note else composition.notes
        return replace(composition, notes=notes, backend=self.fallback.name)


class LLMCondenser:
    """Rewrites a follow-up into a standalone question with the model; rules if it fails."""

    def __init__(
        self, runner: ChatRunner, prompts: Prompts, max_chars: int, fallback: RuleCondenser
    ) -> None:
        self.runner = runner
        self.prompts = prompts
        self.max_chars = max_chars
        self.fallback = fallback

    def condense(self, question: str, history: Sequence[Turn]) -> str:
        if not history:
            return question
        from langchain_core.messages import HumanMessage

        conversation = "\n".join(
            f"User: {turn.question}\nAssistant: "
            + " ".join(strip_citations(turn.answer).split())[:HISTORY_ANSWER_CHARS]
            for turn in history[-3:]
        )
        prompt = self.prompts.condense.render(history=conversation, question=question)
        try:
            reply = "".join(self.runner.stream([HumanMessage(prompt)]))
        except ModelUnavailable as exc:
            log.warning("language model could not rewrite the follow-up: %s", exc)
            return self.fallback.condense(question, history)
        rewritten = _first_line(_THINK.sub("", reply))
        if not rewritten or len(rewritten) > self.max_chars:
            log.debug("unusable rewrite of %r by the model: %r", question, reply[:200])
            return self.fallback.condense(question, history)
        log.debug("follow-up %r rewritten by the model as %r", question, rewritten)
        return rewritten


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = _LABEL.sub("", line)
        line = " ".join(line.split()).strip("\"'“”` ")
        if line and any(ch.isalnum() for ch in line):
            return line
    return ""


# --- assembly ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LLMBackend:
    """A configured chat model with its prompts: makes the composer and the condenser."""

    name: str
    model: BaseChatModel
    prompts: Prompts
    timeout: float
    max_answer_chars: int = ANSWER_MAX_CHARS

    def composer(self, fallback: Composer) -> LLMComposer:
        runner = ChatRunner(self.model, self.timeout)
        return LLMComposer(self.name, runner, self.prompts, fallback, self.max_answer_chars)

    def condenser(self, max_chars: int) -> LLMCondenser:
        runner = ChatRunner(self.model, min(self.timeout, CONDENSE_TIMEOUT_S))
        return LLMCondenser(runner, self.prompts, max_chars, RuleCondenser())


def make_backend(settings: Settings) -> LLMBackend | None:
    """The configured model (None for ``extractive``); :class:`LLMConfigError` if unusable."""
    if not uses_model(settings):
        return None
    parse_llm(settings.llm)  # a bad choice is reported before anything is loaded
    try:
        prompts = load_prompts(settings.prompts_dir)
    except PromptError as exc:
        raise LLMConfigError(str(exc)) from exc
    model = build_chat_model(settings)
    return LLMBackend(
        settings.llm.strip(), model, prompts, settings.llm_timeout, settings.answer_max_chars
    )
