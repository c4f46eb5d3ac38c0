"""gridlens: explore U.S. power plant net generation from EPA's eGRID data."""

__version__ = "0.1.0"
