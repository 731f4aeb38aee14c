"""People introduced by an appositive after their name."""

from __future__ import annotations

from bot.facts.extract.people import titled_people


def test_agent_noun_appositive_is_a_role() -> None:
    people = titled_people("“We are busy,” said Ada Brook, a freight forwarder in Leeds.")
    assert [(p.name, p.role) for p in people] == [("Ada Brook", "freight forwarder")]


def test_postpositive_general_and_a_described_organisation() -> None:
    people = titled_people(
        "Omar Field, director general of the trade body Widget Makers, said costs rose."
    )
    assert [(p.name, p.role, p.affiliation) for p in people] == [
        ("Omar Field", "director general", "Widget Makers")
    ]


def test_a_country_inside_the_appositive_is_the_person_s() -> None:
    people = titled_people("Lena Ortiz, the EU farm commissioner, rejected the plan.")
    assert [(p.name, p.role, p.country) for p in people] == [
        ("Lena Ortiz", "farm commissioner", "European Union")
    ]


def test_an_appositive_without_a_role_noun_is_no_person() -> None:
    assert titled_people("Rosa Park, the village near the river, flooded.") == []


def test_initials_and_offices_of_law_introduce_people() -> None:
    people = titled_people(
        "Attorney General R. Miles Dunmore filed the brief; Judge Ida Vance agreed."
    )
    assert [(p.name, p.role) for p in people] == [
        ("R. Miles Dunmore", "Attorney General"),
        ("Ida Vance", "Judge"),
    ]


def test_a_role_said_with_a_verb_becomes_a_role() -> None:
    people = titled_people("Pia Holm, the lawmaker who chairs the budget panel, objected.")
    assert [(p.name, p.role) for p in people] == [("Pia Holm", "chair of the budget panel")]


def test_an_organisation_keeps_its_of_phrase() -> None:
    people = titled_people(
        "K.T. Mensah, president of the Council of Cocoa Growers, said prices fell."
    )
    assert [(p.name, p.affiliation) for p in people] == [
        ("K.T. Mensah", "Council of Cocoa Growers")
    ]


def test_an_institution_before_the_title_is_the_affiliation() -> None:
    people = titled_people("Rui Costa, the Federal Audit Court judge on the case, declined.")
    assert [(p.name, p.role, p.affiliation) for p in people] == [
        ("Rui Costa", "judge", "Federal Audit Court")
    ]


def test_what_a_person_does_for_a_living_is_a_role() -> None:
    people = titled_people("Lia Moor, who exports dried figs from Izmir, said orders fell.")
    assert [(p.name, p.role) for p in people] == [("Lia Moor", "exporter of dried figs from Izmir")]


def test_a_family_name_written_first_is_one_person() -> None:
    from bot.facts import extract_facts
    from tests.facts.helpers import passages_from

    passages = passages_from(
        "c.md",
        [
            "Beijing sent Vice Premier Wu Lanfang to head its team.",
            "Vice Premier Wu and the minister met the press on tariffs.",
        ],
        {"published": "2025-05-01"},
    )
    assert [p.name for p in extract_facts(passages).participants] == ["Wu Lanfang"]


def test_a_surname_that_is_also_a_pronoun_after_a_title_is_a_name() -> None:
    people = titled_people("The visitors were led by Vice Premier He Wenlong of Cathay.")
    assert [(p.name, p.role) for p in people] == [("He Wenlong", "Vice Premier")]
    people = titled_people("Talks were led by Trade Minister In Sora.")
    assert [(p.name, p.role) for p in people] == [("In Sora", "Trade Minister")]
    assert titled_people("After meeting the Prime Minister, He Said nothing.") == []
    assert titled_people("He Wenlong spoke first.") == []


def test_a_participle_appositive_says_whom_a_person_acts_for() -> None:
    people = titled_people("Ada Brook, representing the port operators, said costs rose.")
    assert [(p.name, p.role) for p in people] == [("Ada Brook", "representing the port operators")]
    people = titled_people("Omar Field, arguing for the importers, told the judges no.")
    assert [(p.name, p.role) for p in people] == [("Omar Field", "arguing for the importers")]
    assert titled_people("Ada Brook, speaking for many, said so.") == []
