"""Fetching pages from the web safely: public addresses only, robots.txt, size and type caps."""
