"""``/api/v1``: the machine-to-machine API (laboratories posting results), with its OpenAPI spec."""
