"""The read side of ingestion run records: what each load found and how it ended."""
