"""Pages kg serve serves (the query page)."""
