"""The claim checker on invented passages, and its precision and recall on the labelled pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answer.claims import check, clause, clauses
from bot.models import Passage

DATA = Path(__file__).parent / "data" / "claims.yaml"

LEVIES = [
    "Norway raised its levy on imported marmalade from 12% to 30% on 2 May.",
    "Pastries from Peru were spared the increase and stay at 12%, while Norwegian "
    "cheese now pays 18%.",
    "The duty on paper was suspended for 60 days; the board did not lift the duty on glass.",
]


@pytest.mark.parametrize(
    ("claim", "slot"),
    [
        ("Norway cut its levy on marmalade to 30%.", "change"),
        ("The levy on marmalade was abolished.", "change"),
        ("Pastries from Peru were not spared the increase.", "polarity"),
        ("The board lifted the duty on glass.", "polarity"),
        ("Peruvian pastries now pay 18%.", "binding"),
        ("Norwegian cheese pays 30%.", "binding"),
        ("The levy on marmalade rose to 12%.", "binding"),
        ("Peru raised its levy on imported marmalade to 30%.", "role"),
        ("The duty on paper was extended.", "change"),
    ],
)
def test_contradictions_are_found_in_their_slot(claim: str, slot: str) -> None:
    finding = check(claim, LEVIES)
    assert finding is not None and finding.verdict == "contradicted", claim
    assert finding.slot == slot, finding


@pytest.mark.parametrize(
    "claim",
    [
        "Norway raised its marmalade levy to 30%.",
        "Norway increased the levy on marmalade from 12% to 30%.",
        "Peruvian pastries stay at 12%.",
        "Peruvian pastries were exempted from the increase.",
        "Norwegian cheese pays 18%.",
        "The duty on paper was paused for 60 days.",
        "The board did not lift the duty on glass.",
    ],
)
def test_paraphrases_of_what_the_passage_says_pass(claim: str) -> None:
    assert check(claim, LEVIES) is None


def test_names_and_subjects_the_passage_never_mentions_are_unsupported() -> None:
    for claim in (
        "Norway raised its levy on marmalade after Count Olaf complained.",
        "Iceland raised its levy on marmalade to 30%.",
        "Norwegian violins were spared the increase.",
    ):
        finding = check(claim, LEVIES)
        assert finding is not None and (finding.verdict, finding.slot) == ("unsupported", "entity")
    finding = check("The levy on Norwegian cheese was cut.", ["Norwegian cheese pays 18%."])
    assert finding is not None and (finding.verdict, finding.slot) == ("unsupported", "change")


def test_clauses_split_at_contrasts_and_keep_the_doer_of_a_participle() -> None:
    parts = clauses("Norway doubled the levy to 30%, adding a 5% fee on paper, while Peru cut it.")
    assert [p.text for p in parts] == [
        "Norway doubled the levy to 30%",
        "adding a 5% fee on paper",
        "while Peru cut it",
    ]
    assert ("Norway", "agent") in parts[1].roles
    assert clause("goods that do not meet the rules face a 10% duty").negated == frozenset()
    assert clause("from 12% to 30%").earlier == {min(clause("12%").numbers)}


def _pairs() -> tuple[dict[str, Passage], list[dict[str, str]]]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    passages = {
        key: Passage(
            f"{key}.md#0", f"{key}.md", " ".join(text.split()), key, "Outlet", "", "", "", 0
        )
        for key, text in data["passages"].items()
    }
    return passages, data["pairs"]


def test_verification_leaves_out_contradicted_and_unsupported_claims() -> None:
    """The labelled pairs (bench/verify_quality.py prints the same figures by kind)."""
    from bot.answer.verify import verify

    passages, pairs = _pairs()
    assert len(pairs) >= 60
    outcomes = [
        (pair["label"] != "supported", not verify(f"{pair['claim']} [1]", [passages[pair["p"]]]).ok)
        for pair in pairs
    ]
    caught = sum(1 for wrong, dropped in outcomes if wrong and dropped)
    recall = caught / sum(1 for wrong, _ in outcomes if wrong)
    precision = caught / sum(1 for _, dropped in outcomes if dropped)
    assert recall >= 0.95 and precision >= 0.9, (recall, precision)
