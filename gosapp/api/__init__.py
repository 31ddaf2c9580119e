"""Starlette routes mounted in front of Reflex through ``api_transformer``."""
