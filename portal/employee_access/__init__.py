"""The employee's own page "Mijn overdracht": no account, a personal link plus a code (issue 16)."""
