from __future__ import annotations

from bot.ingest.chunking import MAX_WORDS, chunk_document, passage_sentences
from bot.models import Document

SENTENCE = "Barge operators said the repairs would add two days to every trip north."


def _document(*paragraphs: str) -> Document:
    return Document(doc_id="d.md", title="Canal", text="\n\n".join(paragraphs))


def test_a_sub_heading_starts_a_passage_and_is_never_glued() -> None:
    passages = chunk_document(
        _document("The locks close in March.", "What operators say", SENTENCE, "Tolls", SENTENCE)
    )
    texts = [p.text for p in passages]
    assert texts[0] == "The locks close in March."
    assert texts[1].startswith(f"What operators say\n{SENTENCE}")
    assert any(t.startswith(f"Tolls\n{SENTENCE}") for t in texts)
    assert not any("March. What operators" in t for t in texts)


def test_a_sub_heading_is_a_sentence_of_its_own() -> None:
    passages = chunk_document(_document("Harbour news - updates have ended", SENTENCE, SENTENCE))
    sentences = passage_sentences(passages[0])
    assert sentences[0] == "Harbour news - updates have ended"
    assert sentences[1] == SENTENCE


def test_a_standfirst_gets_its_full_stop() -> None:
    standfirst = (
        "Operators count the cost of a three-week closure on the busiest canal in the region"
    )
    passages = chunk_document(_document(standfirst, SENTENCE))
    assert passages[0].text.startswith(standfirst + ". " + SENTENCE)


def test_every_piece_of_a_transcript_turn_names_its_speaker() -> None:
    long_turn = "HARBOUR MASTER: " + " ".join([SENTENCE] * 15)
    passages = chunk_document(
        _document(
            "Q (Lagoon Post): When do the locks reopen?",
            long_turn,
            "Q: And the tolls?",
            "CANAL CLERK: Unchanged.",
        )
    )
    turn = [p.text for p in passages if "two days" in p.text]
    assert len(turn) >= 2
    assert all("HARBOUR MASTER: " in t for t in turn)
    assert all(len(p.text.split()) <= MAX_WORDS for p in passages)


def test_speaker_labels_only_in_transcripts() -> None:
    passages = chunk_document(_document("Note: " + " ".join([SENTENCE] * 15)))
    assert sum(p.text.startswith("Note: ") for p in passages) == 1


def test_table_rows_stay_whole() -> None:
    rows = [f"Vessel {n} — Old fee: {n}00 euros; New fee: {n}50 euros." for n in range(1, 9)]
    passages = chunk_document(_document(SENTENCE, *rows))
    for row in rows:
        assert any(row in p.text for p in passages)
