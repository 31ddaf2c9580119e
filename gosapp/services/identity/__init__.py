"""Level 2: accounts, roles, login, sessions, TOTP, recovery."""
