"""What Alembic compares between the models and the database (env.py and the tests share it)."""

# Postgres reflects expression indexes in its own normalised text, which never matches ours
# character for character; the migration test checks these exist instead.
EXPRESSION_INDEXES_NOT_COMPARED = {"ix_exercises_search"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES_NOT_COMPARED)
