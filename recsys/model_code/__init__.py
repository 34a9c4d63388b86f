"""Model-from-code files MLflow copies next to a logged model (no pickled objects)."""
