"""Level 3: private document storage."""
