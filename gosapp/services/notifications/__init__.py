"""Level 1: the in-app inbox and delivery by e-mail and SMS."""
