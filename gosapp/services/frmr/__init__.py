"""Level 5: the medical-worker register (ФРМР): portfolio, НМО, experience."""
