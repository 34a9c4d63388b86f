"""The model library: the one definition of a session and a top set, the recommender candidates,
their metrics, progression, similar users, and the MLflow wrappers and registry helpers. Training
(pipelines/ml) and serving both use it; it knows no web framework and no orchestrator."""
