"""diplokg.queries."""
