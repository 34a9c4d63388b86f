"""Training, evaluation and promotion of the recommenders (the models themselves live in `recsys`)."""
