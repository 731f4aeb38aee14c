"""Subscribed RSS and Atom feeds: their state in SQLite and the poll that ingests new entries."""
