from tests.stores import local_store, store  # noqa: F401  (fixtures for every module here)
