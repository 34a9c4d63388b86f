"""Training, evaluation and promotion of the recommenders (model code lives in `serving`)."""
