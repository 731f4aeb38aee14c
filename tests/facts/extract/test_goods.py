"""Goods named by grammar when the product lexicon does not know them."""

from __future__ import annotations

import pytest

from bot.facts.extract.goods import named_goods, stated_goods
from bot.facts.extract.rates import tariff_rates


@pytest.mark.parametrize(
    ("phrase", "goods"),
    [
        ("Chilean tin and cobalt", "tin and cobalt"),
        ("the Norwegian cement", "cement"),
        ("Peru's fish oil products", "fish oil products"),
        ("most Chilean goods", ""),  # the general run of goods
        ("exports to Norway", ""),
        ("the tariff", ""),
        ("it", ""),
        ("or after", ""),  # "on or after 9 July"
        ("goods worth $5 billion", ""),
        ("cement applies", "cement"),  # the phrase ends at its verb
        ("Chilean salmon imports", "salmon"),
        ("salmon feed from Chile", "salmon feed"),
    ],
)
def test_named_goods_keeps_the_goods_and_drops_origin_and_determiners(
    phrase: str, goods: str
) -> None:
    assert named_goods(phrase) == goods


@pytest.mark.parametrize(
    ("sentence", "goods"),
    [
        ("Chilean tin and cobalt stay at 12%.", "tin and cobalt"),
        ("Peruvian glass was put on a lower 8% rate.", "glass"),
        ("The order extends that 12% rate to cement from Chile.", "cement"),
        ("Chile has agreed to a duty-free quota of 900 tonnes for Norwegian cheese.", "cheese"),
        ("The first part is a 10% reciprocal rate.", ""),  # a copula names the rate, not goods
        ("Most Chilean goods will pay 20% from May.", ""),
    ],
)
def test_stated_goods_reads_the_goods_a_rate_is_for(sentence: str, goods: str) -> None:
    rate = tariff_rates(sentence, tariff_context=True)[0]
    assert stated_goods(sentence, 0, rate) == goods
