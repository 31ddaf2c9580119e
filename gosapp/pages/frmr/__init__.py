"""The medical-worker cabinet (ФРМР)."""
