"""Pages anyone can open: landing, certificate check, errors."""
