"""Splitting and embeds within Discord's limits."""

from __future__ import annotations

import random
import re

import pytest

from bot.discordbot import render
from bot.models import Answer, Citation, Passage
from tests.discordbot.conftest import assert_within_limits, balanced_fences


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"\S+", text) if not w.startswith("```")]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 40)):
        kind = rng.random()
        if kind < 0.15:
            lines = [f"line_{i} = {'x' * rng.randint(0, 60)}" for i in range(rng.randint(1, 80))]
            parts.append("\n```py\n" + "\n".join(lines) + "\n```\n")  # fences open lines
        else:
            sentence = " ".join(
                "".join(rng.choices("abcdefghij", k=rng.randint(1, 12)))
                for _ in range(rng.randint(3, 40))
            )
            parts.append(sentence + rng.choice([".", "?", "!", ""]))
    return rng.choice(["\n\n", "\n", " "]).join(parts)


@pytest.mark.parametrize("limit", [200, 1024, 2000, 4096])
def test_split_text_keeps_every_word_and_code_block(limit: int) -> None:
    rng = random.Random(limit)
    for _ in range(60):
        text = random_text(rng)
        pieces = render.split_text(text, limit)
        assert all(0 < len(p) <= limit for p in pieces)
        assert words("\n".join(pieces)) == words(text)
        assert all(balanced_fences(p) for p in pieces) or not balanced_fences(text)


def test_split_prefers_paragraphs_and_never_cuts_words() -> None:
    text = ("alpha beta gamma. " * 30).strip() + "\n\n" + ("delta epsilon. " * 30).strip()
    pieces = render.split_text(text, 600)
    assert pieces[0].endswith("gamma.") and pieces[1].startswith("delta")
    assert render.split_text("short", 10) == ["short"]


def test_code_block_shorter_than_the_limit_stays_whole() -> None:
    code = "```\n" + "\n".join("x = 1" for _ in range(40)) + "\n```"
    text = "intro " * 50 + "\n\n" + code + "\n\nafter"
    pieces = render.split_text(text, len(code) + 10)
    assert any(code in piece for piece in pieces)


def test_a_single_word_longer_than_the_limit_is_the_only_hard_cut() -> None:
    pieces = render.split_text("see " + "x" * 50 + " end", 20)
    assert all(len(p) <= 20 for p in pieces) and "".join(pieces).replace(" ", "") == (
        "see" + "x" * 50 + "end"
    )


def test_shorten_and_no_previews() -> None:
    assert render.shorten("one two three four", 12) == "one two…"
    assert len(render.shorten("x" * 300, 256)) == 256
    assert render.no_previews("see https://example.org/a, or <https://b.org>") == (
        "see <https://example.org/a>, or <https://b.org>"
    )


def cite(n: int, **extra: str) -> Citation:
    values = {
        "title": f"Title {n}",
        "outlet": "Wire",
        "url": f"https://example.org/{n}_(x)",
        "published": "2025-04-16",
        "source_file": f"{n}.md",
        "passage_id": f"{n}.md#a",
        "quote": "Quoted *text* here.",
    }
    values.update(extra)
    return Citation(n=n, **values)  # type: ignore[arg-type]


def test_answer_embed_has_sources_footer_and_notes() -> None:
    answer = Answer(
        "What tariff?", "A 24% tariff [1].", False, (cite(1),), "extractive", notes=("Note one",)
    )
    (message,) = render.answer_messages(answer)
    (embed,) = message
    assert embed.title == "What tariff?" and embed.description == "A 24% tariff [1]."
    field = embed.fields[0]
    assert field.name == "[1] Title 1"
    link = "[read the article](https://example.org/1_%28x%29)"
    assert field.value == f"Wire · 2025-04-16 · {link}\n> Quoted \\*text* here."
    assert embed.footer.text == f"Note one · {render.FOOTER}"


def test_refusal_lists_closest_sources_without_quotes() -> None:
    answer = Answer(
        "Who is Zorg?",
        "The indexed articles do not answer this question.",
        True,
        (),
        "x",
        closest=(cite(1), cite(2)),
    )
    (embed,) = render.answer_messages(answer)[0]
    assert embed.colour == render.REFUSAL_COLOUR
    assert [f.name for f in embed.fields] == ["Closest sources", "[1] Title 1", "[2] Title 2"]
    assert "\n>" not in (embed.fields[1].value or "")


def test_huge_answers_fit_in_several_messages() -> None:
    long_values = {"title": "T " * 400, "outlet": "O" * 300, "url": "https://e.org/" + "u" * 1200}
    answer = Answer(
        "Q " * 500,
        ("word " * 3000 + "\n\n") * 3,
        False,
        tuple(cite(n, **long_values, quote="q " * 900) for n in range(1, 61)),
        "x",
        notes=("n " * 2000,),
    )
    messages = render.answer_messages(answer)
    assert len(messages) > 2
    for embeds in messages:
        assert_within_limits({"embeds": [e.to_dict() for e in embeds]})
    fields = [f for embeds in messages for e in embeds for f in e.fields]
    assert len(fields) == 60


def test_sources_pages_and_help() -> None:
    passages = [
        Passage(
            f"d{i}.md#{j}",
            f"d{i}.md",
            "text",
            f"Doc {i}",
            "Wire",
            "",
            f"2025-04-{i:02d}",
            f"d{i}.md",
            j,
        )
        for i in range(1, 24)
        for j in range(2)
    ]
    docs = render.documents(passages)
    assert [d.doc_id for d in docs[:2]] == ["d23.md", "d22.md"] and docs[0].passages == 2
    pages = render.sources_pages(docs)
    assert len(pages) == 3
    assert pages[0].footer.text == "Page 1/3 · 23 articles, 46 passages"
    assert render.sources_pages([])[0].description == "Nothing is indexed yet."
    member_help, moderator_help = render.help_embed(False), render.help_embed(True)
    assert len(moderator_help.fields) == len(member_help.fields) + len(render.HELP_MODERATOR)


def test_a_full_description_and_a_long_footer_never_exceed_an_embed() -> None:
    answer = Answer("Q " * 200, "w " * 4000, False, (), "x", notes=("note " * 500,))
    embeds = render.answer_embeds(answer)
    assert all(len(e) <= render.EMBED_TOTAL_LIMIT for e in embeds)
    assert embeds[-1].footer.text and embeds[-1].footer.text.endswith(render.FOOTER)


def test_only_citation_links_are_clickable_and_controls_are_gone() -> None:
    citation = Citation(
        1,
        "Fees [rise](https://evil.example/t)\u202e",
        "Ledger \x1b[31m",
        "https://ledger.example/fees",
        "2025-05-02",
        "fees.md",
        "fees.md#1",
        "Read https://evil.example/q or [this](https://evil.example/m).",
    )
    answer = Answer(
        "Fees?",
        "Fees rose 12% [1]. Details at [the portal](https://evil.example/p) and www.x.example.",
        False,
        (citation,),
        "x",
        notes=("see https://evil.example/n",),
    )
    for embeds in render.answer_messages(answer):
        for embed in embeds:
            text = str(embed.to_dict())
            assert "\u202e" not in text and "\x1b" not in text
            links = re.findall(r"\]\((\S+?)\)", text)
            assert links in ([], ["https://ledger.example/fees"]), links
            shown = str([embed.description, [(f.name, f.value) for f in embed.fields]])
            # (footers are never rendered as links by Discord)
            assert "https://evil.example" not in re.sub(r"`[^`]*`", "", shown)
    plain = "\n".join(render.answer_plain(answer))
    assert "](" not in plain and "<https://ledger.example/fees>" in plain


def test_a_sources_page_never_exceeds_a_description() -> None:
    docs = [
        render.SourceDocument(
            f"{'folder/' * 30}d{i}.md",
            "Tariff " * 40,
            "Outlet " * 30,
            "https://news.example/" + "a" * 400,
            "2025-04-01",
            12,
        )
        for i in range(25)
    ]
    pages = render.sources_pages(docs)
    assert all(len(p.description or "") <= render.DESCRIPTION_LIMIT for p in pages)
    assert sum((p.description or "").count("passages") for p in pages) == 25
    assert all(len(p) <= render.EMBED_TOTAL_LIMIT for p in pages)


def test_a_blank_answer_is_shown_as_no_answer() -> None:
    embeds = render.answer_embeds(Answer("Q?", " \n\t ", False, (), "x"))
    assert embeds[0].description == "(no answer)"


def test_no_previews_leaves_links_in_code_alone() -> None:
    assert render.no_previews("see `https://a.example` and https://b.example") == (
        "see `https://a.example` and <https://b.example>"
    )
    shown = render.content_messages("fetched [x](https://evil.example) \x1b[2J")[0]
    assert "\x1b" not in shown
