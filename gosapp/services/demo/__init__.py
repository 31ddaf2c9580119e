"""Level 7: demo data for every domain."""
