"""Whether a newly trained model takes the champion alias."""

from __future__ import annotations

from dataclasses import dataclass

from recsys.registry import CHALLENGER, CHAMPION


@dataclass(frozen=True)
class Decision:
    alias: str
    reason: str

    @property
    def promoted(self) -> bool:
        return self.alias == CHAMPION


def decide(new_score: float, champion_score: float | None, margin: float, metric: str = "ndcg_at_10") -> Decision:
    """Champion if there is none, or if the new model beats it by `margin` (relative) on the same
    holdout; challenger otherwise. Ties and small wins keep the model that is already serving."""
    if margin < 0:
        raise ValueError(f"margin must be >= 0, got {margin}")
    if champion_score is None:
        return Decision(CHAMPION, f"no champion yet; {metric} {new_score:.4f}")
    needed = champion_score * (1 + margin)
    if new_score >= needed and new_score > champion_score:
        return Decision(
            CHAMPION,
            f"{metric} {new_score:.4f} beats the champion's {champion_score:.4f} by more than {margin:.1%} (needed {needed:.4f})",
        )
    return Decision(
        CHALLENGER,
        f"{metric} {new_score:.4f} does not beat the champion's {champion_score:.4f} by {margin:.1%} (needed {needed:.4f})",
    )
