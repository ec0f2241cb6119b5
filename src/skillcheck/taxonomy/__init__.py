"""Content in, distrusted: the taxonomy's models, its guarded YAML reader, loading and validation, the cache."""
