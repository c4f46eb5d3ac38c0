"""Routers: each wires one domain's queries to HTTP."""
