"""The ``tradebot`` command line."""
