// Logging a workout: everything here is saved on the phone (IndexedDB) after each change and
// works offline; "Finish" queues the whole workout for upload (see sync.ts).
import type { App } from "../app";
import type { Workout } from "../api/client";
import { finishDraft, type Draft, type DraftExercise, type SetType } from "../db";
import { field, h, select } from "../dom";
import { previousSets, type PreviousSet } from "../history";
import { bestWeight, unusualWeightQuestion } from "../plausibility";
import { DEFAULT_BAR, DEFAULT_PLATES, loadBar } from "../plates";
import { describeTarget } from "../recommendations";
import { formatSeconds, RestTimer } from "../restTimer";
import { convertWeight, formatWeight, weightStep, weightUnit, type UnitSystem } from "../units";

// One timer for the app: it keeps running when the lifter looks at another screen.
const timer = new RestTimer();

const SET_TYPES: [SetType, string][] = [
  ["normal", "Working"],
  ["warmup", "Warm-up"],
  ["drop", "Drop set"],
  ["failure", "To failure"],
];
const RPE_OPTIONS: [string, string][] = [["", "—"], ...["6", "6.5", "7", "7.5", "8", "8.5", "9", "9.5", "10"].map((v): [string, string] => [v, v])];

function describeSet(s: { reps: number | null; weight: number | null; set_type: string }, units: UnitSystem): string {
  const load = s.weight ? `${formatWeight(s.weight, units)} × ${s.reps ?? 0}` : `${s.reps ?? 0} reps`;
  return s.set_type === "normal" ? load : `${load} (${SET_TYPES.find(([t]) => t === s.set_type)?.[1] ?? s.set_type})`;
}

/** Last session's sets for this exercise, in the draft's units. */
function lastTime(history: Workout[], exerciseId: number, units: UnitSystem): PreviousSet[] {
  const from = history[0]?.units ?? units;
  return previousSets(history, exerciseId).map((s) => ({ ...s, weight: s.weight === null ? null : convertWeight(s.weight, from, units) }));
}

/** A number input with big − and + buttons either side, for thumbs. */
function stepper(label: string, name: string, value: number | null, step: number, min: number): { el: HTMLElement; input: HTMLInputElement } {
  const input = h("input", { name, type: "number", inputMode: "decimal", min, step: "any", value: value === null ? "" : String(value) });
  const bump = (delta: number) => () => {
    input.value = String(Math.max(min, Math.round(((Number(input.value) || 0) + delta) * 1000) / 1000));
  };
  const el = field(
    label,
    input,
  );
  el.classList.add("stepper");
  el.append(
    h("button", { type: "button", "aria-label": `${label}: minus ${step}`, onclick: bump(-step) }, "−"),
    h("button", { type: "button", "aria-label": `${label}: plus ${step}`, onclick: bump(step) }, "+"),
  );
  return { el, input };
}

function plateDialog(weight: number, units: UnitSystem): HTMLDialogElement {
  const bar = DEFAULT_BAR[units];
  const load = loadBar(weight, bar, DEFAULT_PLATES[units]);
  const u = weightUnit(units);
  const dialog = h(
    "dialog",
    { "aria-labelledby": "plates-h" },
    h("h2", { id: "plates-h" }, `Plates for ${formatWeight(weight, units)}`),
    h("p", {}, `Bar: ${bar} ${u}. Each side: `, h("strong", { class: "plates" }, load.perSide.length ? load.perSide.join(" + ") + ` ${u}` : "no plates")),
    load.shortBy > 0 ? h("p", { class: "error" }, `${load.shortBy} ${u} cannot be made with standard plates; this loads ${load.loaded} ${u}.`) : null,
    h("button", { class: "primary", onclick: () => dialog.close() }, "Close"),
  );
  dialog.addEventListener("close", () => dialog.remove());
  return dialog;
}

function restBar(): HTMLElement {
  const text = h("span", { role: "timer", "aria-label": "Rest timer" });
  const bar = h(
    "div",
    { class: "rest", hidden: true },
    h("span", {}, "Rest "),
    text,
    h("button", { onclick: () => timer.add(30) }, "+30 s"),
    h("button", { onclick: () => (timer.skip(), update()) }, "Skip rest"),
  );
  let wasRunning = false;
  function update() {
    const running = timer.running;
    bar.hidden = !running;
    text.textContent = formatSeconds(timer.remainingSeconds());
    if (wasRunning && !running) navigator.vibrate?.(300);
    wasRunning = running;
  }
  update();
  const tick = setInterval(() => (bar.isConnected ? update() : clearInterval(tick)), 500);
  return bar;
}

/** A treadmill's speed and grade for a cardio exercise, kept on the draft as they are typed. */
function machineSettings(ex: DraftExercise, units: UnitSystem, saved: () => void): HTMLElement {
  const number = (name: string, value: number | null | undefined, min: number, max: number, set: (v: number | null) => void) => {
    const input = h("input", { name, type: "number", inputMode: "decimal", step: "any", min, max, value: value ?? "" });
    input.addEventListener("change", () => (set(input.value === "" ? null : Number(input.value)), saved()));
    return input;
  };
  return h(
    "div",
    { class: "row" },
    field(`Speed (${units === "metric" ? "km/h" : "mph"})`, number("speed", ex.speed, 0, 30, (v) => (ex.speed = v))),
    field("Incline (%)", number("incline_pct", ex.incline_pct, -15, 40, (v) => (ex.incline_pct = v))),
  );
}

export async function workoutScreen(app: App): Promise<HTMLElement> {
  const loaded = await app.draft();
  if (!loaded) {
    return h("section", { class: "card" }, h("p", {}, "No workout in progress."), h("a", { href: "/", class: "button primary" }, "Start one"));
  }
  const draft: Draft = loaded;
  const history = await app.savedHistory();
  const root = h("div", { class: "stack" });

  async function save(focusId?: string) {
    await app.saveDraft(draft);
    draw();
    if (focusId) document.getElementById(focusId)?.focus();
  }

  function exerciseCard(ex: DraftExercise, index: number): HTMLElement {
    const units = draft.units;
    const previous = lastTime(history, ex.exercise_id, units);
    const headingId = `ex-${index}-h`;
    const next = ex.sets.length; // index of the set about to be logged
    const last = previous.find((s) => s.set_type !== "warmup") ?? previous[0];
    // The set just logged, else the recommended target, else last time.
    const planned = ex.target && { reps: ex.target.reps ?? last?.reps ?? 8, weight: ex.target.weight ?? last?.weight ?? null };
    const prefill = ex.sets[next - 1] ?? planned ?? last;
    const reps = stepper("Reps", "reps", prefill?.reps ?? 8, 1, 0);
    const weight = stepper(`Weight (${weightUnit(units)})`, "weight", prefill?.weight ?? null, weightStep(units), 0);
    const rpe = select("rpe", RPE_OPTIONS);
    const setType = select("set_type", SET_TYPES, ex.sets.length === 0 && previous[0]?.set_type === "warmup" ? "warmup" : "normal");
    const logId = `log-${index}`;

    async function logSet(event: Event) {
      event.preventDefault();
      const r = Number(reps.input.value);
      if (!Number.isInteger(r) || r < 0) return reps.input.focus();
      const kg = weight.input.value === "" ? null : Number(weight.input.value);
      const working = setType.value !== "warmup";
      const best = bestWeight(history, ex.exercise_id, units, ex.sets.filter((s) => s.set_type !== "warmup").map((s) => s.weight));
      const question = working ? unusualWeightQuestion(kg, best, weightUnit(units)) : null;
      if (question && !confirm(question)) return weight.input.focus();
      ex.sets.push({
        set_type: setType.value as SetType,
        reps: r,
        weight: kg,
        rpe: rpe.value === "" ? null : Number(rpe.value),
        completed_at: new Date().toISOString(),
        ...(question ? { confirmed_unusual: true } : {}),
      });
      timer.start(ex.rest_seconds || 90);
      await save(logId);
    }

    return h(
      "section",
      { class: "card exercise", "aria-labelledby": headingId },
      h("h2", { id: headingId }, ex.name),
      ex.target ? h("p", {}, `Target: ${describeTarget(ex.target, units)}`) : null,
      h("p", { class: "muted" }, previous.length ? `Last time: ${previous.map((s) => describeSet(s, units)).join(", ")}` : "First time on this exercise."),
      h(
        "ol",
        { class: "sets", "aria-label": `Sets of ${ex.name}` },
        ex.sets.map((s, i) =>
          h(
            "li",
            {},
            h("span", {}, `Set ${i + 1}: ${describeSet(s, units)}${s.rpe ? ` @ RPE ${s.rpe}` : ""}`),
            previous[i] ? h("small", { class: "muted" }, ` last time ${describeSet(previous[i], units)}`) : null,
            h("button", { class: "icon", "aria-label": `Remove set ${i + 1} of ${ex.name}`, onclick: () => (ex.sets.splice(i, 1), save()) }, "✕"),
          ),
        ),
      ),
      h(
        "form",
        { class: "log-set", onsubmit: logSet, "aria-label": `Log set ${next + 1} of ${ex.name}` },
        h("p", { class: "muted" }, `Set ${next + 1}${ex.target ? ` of ${ex.target.sets}` : ""}`, previous[next] ? ` · last time ${describeSet(previous[next], units)}` : ""),
        h("div", { class: "row" }, reps.el, weight.el),
        h("div", { class: "row" }, field("RPE", rpe), field("Set type", setType)),
        ex.cardio ? machineSettings(ex, units, () => save()) : null,
        h(
          "div",
          { class: "row" },
          h("button", { type: "submit", class: "primary big", id: logId, "aria-label": `Log set ${next + 1} of ${ex.name}` }, "Log set"),
          h(
            "button",
            {
              type: "button",
              onclick: () => {
                const dialog = plateDialog(Number(weight.input.value) || DEFAULT_BAR[units], units);
                root.append(dialog);
                dialog.showModal();
              },
            },
            "Plates",
          ),
        ),
      ),
      h("button", { class: "link", onclick: () => (draft.exercises.splice(index, 1), save()) }, `Remove ${ex.name}`),
    );
  }

  const name = h("input", { name: "name", maxLength: 120, value: draft.name, onchange: () => ((draft.name = name.value), save()) });
  const description = h("input", {
    name: "description", maxLength: 5000, value: draft.description ?? "", onchange: () => ((draft.description = description.value), save()),
  });

  function draw() {
    root.replaceChildren(
      h("div", { class: "card" }, field("Workout name", name), field("Description (friends see it)", description)),
      ...draft.exercises.map(exerciseCard),
      h("a", { href: "/library", class: "button" }, "Add exercise"),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            class: "primary",
            onclick: async () => {
              draft.name = name.value;
              draft.description = description.value;
              await finishDraft(app.db, draft);
              app.changed();
              // Online, upload first: Today then shows the load this workout added (a warning too).
              if (navigator.onLine) await app.sync();
              app.navigate("/");
            },
          },
          "Finish workout",
        ),
        h(
          "button",
          {
            class: "danger",
            onclick: async () => {
              if (!confirm("Discard this workout? Its sets are deleted from this phone.")) return;
              await app.db.delete("kv", `draft:${draft.user_id}`);
              app.navigate("/");
            },
          },
          "Discard workout",
        ),
      ),
      restBar(),
    );
  }
  draw();
  return root;
}
