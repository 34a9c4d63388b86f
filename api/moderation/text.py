"""Public text (comments, workout text shared with others, profile text) goes through the
moderation model before others see it. Held text waits in the moderators' queue as a report the
model raised; rejected text is refused (comments, profile) or kept from others (a workout's
text: the training itself is never lost)."""

from sqlalchemy.orm import Session

from api.enums import Moderation, ReportReason, ReportSubject
from api.models import Report
from api.workouts.schemas import WorkoutOut
from recsys.moderation import rules_verdict
from serving.client import MlBackend, MlUnavailable
from serving.contract import ModerateInput, ModerateOutput
from serving.contract import Moderation as Verdict

# The label that held a text names the report's reason (the model's labels are reasons too).
REASONS = {"spam": ReportReason.spam, "harassment": ReportReason.harassment, "sexual": ReportReason.sexual, "self_harm": ReportReason.self_harm}
STATE = {"allow": Moderation.allowed, "hold": Moderation.held, "reject": Moderation.rejected}


Judged = tuple[Verdict, str | None]  # the verdict and the model version that gave it


SEVERITY = ("allow", "hold", "reject")


def judge(ml: MlBackend | None, *texts: str) -> Judged:
    """One verdict on the texts (a workout's name, description and notes are judged each alone,
    so one bad line is not diluted by the rest): the most severe, with each label's highest
    score, and the model version; the rules' when no model answers (or none is at hand: demo
    data made outside a server)."""
    texts = tuple(t for t in texts if t) or ("",)
    results, version = None, None
    try:
        if ml is not None:
            answer: ModerateOutput = ml.moderate(ModerateInput(texts=list(texts)))
            results, version = answer.results, answer.model_version
    except MlUnavailable:
        pass
    if results is None:
        results = [Verdict(decision=r.decision, labels=r.labels, flagged=list(r.flagged), decided_by="rules") for r in map(rules_verdict, texts)]
    worst = max(results, key=lambda r: SEVERITY.index(r.decision))
    labels = {label: max(r.labels.get(label, 0.0) for r in results) for label in worst.labels}
    flagged = sorted({label for r in results for label in r.flagged})
    return Verdict(decision=worst.decision, labels=labels, flagged=flagged, decided_by=worst.decided_by), version


def as_others_see_it(out: WorkoutOut, state: Moderation) -> WorkoutOut:
    """A workout shown to someone else: its own words only once moderation allowed them."""
    if state == Moderation.allowed:
        return out
    return out.model_copy(update={"name": "Workout", "description": None, "notes": None})


def queue_held(
    session: Session, verdict: Verdict, version: str | None, subject: ReportSubject, author_id: int, synthetic: bool,
    workout_id: int | None = None, comment_id: int | None = None,
) -> Report:
    """Put a held text in the moderators' queue (a report with no reporter)."""
    top = max(verdict.flagged, key=lambda label: verdict.labels.get(label, 0), default=None)
    report = Report(
        reporter_id=None, subject=subject, reported_user_id=author_id, workout_id=workout_id, comment_id=comment_id,
        reason=REASONS.get(top, ReportReason.other), details="held by the moderation model",
        model_labels={"labels": verdict.labels, "flagged": verdict.flagged, "model_version": version, "decided_by": verdict.decided_by},
        is_synthetic=synthetic,
    )
    session.add(report)
    return report
