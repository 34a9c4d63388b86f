"""Text moderation: a TF-IDF (words and character n-grams) + logistic regression model per label,
and the decision it leads to. Registered in MLflow as `text-moderation`; served by the ML
service's POST /ml/moderation/text and, in process, the same way as the recommendations.

Decisions: `reject` when a label other than self-harm is near certain (the text is refused and
nobody sees it), `hold` when any label is likely (a moderator looks first; self-harm is always
held, never refused, so a person can reach out), `allow` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from recsys.moderation_data import LABELS, Example

HOLD_AT = 0.5
REJECT_AT = 0.9
NEVER_REJECTED = {"self_harm"}
# Without a registered model: only what is surely spam (a web address or a messenger handle
# offered to strangers) waits for a moderator; everything else passes.
_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(?:shop|biz|click|store|xyz|top)\b|\bt\.me/|\bbit\.ly/)", re.IGNORECASE)
RULES_VERSION = "rules"


@dataclass(frozen=True)
class Verdict:
    decision: str  # allow, hold or reject
    labels: dict[str, float]  # every label's score, 0..1
    flagged: tuple[str, ...]  # the labels at or over HOLD_AT


def decide(scores: dict[str, float]) -> Verdict:
    flagged = tuple(label for label, score in scores.items() if score >= HOLD_AT)
    if any(score >= REJECT_AT and label not in NEVER_REJECTED for label, score in scores.items()):
        return Verdict("reject", scores, flagged)
    return Verdict("hold" if flagged else "allow", scores, flagged)


def rules_verdict(text: str) -> Verdict:
    scores = {label: 0.0 for label in LABELS} | ({"spam": 0.6} if _LINK.search(text) else {})
    return decide(scores)


def build_model(c: float = 4.0) -> Pipeline:
    features = FeatureUnion([
        ("words", TfidfVectorizer(lowercase=True, ngram_range=(1, 2), min_df=1, sublinear_tf=True)),
        ("chars", TfidfVectorizer(lowercase=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
    ])
    classifier = OneVsRestClassifier(LogisticRegression(C=c, max_iter=2000, class_weight="balanced"))
    return Pipeline([("features", features), ("classifier", classifier)])


def label_matrix(data: list[Example]) -> np.ndarray:
    return np.array([[label in e.labels for label in LABELS] for e in data], dtype=int)


def fit(data: list[Example], c: float = 4.0) -> Pipeline:
    model = build_model(c)
    model.fit([e.text for e in data], label_matrix(data))
    return model


def score(model: Pipeline, texts: list[str]) -> list[dict[str, float]]:
    probabilities = model.predict_proba(texts)
    return [{label: round(float(p), 4) for label, p in zip(LABELS, row, strict=True)} for row in probabilities]


def evaluate(model: Pipeline, data: list[Example]) -> dict[str, float]:
    """Precision and recall of `hold or reject` per label and for harmful text as a whole, and
    the share of harmless text let through, on `data` (the held-out families)."""
    truth = label_matrix(data)
    predicted = np.array([[s[label] >= HOLD_AT for label in LABELS] for s in score(model, [e.text for e in data])], dtype=int)
    metrics = {}
    for i, label in enumerate(LABELS):
        tp = int(((predicted[:, i] == 1) & (truth[:, i] == 1)).sum())
        metrics[f"precision_{label}"] = tp / max(1, int(predicted[:, i].sum()))
        metrics[f"recall_{label}"] = tp / max(1, int(truth[:, i].sum()))
    harmful, flagged = truth.any(axis=1), predicted.any(axis=1)
    metrics["precision_harmful"] = float((harmful & flagged).sum() / max(1, flagged.sum()))
    metrics["recall_harmful"] = float((harmful & flagged).sum() / max(1, harmful.sum()))
    metrics["harmless_allowed"] = float((~harmful & ~flagged).sum() / max(1, (~harmful).sum()))
    metrics["macro_f1"] = float(np.mean([
        2 * metrics[f"precision_{label}"] * metrics[f"recall_{label}"] / max(1e-9, metrics[f"precision_{label}"] + metrics[f"recall_{label}"])
        for label in LABELS
    ]))
    return {k: round(v, 4) for k, v in metrics.items()}
