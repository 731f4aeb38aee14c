"""Answers, source lists and help as Discord embeds that always fit Discord's limits.

Discord rejects a whole message when one limit is exceeded, so every piece of text is cut to
size here, at whitespace (never mid-word) and outside code blocks (a code block longer than
a limit is closed and reopened at a line break so that each piece still renders as code).

Text from articles and models is not ours: it goes through :func:`bot.textsafe.for_discord`
(no control characters, no clickable links), and the only links shown are the citation links
added here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import discord

from bot.discordbot.servers import ServerSettings
from bot.models import Answer, Citation, Passage
from bot.textsafe import clean, for_discord

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
"""Sum of title, description, field names and values, footer and author over a message."""
EMBEDS_PER_MESSAGE = 10

COLOUR = discord.Colour(0x2B6CB0)
REFUSAL_COLOUR = discord.Colour(0x718096)
FOOTER = "Answers come only from indexed news articles; check the numbered sources."
QUOTE_CHARS = 300
SOURCES_PER_PAGE = 10
URL_CHARS = 512
"""A longer article address is not linked (it would crowd out the text it belongs to)."""

_FENCE = re.compile(r"^[ \t]*```.*$", re.MULTILINE)
_CODE_SPAN = re.compile(r"(`[^`\n]*`)")
_URL = re.compile(r"(?<![<(])\bhttps?://[^\s<>()]+[^\s<>().,;:!?'\"]")


# --- text -----------------------------------------------------------------------------------


def shorten(text: str, limit: int, placeholder: str = "…") -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - len(placeholder)
    cut = text.rfind(" ", 0, room + 1)
    head = text[:cut] if cut > room // 2 else text[:room]
    return head.rstrip(" ,;:") + placeholder


def no_previews(text: str) -> str:
    """Bare links wrapped in ``<…>`` so that Discord shows no preview for them (a link in
    inline code is no link and is left as it is)."""
    parts = _CODE_SPAN.split(text)
    return "".join(
        part if index % 2 else _URL.sub(lambda m: f"<{m.group(0)}>", part)
        for index, part in enumerate(parts)
    )


def _code_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, opening fence line)`` of each fenced code block; unclosed runs to the end."""
    spans: list[tuple[int, int, str]] = []
    fences = list(_FENCE.finditer(text))
    for opening, closing in zip(fences[::2], [*fences[1::2], None], strict=False):
        end = closing.end() if closing is not None else len(text)
        spans.append((opening.start(), end, opening.group(0).split()[0]))  # e.g. ```python
    return spans


def _inside(spans: Sequence[tuple[int, int, str]], index: int) -> tuple[int, int, str] | None:
    return next((span for span in spans if span[0] < index < span[1]), None)


_BREAKS = (("\n\n", 0), ("\n", 0), (". ", 1), ("? ", 1), ("! ", 1), (" ", 0))
"""Where a piece may end, best first; the number is how much of the separator it keeps."""


def _cut(text: str, limit: int) -> tuple[int, str | None]:
    """Where to cut ``text`` (≤ ``limit``), and the fence to reopen when cutting inside code."""
    spans = _code_spans(text)
    # First look for a good break that leaves a reasonably full piece, then for any break
    # outside code: a short piece is better than a code block cut in two.
    for minimum in (limit // 3, 1):
        for separator, keep in _BREAKS:
            position = text.rfind(separator, 0, limit)
            while position >= 0 and position + keep >= minimum:
                if _inside(spans, position + keep) is None:
                    return position + keep, None
                position = text.rfind(separator, 0, position)
    span = _inside(spans, limit)
    if span is None:
        return limit, None  # a single word longer than the limit: nothing better exists
    # A code block longer than the limit: close it at a line (or word) break and reopen it.
    room = limit - len("\n```")
    line_start = text.find("\n", span[0], room) + 1 or span[0] + 1
    for separator in ("\n", " "):
        position = text.rfind(separator, line_start, room)
        if position > 0:
            return position, span[2]
    return room, span[2]


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, broken at paragraph, line, sentence
    or word boundaries in that order of preference, never inside a code block."""
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut, reopen = _cut(rest, limit)
        head, rest = rest[:cut].rstrip(), rest[cut:]
        if reopen is not None:
            head += "\n```"
            rest = reopen + "\n" + rest.lstrip("\n")
        else:
            rest = rest.lstrip()
        if head:
            pieces.append(head)
    if rest:
        pieces.append(rest)
    return pieces


# --- answers --------------------------------------------------------------------------------


def _escape(text: str) -> str:
    """Untrusted text shown as written: no markdown, no links, no control characters."""
    parts = _CODE_SPAN.split(for_discord(text))
    return "".join(
        part if index % 2 else discord.utils.escape_markdown(part, as_needed=True)
        for index, part in enumerate(parts)
    )


def _link(url: str) -> str:
    return clean(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def _linkable(url: str) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= URL_CHARS


def source_field(citation: Citation, with_quote: bool = True) -> tuple[str, str]:
    """One numbered source as an embed field: title as the name; outlet, date, link, quote."""
    name = shorten(f"[{citation.n}] {for_discord(citation.title)}", FIELD_NAME_LIMIT)
    outlet = shorten(_escape(citation.outlet or "unknown outlet"), 200)
    value = f"{outlet} · {_escape(citation.published or 'undated')}"
    link = f" · [read the article]({_link(citation.url)})" if _linkable(citation.url) else ""
    if len(value) + len(link) <= FIELD_VALUE_LIMIT:
        value += link
    room = min(QUOTE_CHARS, FIELD_VALUE_LIMIT - len(value) - len("\n> "))
    if with_quote and citation.quote and room >= 40:
        value += "\n> " + shorten(_escape(citation.quote), room)
    return name, value


def answer_embeds(answer: Answer) -> list[discord.Embed]:
    """The answer as embeds: text (split to size), then numbered sources, then the footer."""
    colour = REFUSAL_COLOUR if answer.refused else COLOUR
    embeds = [
        discord.Embed(description=chunk, colour=colour)
        for chunk in split_text(
            for_discord(answer.text).strip() or "(no answer)", DESCRIPTION_LIMIT
        )
    ]
    embeds[0].title = shorten(clean(answer.question), TITLE_LIMIT)
    fields = [source_field(c) for c in answer.citations]
    if answer.refused and answer.closest:
        fields.append(("Closest sources", "They do not answer the question, but may help:"))
        fields.extend(source_field(c, with_quote=False) for c in answer.closest)
    notes = shorten(clean(" · ".join(answer.notes)), FOOTER_LIMIT - len(FOOTER) - 3)
    footer = f"{notes} · {FOOTER}" if notes else FOOTER
    current = embeds[-1]
    for name, value in fields:
        room = EMBED_TOTAL_LIMIT - len(footer)
        if len(current.fields) >= FIELD_COUNT_LIMIT or len(current) + len(name) + len(value) > room:
            current = discord.Embed(title="Sources (continued)", colour=colour)
            embeds.append(current)
        current.add_field(name=name, value=value, inline=False)
    if len(current) + len(footer) > EMBED_TOTAL_LIMIT:
        current = discord.Embed(colour=colour)
        embeds.append(current)
    current.set_footer(text=footer)
    return embeds


def pack_embeds(embeds: Iterable[discord.Embed]) -> list[list[discord.Embed]]:
    """Embeds grouped into messages of at most 10 embeds and 6,000 characters."""
    messages: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        if (
            not messages
            or len(messages[-1]) >= EMBEDS_PER_MESSAGE
            or size + len(embed) > (EMBED_TOTAL_LIMIT)
        ):
            messages.append([])
            size = 0
        messages[-1].append(embed)
        size += len(embed)
    return messages


def answer_messages(answer: Answer) -> list[list[discord.Embed]]:
    """The embeds of each message needed to show ``answer`` (usually one)."""
    return pack_embeds(answer_embeds(answer))


def drafting(words: int) -> str:
    """Progress while a model writes: no draft text, since nothing unverified is ever shown."""
    so_far = f" ({words:,} words so far)" if words else ""
    return f"✍️ Writing the answer{so_far}; it is checked against the sources before it is shown."


def content_messages(text: str) -> list[str]:
    """Plain text as message contents within 2,000 characters each, without link previews
    and without control characters (it may carry file names and errors from articles)."""
    return split_text(no_previews(clean(text)), CONTENT_LIMIT) or [""]


def answer_plain(answer: Answer) -> list[str]:
    """The answer as plain messages, for channels where the bot may not embed: text, numbered
    sources with their addresses (no previews), the footer."""
    lines = [f"**{_escape(answer.question)}**", for_discord(answer.text).strip() or "(no answer)"]
    sources = answer.citations or answer.closest
    if sources:
        lines.append("Sources:" if answer.citations else "Closest sources (they do not answer):")
    for citation in sources:
        url = f" <{_link(citation.url)}>" if _linkable(citation.url) else ""
        lines.append(
            f"[{citation.n}] {_escape(citation.title)} — {_escape(citation.outlet or 'unknown')}, "
            f"{_escape(citation.published or 'undated')}{url}"
        )
    lines.append(f"-# {clean(' · '.join((*answer.notes, FOOTER)))}")
    return split_text("\n".join(lines), CONTENT_LIMIT)


# --- sources and help -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceDocument:
    doc_id: str
    title: str
    outlet: str
    published: str
    url: str
    passages: int


def documents(passages: Iterable[Passage]) -> list[SourceDocument]:
    """Indexed articles, newest first, from the live generation's passages."""
    grouped: dict[str, list[Passage]] = {}
    for passage in passages:
        grouped.setdefault(passage.doc_id, []).append(passage)
    result = [
        SourceDocument(doc_id, first.title, first.outlet, first.published, first.url, len(items))
        for doc_id, items in grouped.items()
        for first in (items[0],)
    ]
    return sorted(result, key=lambda d: (d.published, d.doc_id), reverse=True)


def source_line(doc: SourceDocument) -> str:
    """One article of ``/sources``: at most ~1,000 characters whatever the article says."""
    title = shorten(_escape(doc.title), 150)
    if _linkable(doc.url):
        title = f"[{title.replace('[', '(').replace(']', ')')}]({_link(doc.url)})"
    outlet = shorten(_escape(doc.outlet or "unknown outlet"), 80)
    name = shorten(clean(doc.doc_id).replace("`", "'"), 120)
    published = shorten(_escape(doc.published or "undated"), 20)
    return f"**{published}** · {title} — {outlet}\n`{name}` · {doc.passages} passages"


def _pages(lines: Sequence[str]) -> list[list[str]]:
    """Lines grouped into pages of at most :data:`SOURCES_PER_PAGE` that fit a description."""
    pages: list[list[str]] = [[]]
    size = 0
    for line in lines:
        if pages[-1] and (
            len(pages[-1]) >= SOURCES_PER_PAGE or size + 1 + len(line) > DESCRIPTION_LIMIT
        ):
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    return pages


def sources_pages(docs: Sequence[SourceDocument]) -> list[discord.Embed]:
    """Pages of at most :data:`SOURCES_PER_PAGE` articles, each within Discord's limits."""
    total_passages = sum(d.passages for d in docs)
    pages = _pages([source_line(doc) for doc in docs])
    embeds: list[discord.Embed] = []
    for number, lines in enumerate(pages, 1):
        embed = discord.Embed(
            title="Indexed articles",
            description="\n".join(lines) or "Nothing is indexed yet.",
            colour=COLOUR,
        )
        embed.set_footer(
            text=f"Page {number}/{len(pages)} · {len(docs)} articles, {total_passages} passages"
        )
        embeds.append(embed)
    return embeds


HELP_MEMBER = (
    (
        "/ask question [private]",
        "Answer a trade-policy question from the indexed articles, with "
        "numbered sources. `private` shows the answer to you only.",
    ),
    ("/sources", "List the indexed articles."),
    (
        "/tariffs [country] [product] · /who [name] · /positions [topic] · /timeline",
        "Tables of the facts found in the articles (rates, people and roles, each side's "
        "positions), newest first, each row with its source.",
    ),
    (
        "Direct messages",
        "Send me a question as a plain message; follow-ups such as “who is he?” "
        "or “and what about cars?” keep the context of the last few questions. Send `reset` to "
        "start over.",
    ),
    ("👍 / 👎", "Tell us whether an answer helped; votes are anonymous."),
    ("📣 Share", "Under a private answer: post it for the whole channel to see."),
)
HELP_MODERATOR = (
    (
        "/reindex [full]",
        "Re-read the knowledge folder; `full` re-embeds everything. Progress is "
        "shown in the reply; members keep getting answers meanwhile.",
    ),
    ("/ingest file", "Add a .md, .txt or .html article to the knowledge folder and index it."),
    ("/ingest url", "Fetch a web page by its link (public sites only) and index it."),
    (
        "/feeds add | remove | list | channel",
        "Follow RSS or Atom feeds: their new articles are added on a schedule and announced "
        "in the channel you choose.",
    ),
    ("/forget source", "Remove an article from the knowledge folder and the index."),
    ("/feedback", "Summary of 👍/👎 votes and the answers voted down most."),
    (
        "/settings [mentions] [threads] [add_channel] [remove_channel] [feed_channel]",
        "Where I answer mentions (all channels, listed channels, off), whether in threads, "
        "and the channel for feed summaries; without options, shows them.",
    ),
    ("/gaps [days]", "Questions I could not answer, grouped by meaning: articles to add."),
)


def _channel_list(channels: frozenset[int], shown: int = 30) -> str:
    ids = sorted(channels)
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return ", ".join(f"<#{c}>" for c in ids[:shown]) + more


def mentions_help(server: ServerSettings | None) -> str:
    """How mentions work in this server (or in general, outside one)."""
    if server is None:
        return "In a server, mention me with a question and I answer there."
    if server.mentions == "off":
        return "Mentions are turned off in this server; use /ask."
    where = (
        "in " + _channel_list(server.channels)
        if server.mentions == "listed" and server.channels
        else "in no channel yet (a moderator can list some)"
        if server.mentions == "listed"
        else "in any channel"
    )
    how = "in a new thread" if server.threads else "with a reply"
    return f"Mention me with a question {where} and I answer {how}."


def help_embed(moderator: bool, server: ServerSettings | None = None) -> discord.Embed:
    embed = discord.Embed(
        title="tradebot",
        description="I answer questions about trade policy (tariffs, negotiators, what each side "
        "wants) using only a curated set of news articles, and show where each claim comes from.",
        colour=COLOUR,
    )
    for name, value in HELP_MEMBER:
        embed.add_field(name=name, value=value, inline=False)
    embed.add_field(name="Mention me", value=mentions_help(server), inline=False)
    if moderator:
        for name, value in HELP_MODERATOR:
            embed.add_field(name=f"{name} (moderators)", value=value, inline=False)
    embed.set_footer(text=FOOTER)
    return embed
