"""diplokg.graph."""
