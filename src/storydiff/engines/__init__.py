"""Engines run the corpus stages over a store: locally here, on Spark later."""
