"""Import rules for students and graduates (placeholder until the pipeline lands)."""
