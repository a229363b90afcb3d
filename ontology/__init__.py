"""diplokg.ontology."""
