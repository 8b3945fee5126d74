"""Background jobs of the core app (huey). Filled in by the import pipeline."""
