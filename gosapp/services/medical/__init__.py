"""Level 5: certificates (later lab results and the health record)."""
