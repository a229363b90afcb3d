"""diplokg.extract."""
