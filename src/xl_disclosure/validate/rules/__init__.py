"""Rule functions, one module per kind of rule in the catalogue."""
