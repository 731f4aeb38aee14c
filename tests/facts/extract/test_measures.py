"""Measures read from sentences written for these tests (no article's words are reused)."""

from __future__ import annotations

import pytest

from bot.facts import extract_facts
from bot.facts.models import TariffMeasure
from tests.facts.helpers import passages_from

META = {"title": "Tariff roundup", "published": "2025-03-03"}


def rows(*paragraphs: str, title: str = "Tariff roundup") -> list[TariffMeasure]:
    return list(
        extract_facts(passages_from("t.md", list(paragraphs), {**META, "title": title})).measures
    )


def keys(measures: list[TariffMeasure]) -> set[tuple[str, str, float | None, str]]:
    return {(m.imposer, m.target, m.rate_percent, m.status) for m in measures}


def test_a_rate_that_stays_is_in_force_not_raised() -> None:
    found = rows(
        "The United States doubled its tariffs on imported lumber to 40%, "
        "but Chile stays at 20% under its trade pact."
    )
    assert ("United States", "Chile", 20.0, "in force") in keys(found)
    assert not any(m.target == "Chile" and m.rate_percent == 40 for m in found)


def test_kept_at_binds_the_object_as_who_pays() -> None:
    found = rows(
        "Washington raised duties on solar panels to 60% on Monday.",
        "Officials said keeping Peru at 15% rewarded its quick talks.",
    )
    assert ("United States", "Peru", 15.0, "in force") in keys(found)


def test_from_a_to_b_keeps_the_old_figure_as_superseded() -> None:
    found = rows("The United States will cut its tariff on Vietnamese goods from 46% to 20%.")
    assert ("United States", "Vietnam", 20.0, "lowered") in keys(found)
    assert ("United States", "Vietnam", 46.0, "superseded") in keys(found)


def test_each_side_of_a_two_clause_deal_keeps_its_own_pair() -> None:
    found = rows(
        "Under the accord, Washington will reduce its tariffs on Thai goods from 36% to 19%, "
        "and Thailand will slash its duties on US products from 20% to 5%."
    )
    got = keys(found)
    assert ("United States", "Thailand", 19.0, "lowered") in got
    assert ("Thailand", "United States", 5.0, "lowered") in got
    assert not any(m.imposer == m.target for m in found)


def test_goods_paying_a_rate_name_their_origin() -> None:
    found = rows(
        "Canada and the United States are still talking about tariffs.",
        "Most Norwegian goods will pay 15% from next month.",
    )
    assert any(m.target == "Norway" and m.rate_percent == 15 for m in found)


def test_coordinated_countries_each_get_the_rate() -> None:
    found = rows("The White House set a 25% tariff on goods from Chile and Peru on Tuesday.")
    assert {m.target for m in found if m.rate_percent == 25} == {"Chile", "Peru"}


@pytest.mark.parametrize(
    "sentence",
    [
        "The probability that the appeal court backs the levies dropped to 30% overnight.",
        "Copper futures dropped about 12% on Thursday as the tariff news spread.",
        "About 70% of Chilean exports to the United States still enter without duties.",
        "Officials say parcels make up 80% of shipments hit by the new tariffs.",
    ],
)
def test_percentages_that_are_not_tariffs_are_never_rows(sentence: str) -> None:
    assert rows(sentence) == []


def test_a_person_who_raises_a_tariff_acts_for_the_article_s_imposer() -> None:
    found = rows(
        "President Jane Doe of the United States met reporters.",
        "President Jane Doe lifts Peru tariff to 45% as talks stall.",
        title="US raises tariff on Peru",
    )
    assert ("United States", "Peru", 45.0, "raised") in keys(found)


def test_zero_rates_in_words_and_their_negations() -> None:
    found = rows(
        "Australia agreed to a 20,000-tonne duty-free quota for American pork.",
        "Parcels mailed from Peru will no longer ship duty-free.",
        "Peru offered to cut tariffs on US wheat to zero.",
    )
    assert [(m.target, m.rate_percent) for m in found] == [("United States", 0.0)]


def test_a_stack_stated_in_one_passage_is_spelled_out() -> None:
    found = rows(
        "Washington's decree stacks a 30% surcharge onto the 10% baseline tariff Peru already "
        "pays, a combined levy of 40%."
    )
    total = next(m for m in found if m.rate_percent == 40)
    assert total.target == "Peru"
    assert total.stack in {
        "30% reciprocal + 10% baseline = 40%",
        "10% baseline + 30% reciprocal = 40%",
    }


def test_legal_basis_quote_and_extractor_are_filled() -> None:
    found = rows("The 25% duty on imported trucks was imposed under Section 232 last year.")
    assert found and found[0].legal_basis == "Section 232"
    assert found[0].quote in found[0].evidence
    assert found[0].extractor == "rules"


def test_a_member_of_a_bloc_that_faces_a_rate_names_the_bloc() -> None:
    found = rows(
        "Washington's new tariffs took effect at midnight.",
        "Each EU member faces a 20% duty on wine shipped to the United States.",
    )
    assert any(m.target == "European Union" and m.rate_percent == 20 for m in found)


def test_the_antecedent_of_which_pays_and_a_coordinated_verb_keeps_its_subject() -> None:
    found = rows(
        "The pact limits US duties on Korean goods to 15%, including trucks and truck parts, "
        "which have paid 25% since January.",
        "Chips and solar cells are excluded and stay at 40%.",
    )
    got = {(m.target, m.rate_percent) for m in found}
    assert ("South Korea", 25.0) in got and ("South Korea", 40.0) in got


def test_goods_named_by_a_country_name_are_that_country_s() -> None:
    found = rows("A single 12% tariff rate will apply to most Peru exports from June.")
    assert any(m.target == "Peru" and m.rate_percent == 12 for m in found)


def test_a_future_payment_is_announced_a_continuing_one_in_force() -> None:
    found = rows(
        "US tariffs rose again this week.",
        "Peruvian exports will pay 30% starting 1 June.",
        "Chilean wine will continue paying 10%.",
    )
    assert ("United States", "Peru", 30.0, "announced") in keys(found)
    assert ("United States", "Chile", 10.0, "in force") in keys(found)


def test_a_global_law_with_no_country_named_covers_every_origin() -> None:
    found = rows(
        "Peru hopes for relief from US tariffs.",
        "The 25% duty on imported trucks was imposed under Section 232 last year.",
        "Officials pointed to Section 122, which permits a temporary tariff of up to 15%.",
    )
    got = {(m.target, m.rate_percent, m.legal_basis) for m in found}
    assert ("all", 25.0, "Section 232") in got and ("all", 15.0, "Section 122") in got


def test_the_old_figure_after_a_clause_break_and_a_rate_charged_on_foreign_goods() -> None:
    found = rows(
        "As of 1 May, the US tariff on Thai imports drops to 19%, down from the 36% set in April.",
        "Up to 5,000 Thai trucks a year qualify for a 10% rate, against the 25% levied on "
        "foreign trucks in general.",
    )
    got = keys(found)
    assert ("United States", "Thailand", 36.0, "superseded") in got
    assert ("United States", "all", 25.0, "in force") in got


def test_we_in_a_transcript_turn_is_the_speaker_s_government() -> None:
    found = rows(
        "Peru and Peru's neighbours met in Lima; Peru hosted talks on US tariffs.",
        "Chile's Trade Minister Ana Ruiz took questions after Peru's president spoke.",
        "MINISTER RUIZ: We will cut our tariff on American wheat to 5% next month.",
    )
    assert ("Chile", "United States", 5.0, "lowered") in keys(found)


def test_tariff_free_both_ways_gives_both_pairs_and_a_place_on_both_sides_does_not() -> None:
    found = rows(
        "Peru and the United States sealed a tariff deal on Friday.",
        "Copper wire and fishmeal will cross the border tariff-free both ways, officials said.",
        "Each side will scrap its duties completely on medical devices.",
        "Traders on both sides of the border welcomed duty-free treatment for the goods.",
    )
    zero = {(m.imposer, m.target, m.product) for m in found if m.rate_percent == 0}
    assert ("United States", "Peru", "copper") in zero and (
        "Peru",
        "United States",
        "copper",
    ) in zero
    assert len({(i, t) for i, t, _p in zero}) == 2


def test_duties_dropped_entirely_on_a_list_are_zero_for_the_listed_goods_only() -> None:
    found = rows(
        "Peru and the United States sealed a tariff deal on Friday.",
        "Both sides agreed to remove duties entirely on a handful of goods, among them coffee, "
        "copper wire and aircraft.",
    )
    zero = {(m.imposer, m.target, m.product) for m in found if m.rate_percent == 0}
    assert {p for _i, _t, p in zero} == {"coffee", "copper", "aircraft"}
    assert ("Peru", "United States", "coffee") in zero
    assert ("United States", "Peru", "coffee") in zero


def test_hoping_to_drop_duties_entirely_is_no_rate() -> None:
    assert rows("Peru hopes to scrap duties entirely on US wheat next year.") == []


def test_a_phrase_set_off_by_commas_does_not_cut_a_tariff_from_its_rate() -> None:
    found = rows(
        "Peru hopes for relief from US tariffs.",
        "The lumber duty, ordered under Section 232 in the spring, took effect on Monday at 30%.",
    )
    assert {(m.target, m.product, m.rate_percent, m.legal_basis) for m in found} == {
        ("all", "lumber", 30.0, "Section 232")
    }


def test_a_new_measure_does_not_inherit_the_payer_of_the_sentence_before() -> None:
    found = rows(
        "Washington raised its tariff on Peruvian goods to 20% on Monday.",
        "A new 15% levy on copper wire starts in May.",
    )
    assert ("United States", "Peru", 20.0, "raised") in keys(found)
    assert not any(m.rate_percent == 15 for m in found)


def test_a_rate_its_payer_pays_in_a_relative_clause_and_a_past_payment_is_former() -> None:
    found = rows(
        "Peru and the United States are in talks over tariffs.",
        "For Peru's fishing fleet, the new rate is well below the 30% it has been paying on "
        "frozen fish, but above the 5% it paid before the dispute.",
    )
    assert ("United States", "Peru", 30.0, "in force") in keys(found)
    assert ("United States", "Peru", 5.0, "superseded") in keys(found)


def test_a_percentage_reached_or_gained_is_no_rate() -> None:
    assert rows("Copper output in Peru fell short of the 15% it reached last year.") == []
    assert rows("Under the new tariffs, Peru lost the 12% they had gained in market share.") == []


def test_a_member_state_s_goods_pay_the_bloc_s_rate_in_an_article_about_the_bloc() -> None:
    about_bloc = rows(
        "Washington and the European Union agreed a tariff framework.",
        "Italian wine will pay 15% from June.",
    )
    assert any(m.target == "European Union" and m.rate_percent == 15 for m in about_bloc)
    alone = rows("The United States raised its tariffs.", "Italian wine will pay 15% from June.")
    assert any(m.target == "Italy" and m.rate_percent == 15 for m in alone)


def test_points_of_a_tariff_are_a_slice_of_its_rate_but_a_cut_by_points_is_not() -> None:
    found = rows(
        "Washington and Lima agreed to cut tariffs.",
        "The remaining 15 points of the reciprocal levy on Peru are paused for 60 days.",
        "Each side's duty comes down by 30 percentage points.",
    )
    assert ("United States", "Peru", 15.0, "paused") in keys(found)
    assert not any(m.rate_percent == 30 for m in found)


def test_an_import_surcharge_with_no_country_named_covers_every_origin() -> None:
    found = rows(
        "Peru hopes for relief from US tariffs.",
        "Lawyers recalled the 10% import surcharge of the 1970s.",
        "A 12% import duty on Peruvian grapes still applies.",
    )
    got = {(m.target, m.rate_percent) for m in found}
    assert ("all", 10.0) in got and ("Peru", 12.0) in got
    assert ("Peru", 10.0) not in got


def test_a_country_that_faces_or_secures_a_rate_pays_it_and_never_imposes_it() -> None:
    found = rows(
        "US tariffs dominate talks in Lima and Washington.",
        "Peru faces a 24% tariff from Friday.",
        "Chile secured a 15% ceiling on most of its exports to the United States.",
        "Bolivia, which faced a threatened 46% rate in April, now pays 20%.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("United States", "Peru", 24.0) in got
    assert ("United States", "Chile", 15.0) in got
    assert ("United States", "Bolivia", 46.0) in got and ("United States", "Bolivia", 20.0) in got
    assert all(m.imposer not in {"Peru", "Chile", "Bolivia"} for m in found)


def test_whose_goods_pay_names_the_payer_and_a_pronoun_that_acts_names_the_imposer() -> None:
    found = rows(
        "Peru, whose goods pay 15% under a May framework, warned it could revive a 25% "
        "counter-tariff on American wheat."
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("Peru", "United States", 25.0) in got
    assert any(t == "Peru" and r == 15 for _i, t, r in got)


def test_a_country_never_pays_its_own_tariff() -> None:
    found = rows("Peru said tariffs on its copper would be capped at 15% under the pact.")
    assert all(m.imposer != m.target for m in found)


def test_a_tariff_in_the_title_lets_the_body_state_rates_by_verbs_alone() -> None:
    body = "Peruvian goods will pay 15% from June."
    assert rows(body, title="Trade news") == []
    assert [m.target for m in rows(body, title="Peru tariff rises")] == ["Peru"]


def test_its_exporters_had_paid_is_the_former_rate_of_the_country_named_before() -> None:
    found = rows(
        "Chile won a 15% ceiling on most of its exports to the United States on Monday, down "
        "from the 25% its fruit growers had paid since March."
    )
    assert ("United States", "Chile", 15.0, "in force") in keys(found)
    assert ("United States", "Chile", 25.0, "superseded") in keys(found)


def test_hit_by_a_tariff_names_it_but_a_change_by_a_percentage_is_no_rate() -> None:
    found = rows(
        "US tariffs rose again.",
        "Peru's exporters, hit by the 30% rate in May, asked for relief.",
        "Peruvian shippers cut prices by 10% to keep buyers.",
    )
    assert {(m.target, m.rate_percent) for m in found} == {("Peru", 30.0)}


def test_a_levy_that_applies_to_a_product_is_on_that_product() -> None:
    found = rows("Their shipments face the 50% levy that applies to all foreign copper.")
    assert [(m.target, m.product) for m in found] == [("all", "copper")]


def test_an_unnamed_answerer_to_washington_is_not_guessed_when_several_compete() -> None:
    found = rows(
        "Chile and Peru both rely on the US market.",
        "Chile and Peru are talking to Washington about tariffs.",
        "Officials kept a 5% tariff on American wheat.",
    )
    assert all(m.imposer == "" for m in found if m.target == "United States")


def test_goods_named_by_origin_that_face_a_duty_name_the_payer() -> None:
    found = rows(
        "China agreed to cut its retaliatory duty on US soybeans to 3%.",
        "Peruvian avocados will face an antidumping duty of 17%, US officials said.",
    )
    assert ("United States", "Peru", 17.0) in {(m.imposer, m.target, m.rate_percent) for m in found}


def test_a_rate_goods_escape_is_not_their_rate() -> None:
    found = rows(
        "US tariffs on Peru rose again.",
        "Goods from Peru that are not on the list pay 30%, while fishmeal escapes the extra 20% "
        "surcharge.",
    )
    assert {(m.target, m.rate_percent) for m in found} == {("Peru", 30.0)}


def test_the_reason_for_a_penalty_neither_pays_it_nor_is_its_product() -> None:
    found = rows(
        "Peruvian goods now face a 20% reciprocal tariff plus a 10% penalty for buying "
        "Venezuelan oil."
    )
    assert {(m.target, m.product) for m in found} == {("Peru", "all goods")}


def test_a_country_s_tariff_in_a_story_of_us_tariffs_is_the_one_it_pays() -> None:
    found = rows(
        "US tariffs took effect on Friday.",
        "Peru's 39% tariff, the highest in the region, was kept in place.",
        "Chile's own 25% counter-tariffs remain in force.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("United States", "Peru", 39.0) in got
    assert ("Chile", "United States", 25.0) in got


def test_a_pronoun_s_goods_that_pay_a_baseline_are_the_country_s() -> None:
    found = rows("US tariffs took effect.", "Peru was spared: its goods pay the 10% baseline.")
    assert ("United States", "Peru", 10.0) in {(m.imposer, m.target, m.rate_percent) for m in found}


def test_a_country_that_still_pays_a_rate_and_the_previous_imposer_is_not_carried() -> None:
    found = rows(
        "Peru agreed to cut its retaliatory duty on US wheat to 3%. The UK still pays 10% "
        "on most goods sent to the United States."
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("United States", "United Kingdom", 10.0) in got


def test_a_question_naming_a_country_sets_the_payer_of_the_answer() -> None:
    found = rows(
        "Transcript of the US tariff briefing with Washington officials.",
        "Q (Radio): What is Peru paying right now?",
        "MINISTER ROSS: Goods outside the trade pact pay 25%.",
        "Q (Daily): Is that fair?",
        "MINISTER ROSS: Everything else pays 5%.",
    )
    got = {(m.target, m.rate_percent) for m in found}
    assert ("Peru", 25.0) in got
    assert ("Peru", 5.0) not in got  # a question naming no country sets nothing


def test_the_paying_subject_wins_over_a_country_inside_the_tariff_noun() -> None:
    found = rows(
        "Chilean goods face a 39% US tariff.",
        "Norway faces a 12% EU tariff on salmon.",
        "Most Peruvian exports to the United States will face a 15% tariff.",
        "The White House set a 25% Bolivia tariff.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("United States", "Chile", 39.0) in got
    assert ("European Union", "Norway", 12.0) in got
    assert ("United States", "Peru", 15.0) in got
    assert ("United States", "Bolivia", 25.0) in got
    assert not any(m.target == "United States" for m in found)


def test_a_zero_rate_under_an_agreement_named_by_its_members_falls_on_the_other_members() -> None:
    found = rows(
        "US tariffs took effect on Monday.",
        "Goods that qualify for duty-free treatment under the United States-Chile-Peru Trade "
        "Agreement will stop paying them.",
        "Goods that qualify for duty-free treatment under the Chile-Peru Trade Agreement will "
        "stop paying them.",
    )
    zero = {(m.imposer, m.target, m.evidence[-50:]) for m in found if m.rate_percent == 0}
    assert {(i, t) for i, t, _e in zero} == {("United States", "Chile"), ("United States", "Peru")}
    assert all("United States-Chile-Peru" in m.evidence for m in found if m.rate_percent == 0)


def test_a_list_of_countries_and_rates_shares_the_verb_of_the_first() -> None:
    found = rows("US tariffs rose.", "Chile now faces 26%, Peru 31% and Bolivia 18%.")
    got = {(m.target, m.rate_percent) for m in found}
    assert got == {("Chile", 26.0), ("Peru", 31.0), ("Bolivia", 18.0)}


def test_a_list_of_rates_without_a_paying_verb_is_no_list_of_payers() -> None:
    found = rows("US tariffs rose.", "Copper fell 3%, Chile 2% and Peru 1%.")
    assert found == []


def test_a_tariff_applied_to_goods_is_on_those_goods() -> None:
    found = rows("The US will apply a 10% tariff to up to 50,000 Peruvian cars a year.")
    assert [(m.target, m.product) for m in found] == [("Peru", "cars")]


def test_a_baseline_left_in_place_is_the_article_s_imposer_s_not_the_last_one_named() -> None:
    found = rows(
        "US tariffs on dozens of countries took effect.",
        "Lima hit back, raising its levy on all American imports to 40%.",
        "In a reversal, the president paused the higher rates for every country except Peru, "
        "leaving a 10% baseline in place.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("Peru", "United States", 40.0) in got
    assert ("United States", "all", 10.0) in got


def test_a_rate_that_would_have_been_is_no_rate() -> None:
    found = rows(
        "The United States will charge a 30% tariff on Peruvian goods from June.",
        "Chile had hoped for a deal that would have kept the rate at 10%.",
    )
    assert {(m.target, m.rate_percent) for m in found} == {("Peru", 30.0)}


def test_tariffs_that_stand_at_a_rate_and_a_rate_that_would_apply_to_a_country() -> None:
    found = rows(
        "Peruvian goods remain subject to the border tariffs, which stand at 25%.",
        "Washington set a 50% tariff on copper imports and said a 35% rate would apply to Chile.",
    )
    got = {(m.target, m.product, m.rate_percent) for m in found}
    assert ("Peru", "all goods", 25.0) in got
    assert ("Chile", "all goods", 35.0) in got and ("all", "copper", 50.0) in got


def test_a_country_that_is_the_clause_s_subject_is_the_payer_before_any_carried_one() -> None:
    found = rows(
        "The United States will charge a 30% tariff on Peruvian goods from June.",
        "Related: Bolivia agrees 19% tariff.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("United States", "Bolivia", 19.0) in got
    assert ("United States", "Peru", 19.0) not in got


def test_no_dominant_country_puts_a_product_rate_on_every_origin_and_drops_all_goods() -> None:
    found = rows(
        "US tariffs hit Chile, Peru, Bolivia and Ecuador this year.",
        "Chile and Peru protested; Bolivia and Ecuador stayed quiet.",
        "Heavy trucks will face a 25% tariff and garden gnomes a 50% tariff, officials said.",
    )
    got = {(m.target, m.product, m.rate_percent) for m in found}
    assert ("all", "trucks", 25.0) in got
    assert not any(m.rate_percent == 50 for m in found)


def test_a_rate_on_every_origin_does_not_renew_the_previous_payer() -> None:
    found = rows(
        "Peru and Chile both trade with the United States; Chile and Bolivia too.",
        "Washington raised its tariff on Peruvian goods to 20%.",
        "A 25% tariff on imported trucks follows.",
        "Officials said a 15% rate also applies.",
    )
    assert ("United States", "Peru", 20.0, "raised") in keys(found)
    assert not any(m.target == "Peru" and m.rate_percent == 15 for m in found)


def test_its_exporters_in_a_new_sentence_are_the_first_country_of_the_one_before() -> None:
    found = rows(
        "US tariffs on Chile took effect; Chile and Chilean growers protested in Chile.",
        "Peru, whose miners supply much of the US market, protested. Its exporters already pay "
        "30% on most goods.",
    )
    assert ("United States", "Peru", 30.0) in {(m.imposer, m.target, m.rate_percent) for m in found}


def test_a_surtax_is_a_tariff_and_a_country_that_charges_it_does_not_pay_it() -> None:
    found = rows(
        "US tariffs on Peru took effect.",
        "Peru's 12% surtax on US wheat stays.",
        "Lima said Peru would also cap imports of foreign steel and charge a 25% surtax above "
        "that quota.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("Peru", "United States", 12.0) in got
    assert not any(m.target == "Peru" and m.rate_percent == 25 for m in found)


def test_a_country_that_has_levied_keeps_its_possessive_tariff_and_hitting_back_levies() -> None:
    found = rows(
        "US tariffs on Peru rose to 45%.",
        "Peru retaliated with tariffs of 25% on US goods.",
        "Peru's 25% tariff remains in place.",
        "Lima hit back again with a 30% tariff.",
    )
    got = {(m.imposer, m.target, m.rate_percent) for m in found}
    assert ("Peru", "United States", 25.0) in got and ("Peru", "United States", 30.0) in got
    assert ("United States", "Peru", 25.0) not in got and ("United States", "Peru", 30.0) not in got


def test_a_country_in_a_condition_is_not_the_payer_and_a_hoped_for_rate_is_no_row() -> None:
    found = rows(
        "The United States and Peru remain far apart on tariffs.",
        "Washington's 40% tariff on Peruvian goods is the highest in the region.",
        "Peruvian officials said the 25% penalty would be lifted if purchases of Venezuelan "
        "oil stop.",
        "Both countries hope to agree a rate of 15% by November.",
    )
    got = {(m.target, m.rate_percent) for m in found}
    assert ("Peru", 25.0) in got
    assert not any(m.target == "Venezuela" for m in found)
    assert not any(m.rate_percent == 15 for m in found)


# --- goods, direction, shares and goals (round 4) ------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "rate", "goods"),
    [
        ("Chilean cement and glassware stay at 12%.", 12, "cement and glassware"),
        ("Chilean tin and cobalt were put on a lower 8% rate from the start.", 8, "tin and cobalt"),
    ],
)
def test_a_level_stated_for_named_goods_carries_them_not_all_goods(
    sentence: str, rate: float, goods: str
) -> None:
    found = rows("Norway put a 30% tariff on Chilean goods last month.", sentence)
    assert {m.product for m in found if m.rate_percent == rate} == {goods}


def test_a_rate_extended_to_named_goods_is_for_those_goods() -> None:
    found = rows(
        "Norway put a 30% tariff on Chilean goods last month.",
        "A new order extends that 12% rate to cement from Chile that fails the origin rules.",
    )
    twelve = [m for m in found if m.rate_percent == 12]
    assert twelve and all("cement" in m.product for m in twelve)


def test_keeping_a_country_at_a_rate_takes_the_goods_the_passage_is_about() -> None:
    found = rows(
        "Norway doubled its tariff on imported copper to 40% on Monday, "
        "but copper from Chile will go on paying 20%.",
        "The trade minister said keeping Chile at 20% rewarded its cooperation.",
        title="Norway doubles copper tariff",
    )
    kept = [m for m in found if m.target == "Chile" and m.rate_percent == 20]
    assert kept and all(m.product == "copper" for m in kept)


def test_a_quota_for_the_other_sides_goods_is_imposed_by_the_side_that_grants_it() -> None:
    found = rows(
        "Norway and Chile signed a trade pact on Friday.",
        "In return, Chile has agreed to a duty-free quota of 5,000 tonnes for Norwegian barley "
        "and a tariff-free quota of 900 tonnes for Norwegian cheese.",
    )
    zero = [m for m in found if m.rate_percent == 0]
    assert zero
    assert all((m.imposer, m.target) == ("Chile", "Norway") for m in zero)
    assert {m.product for m in zero} == {"barley", "cheese"}


def test_a_share_of_exports_crossing_duty_free_is_no_rate() -> None:
    found = rows(
        "Norway raised its tariff on Peru's goods to 35% on Friday.",
        "Officials noted that about 70% of Peru's exports to Norway still cross the border "
        "duty-free under their trade pact.",
    )
    assert not [m for m in found if m.rate_percent == 0]


def test_a_quota_being_worked_toward_is_not_an_agreed_measure() -> None:
    found = rows(
        "Norway kept its 25% tariff on Chilean tin.",
        "On tin, the two governments agreed in principle to move toward a tariff-free quota "
        "for Chilean metal, on condition that Chilean smelters meet Norwegian safety rules.",
    )
    assert not [m for m in found if m.rate_percent == 0 and m.product == "all goods"]
    assert not [m for m in found if m.rate_percent == 0 and m.status in {"agreed", "in force"}]


def test_goods_from_a_named_origin_are_that_origins_whatever_follows() -> None:
    found = rows(
        "Peru will raise tariffs on cement from Chile to 15% starting 30 July, an aide said. "
        "Exports of cement from Peru to Norway fell 12% in May."
    )
    assert {(m.imposer, m.target, m.product) for m in found if m.rate_percent == 15} == {
        ("Peru", "Chile", "cement")
    }


def test_duty_free_treatment_for_qualifying_goods_is_for_those_goods_only() -> None:
    found = rows(
        "Norway put a 20% tariff on Chilean goods in March.",
        "Chilean products that qualify for duty-free treatment under the Andean Fisheries "
        "Accord (AFA) will stop paying the 20% tariff from Monday.",
    )
    zero = [m for m in found if m.rate_percent == 0]
    assert zero and all(m.product != "all goods" for m in zero)
    assert {m.product for m in zero} == {"products qualifying under Andean Fisheries Accord (AFA)"}
