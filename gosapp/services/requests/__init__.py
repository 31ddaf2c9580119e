"""Level 4: the request engine, its types, cards, history and support tickets."""
