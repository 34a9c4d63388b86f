// The recommended next workout on Today: the planned exercises with their targets, each with a
// checkbox to keep it, and one button that starts the workout. Starting sends feedback (kept:
// accepted, left out: skipped) through the queue, after the workout is saved on the phone.
import type { App } from "../app";
import type { Draft } from "../db";
import { enumLabel, h } from "../dom";
import { newClientId } from "../ids";
import { asUnits, describeTarget, giveFeedback, modelLabel, plannedTarget, planToDraft, startFeedback, type NextWorkout } from "../recommendations";
import type { UnitSystem } from "../units";

export function nextWorkoutCard(app: App, plan: NextWorkout, start: (d: Draft) => Promise<void>): HTMLElement {
  const units: UnitSystem = asUnits(plan.unit_system);
  const boxes = plan.exercises.map((e) => ({ e, box: h("input", { type: "checkbox", checked: true, "aria-label": `Include ${e.name}` }) }));

  async function startPlan() {
    const keep = new Set(boxes.filter((b) => b.box.checked).map((b) => b.e.exercise_id));
    if (!keep.size) return;
    const user = app.user!;
    const draft = planToDraft(plan, { client_id: newClientId(), user_id: user.id, units: app.units, started_at: new Date().toISOString() }, keep);
    await start(draft); // the workout is saved first: feedback can never lose it
    void giveFeedback(app.db, user.id, startFeedback(plan, keep));
  }

  return h(
    "section",
    { class: "plan", "aria-labelledby": "plan-h" },
    h("h3", { id: "plan-h" }, `Recommended: ${plan.name}`),
    h("p", { class: "muted" }, modelLabel(plan.model)),
    plan.recovering_muscles.length
      ? h("p", { class: "muted" }, `Resting: ${plan.recovering_muscles.map(enumLabel).join(", ")} (trained hard in the last 48 hours).`)
      : null,
    h(
      "ul",
      { class: "list", "aria-label": "Recommended exercises" },
      boxes.map(({ e, box }) =>
        h("li", {}, h("label", { class: "check" }, box, h("span", {}, h("strong", {}, e.name), h("small", { class: "muted" }, ` ${describeTarget(plannedTarget(e, units, units), units)} · rest ${e.rest_seconds} s`)))),
      ),
    ),
    h("button", { class: "primary", onclick: startPlan }, `Start recommended: ${plan.name}`),
  );
}
