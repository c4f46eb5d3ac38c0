"""HTTP: the app factory, routers wiring the read side to /api/v1, errors, middleware, the UI."""
