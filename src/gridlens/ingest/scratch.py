"""Names of the temporary tables one load works in; shared by staging, replace and swap."""

from __future__ import annotations

STAGING = "gridlens_staging"  # SQLite's staged rows (PostgreSQL: staging.staging_table)
FUELS = "gridlens_staging_fuels"  # each plant's primary fuel, ranked from the staged rows
PLANTS = "gridlens_staging_plants"  # SQLite: the year's plants, derived before they join plants
