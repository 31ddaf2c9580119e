"""One module per route: the page function and its own substate."""
