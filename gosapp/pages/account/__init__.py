"""The account every cabinet shares: sign-in, profile, security, history, support."""
