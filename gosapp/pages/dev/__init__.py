"""Demo-only pages."""
