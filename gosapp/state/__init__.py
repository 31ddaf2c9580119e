"""States and handlers shared across pages."""
