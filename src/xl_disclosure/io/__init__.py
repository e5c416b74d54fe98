"""Files in and out: canonical JSON, its JSON Schema, atomic writes."""
