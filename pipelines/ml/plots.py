"""Figures logged to MLflow beside the metrics (what a person would rather look at)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no screen on training machines

import matplotlib.pyplot as plt
import numpy as np

from recsys.evaluation import Metrics

SHOWN = (("recall_at_10", "Recall@10"), ("ndcg_at_10", "NDCG@10"), ("catalog_coverage", "Catalog coverage"))


def candidate_metrics_figure(results: list[tuple[str, Metrics]]):
    """Grouped bars: one group per metric, one bar per candidate, on the same holdout."""
    figure, axes = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / max(len(results), 1)
    positions = np.arange(len(SHOWN))
    for i, (name, metrics) in enumerate(results):
        values = [getattr(metrics, key) for key, _ in SHOWN]
        bars = axes.bar(positions + i * width, values, width, label=name)
        axes.bar_label(bars, fmt="%.2f", fontsize=7)
    axes.set_xticks(positions + width * (len(results) - 1) / 2, [label for _, label in SHOWN])
    axes.set_ylim(0, 1.05)
    axes.set_title(f"Exercise recommender candidates on the temporal holdout ({results[0][1].evaluated_users} people)" if results else "")
    axes.legend(fontsize=8, loc="upper left")
    figure.tight_layout()
    plt.close(figure)
    return figure


def loss_curve_figure(losses: list[float], name: str):
    figure, axes = plt.subplots(figsize=(6, 3.5))
    axes.plot(range(1, len(losses) + 1), losses, marker="o")
    axes.set_xlabel("epoch")
    axes.set_ylabel("cross-entropy")
    axes.set_title(f"{name}: training loss")
    figure.tight_layout()
    plt.close(figure)
    return figure


def progression_figure(errors: dict[str, float]):
    figure, axes = plt.subplots(figsize=(6, 3.5))
    bars = axes.bar(list(errors), list(errors.values()), color=["tab:green"] + ["tab:gray"] * (len(errors) - 1))
    axes.bar_label(bars, fmt="%.2f kg")
    axes.set_ylabel("mean absolute error (kg)")
    axes.set_title("Next-session top set weight, held-out sessions")
    figure.tight_layout()
    plt.close(figure)
    return figure
