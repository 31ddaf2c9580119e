"""Level 5: personal data and passport verification."""
