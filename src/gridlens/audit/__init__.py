"""The audit trail: append-only events for every security-relevant or data-changing action."""
