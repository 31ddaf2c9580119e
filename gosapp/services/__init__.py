"""Domain rules in plain Python: no Reflex import anywhere in this package."""
