"""The core subcommands: ``index``, ``sources``, ``ask`` and ``chat``.

Each ``register_*`` function adds its subparser and returns the handler; feature modules
(``facts_cmd``, ``eval_cmd``, ``discord_cmd``) do the same and ``main`` lists them all.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bot.answer.llm import LLMConfigError
from bot.app import App
from bot.cli.gaps_cmd import record_refusal
from bot.cli.main import EXIT_ERROR, EXIT_OK, EXIT_USAGE, CliError, Handler
from bot.cli.render import answer_json, answer_text, dumps
from bot.cli.stream import show_streamed
from bot.index.embeddings import EmbeddingError
from bot.index.lock import IndexBusyError
from bot.index.store import IndexUnavailableError
from bot.ingest.pipeline import EmptyKnowledgeError, KnowledgeDirError, Progress, ReindexReport
from bot.service import QuestionError
from bot.settings import Settings

Registrar = Callable[[Any], tuple[str, Handler]]


# --- index ---------------------------------------------------------------------------------------


def register_index(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("index", help="build or update the index from the knowledge folder")
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge folder (default: settings)")
    parser.add_argument("--rebuild", action="store_true", help="re-embed everything from scratch")
    parser.add_argument(
        "--allow-empty",
        action="store_true",
        help="let a knowledge folder with no article empty a non-empty index",
    )
    return "index", cmd_index


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    if args.rebuild and not settings.chroma_url:
        set_damaged_index_aside(settings)
    report = run_index(App(settings), settings, full=args.rebuild, allow_empty=args.allow_empty)
    print(report.summary())
    return EXIT_OK


def run_index(
    app: App, settings: Settings, full: bool = False, allow_empty: bool = False
) -> ReindexReport:
    progress = _progress_printer()
    try:
        report = app.indexer.reindex(
            settings.knowledge_dir, full=full, progress=progress, allow_empty=allow_empty
        )
    except EmptyKnowledgeError as exc:
        raise CliError(str(exc)) from exc
    except KnowledgeDirError as exc:
        raise CliError(_knowledge_advice(exc, settings), EXIT_USAGE) from exc
    except (IndexBusyError, IndexUnavailableError, EmbeddingError) as exc:
        raise CliError(str(exc)) from exc
    finally:
        progress.close()  # type: ignore[attr-defined]
    for item in report.skipped:
        print(f"warning: skipped {item.path}: {item.reason}", file=sys.stderr)
    return report


def set_damaged_index_aside(settings: Settings) -> None:
    """Before a rebuild: move a local index that cannot be opened or searched out of the way
    (never deleted), so that the rebuild starts from the knowledge folder alone."""
    from bot.index.health import find_damage, move_aside
    from bot.index.lock import local_writer_lock

    try:
        with local_writer_lock(settings.index_dir):
            problem = find_damage(settings.index_dir, settings.embeddings)
            if problem is None:
                return
            moved = move_aside(settings.index_dir)
    except IndexBusyError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"warning: the index was damaged ({problem}); moved it to {moved} and rebuilding it "
        f"from {settings.knowledge_dir}",
        file=sys.stderr,
    )


def _knowledge_advice(exc: KnowledgeDirError, settings: Settings) -> str:
    """Which folder was expected, and the two ways to point tradebot at the articles."""
    return (
        f"{exc} (relative paths are read from the folder you run tradebot in, "
        f"{Path.cwd()}); run tradebot from the project folder that holds knowledge/, "
        f"or set TRADEBOT_KNOWLEDGE_DIR to the folder of articles "
        f"(and TRADEBOT_INDEX_DIR to keep the index with it)"
    )


def _progress_printer() -> Callable[[Progress], None]:
    """A progress bar on a terminal, plain lines otherwise (logs, CI, pipes)."""
    state: dict[str, Any] = {"bar": None, "stage": None}
    interactive = sys.stderr.isatty()

    def update(event: Progress) -> None:
        if event.stage in ("embed", "copy"):
            if interactive:
                from tqdm import tqdm

                if state["stage"] != event.stage:
                    if state["bar"] is not None:
                        state["bar"].close()
                    label = "embedding" if event.stage == "embed" else "copying"
                    state["bar"] = tqdm(
                        total=event.total, desc=label, unit="passage", file=sys.stderr
                    )
                state["bar"].n = event.done
                state["bar"].refresh()
            elif event.done == event.total or state["stage"] != event.stage:
                print(f"{event.stage}: {event.done}/{event.total} passages", file=sys.stderr)
            state["stage"] = event.stage

    def close() -> None:
        if state["bar"] is not None:
            state["bar"].close()

    update.close = close  # type: ignore[attr-defined]
    return update


# --- sources -------------------------------------------------------------------------------------


def register_sources(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("sources", help="list the indexed articles")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list: source_file, title, outlet, url, published, passages",
    )
    return "sources", cmd_sources


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    app = ready_app(settings)
    try:
        passages = app.retriever.passages()
    except IndexUnavailableError as exc:
        raise CliError(str(exc)) from exc
    documents: dict[str, list[Any]] = {}
    for passage in passages:
        documents.setdefault(passage.doc_id, []).append(passage)
    ordered = sorted(documents.items(), key=lambda kv: kv[1][0].published, reverse=True)
    if getattr(args, "json", False):
        rows = [
            {
                "source_file": items[0].source_file,
                "title": items[0].title,
                "outlet": items[0].outlet,
                "url": items[0].url,
                "published": items[0].published,
                "passages": len(items),
            }
            for _, items in ordered
        ]
        print(dumps(rows))
        return EXIT_OK
    for doc_id, items in ordered:
        first = items[0]
        print(
            f"{first.published or 'undated':10}  {first.title} — {first.outlet or 'unknown outlet'}"
        )
        print(f"{'':10}  {doc_id} · {len(items)} passages{' · ' + first.url if first.url else ''}")
    print(f"{len(documents)} documents, {len(passages)} passages")
    return EXIT_OK


# --- ask -----------------------------------------------------------------------------------------


def register_ask(sub: Any) -> tuple[str, Handler]:
    parser = sub.add_parser("ask", help="answer one question (or one per line with --json -)")
    parser.add_argument("question", help="the question, or - to read one per line from stdin")
    parser.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    parser.add_argument("--knowledge", metavar="DIR", help=argparse.SUPPRESS)
    return "ask", cmd_ask


def ready_app(settings: Settings) -> App:
    """An app whose index exists: built first (and said so) when there is none yet."""
    app = App(settings)
    try:  # a language model that cannot work is reported before anything is built
        app.composer  # noqa: B018
    except LLMConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    try:
        pointer = app.store.pointer()
    except (IndexUnavailableError, EmbeddingError) as exc:
        raise CliError(str(exc)) from exc
    if pointer is None:
        print(f"No index yet: building it from {settings.knowledge_dir} first…", file=sys.stderr)
        report = run_index(app, settings)
        print(report.summary(), file=sys.stderr)
    return app


NOT_UTF8 = "the question is not valid UTF-8 text; save or type it as UTF-8"


def _is_text(question: str) -> bool:
    """False for an argument whose bytes were not UTF-8 (Python keeps them as surrogates)."""
    try:
        question.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if not _is_text(args.question):
        raise CliError(NOT_UTF8, EXIT_USAGE)
    if args.question != "-":
        from bot.service import validate_question

        try:  # reject bad input before loading anything
            validate_question(args.question, settings.max_question_chars)
        except QuestionError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
    app = ready_app(settings)
    if args.question == "-":
        return _ask_stream(app, args.json, settings)
    try:
        if not args.json and sys.stdout.isatty():  # print the answer as it is written
            record_refusal(
                settings, show_streamed(app.service.ask_stream(args.question), sys.stdout)
            )
            return EXIT_OK
        answer = app.service.ask(args.question)
        record_refusal(settings, answer)
    except QuestionError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except IndexUnavailableError as exc:
        raise CliError(str(exc)) from exc
    print(dumps(answer_json(answer)) if args.json else answer_text(answer))
    return EXIT_OK


def stdin_questions() -> Iterator[tuple[str, str | None]]:
    """Each line of stdin as (question, error): read as bytes so that one line that is not
    UTF-8 is reported on its own; Windows line ends and a byte-order mark are accepted."""
    for number, raw in enumerate(sys.stdin.buffer):
        line = raw.rstrip(b"\r\n")
        if number == 0:
            line = line.removeprefix(b"\xef\xbb\xbf")
        try:
            yield line.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            yield line.decode("utf-8", errors="replace"), f"{NOT_UTF8} (byte {exc.start + 1})"


def _ask_stream(app: App, as_json: bool, settings: Settings) -> int:
    """One question per input line; a bad line is reported in place and the rest still answered."""
    failures = 0
    for question, error in stdin_questions():
        if not question.strip() and error is None:
            continue
        try:
            if error is not None:
                raise QuestionError(error)
            answer = app.service.ask(question)
        except QuestionError as exc:
            failures += 1
            if as_json:
                print(dumps({"question": question, "error": str(exc)}), flush=True)
            else:
                print(f"tradebot: {exc}", file=sys.stderr)
            continue
        record_refusal(settings, answer)
        print(dumps(answer_json(answer)) if as_json else answer_text(answer) + "\n", flush=True)
    return EXIT_USAGE if failures else EXIT_OK


# --- chat ----------------------------------------------------------------------------------------


def register_chat(sub: Any) -> tuple[str, Handler]:
    sub.add_parser("chat", help="a console conversation; follow-up questions keep context")
    return "chat", cmd_chat


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer.followup import Turn

    app = ready_app(settings)
    history: list[Turn] = []
    print("Ask about the trade talks. 'reset' starts over, 'quit' or Ctrl-D ends.")
    while True:
        try:
            question = input("> ")
        except EOFError:
            print()
            return EXIT_OK
        except UnicodeDecodeError:  # strict decoding, in a UTF-8 locale
            question = "\udcff"
        if not _is_text(question):
            print(f"tradebot: {NOT_UTF8}")
            continue
        command = question.strip().lower()
        if command in ("quit", "exit"):
            return EXIT_OK
        if command == "reset":
            history.clear()
            print("(conversation reset)")
            continue
        if not command:
            continue
        streamed = sys.stdout.isatty()
        try:
            if streamed:
                answer = show_streamed(app.service.ask_stream(question, history[-3:]), sys.stdout)
            else:
                answer = app.service.ask(question, history[-3:])
        except QuestionError as exc:
            print(f"tradebot: {exc}")
            continue
        except IndexUnavailableError as exc:
            print(f"tradebot: {exc}", file=sys.stderr)
            return EXIT_ERROR
        print("" if streamed else answer_text(answer) + "\n")
        record_refusal(settings, answer)
        history.append(Turn(answer.standalone or answer.question, answer.text))


REGISTRY: list[Registrar] = [register_index, register_sources, register_ask, register_chat]
