"""The patient cabinet."""
