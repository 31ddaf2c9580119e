"""Level 0: helpers every domain shares (errors, audit, validation, formatting, files)."""
