"""The social-protection cabinet (СЗН)."""
