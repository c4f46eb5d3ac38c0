"""Routers: each wires one domain's queries to HTTP."""

# Each router carries its full prefix: route.path then is the whole template (/api/v1/...),
# which the access log and metrics label requests with. include_router(prefix=...) would not be.
API_V1 = "/api/v1"
