"""gosapp: a personal-cabinet portal for healthcare and social services."""

__version__ = "0.1.0"
