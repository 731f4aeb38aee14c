"""tradebot: sourced answers about trade policy from a curated set of news articles."""

__version__ = "0.1.0"
