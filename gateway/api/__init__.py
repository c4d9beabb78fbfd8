"""HTTP layer: thin Flask views over the domain modules."""
