"""diplokg.diplokg."""
