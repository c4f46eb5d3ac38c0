"""Users, password hashing, tokens (JWT and personal API tokens), rate limits, route guards."""
