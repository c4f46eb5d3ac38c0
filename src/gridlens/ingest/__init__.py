"""The write side: read a sheet from the store, validate, load a year, record the run."""
