"""Shared test helpers (Discord emulator, fixtures)."""
