"""The read side: plants ranked by net generation, state totals and the loaded years."""
