// Progress: estimated 1RM over time, weekly volume per muscle group, body weight, personal
// records and goals. Read from the API when online, from the copies saved on the phone when not.
import type { App } from "../app";
import { api, errorText, type Schemas } from "../api/client";
import { lineChart } from "../charts";
import { field, formatDate, h, select } from "../dom";
import { exercisesDone, oneRepMaxSeries, weeklyVolumeByMuscle } from "../history";
import { distanceUnit, formatWeight, weightUnit } from "../units";

export async function progressScreen(app: App): Promise<HTMLElement> {
  const units = app.units;
  const wu = weightUnit(units);
  const [{ value: workouts = [], fresh }, library, records, stats, goals] = await Promise.all([
    app.history(),
    app.library(),
    app.cached("records", async () => (await api.GET("/records")).data),
    app.cached("stats", async () => (await api.GET("/stats", { params: { query: { limit: 100 } } })).data?.items),
    app.cached("goals", async () => (await api.GET("/goals")).data),
  ]);
  const muscleOf = new Map(library.map((e) => [e.id, e.primary_muscle]));
  const done = exercisesDone(workouts);

  // Estimated 1RM per exercise.
  const picker = select("exercise", done.map((e): [string, string] => [String(e.id), e.name]));
  const oneRmChart = h("div");
  const drawOneRm = () => {
    const series = oneRepMaxSeries(workouts, Number(picker.value));
    const name = done.find((e) => String(e.id) === picker.value)?.name ?? "";
    oneRmChart.replaceChildren(lineChart(`Estimated 1RM, ${name}`, series.map((p) => p.t), [{ label: `1RM (${wu})`, values: series.map((p) => p.value) }], wu));
  };
  picker.addEventListener("change", drawOneRm);
  if (done.length) drawOneRm();

  const volume = weeklyVolumeByMuscle(workouts, (id) => muscleOf.get(id));
  const volumeChart = lineChart(
    "Weekly volume by muscle group",
    volume.weeks,
    Object.entries(volume.byMuscle).map(([m, values]) => ({ label: m.toLowerCase(), values })),
    wu,
  );

  const weights = (stats.value ?? []).filter((s) => s.weight !== null).sort((a, b) => a.recorded_at.localeCompare(b.recorded_at));
  const weightChart = lineChart("Body weight", weights.map((s) => Date.parse(s.recorded_at) / 1000), [{ label: `Body weight (${wu})`, values: weights.map((s) => s.weight) }], wu);

  return h(
    "div",
    { class: "stack" },
    fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone."),
    h(
      "section",
      { class: "card", "aria-labelledby": "orm-h" },
      h("h2", { id: "orm-h" }, "Estimated 1RM"),
      done.length ? [field("Exercise", picker), oneRmChart] : h("p", {}, "Log a workout to see your strength over time."),
    ),
    h("section", { class: "card", "aria-labelledby": "vol-h" }, h("h2", { id: "vol-h" }, "Weekly volume"), volumeChart),
    h("section", { class: "card", "aria-labelledby": "bw-h" }, h("h2", { id: "bw-h" }, "Body weight"), weightChart, bodyWeightForm(app)),
    recordsSection(records.value ?? [], units),
    goalsSection(app, goals.value ?? [], done),
  );
}

function bodyWeightForm(app: App): HTMLElement {
  const weight = h("input", { name: "weight", type: "number", inputMode: "decimal", step: "any", min: 1, required: true });
  const muscle = h("input", { name: "muscle_mass", type: "number", inputMode: "decimal", step: "any", min: 1 });
  const message = h("p", { role: "status" });
  return h(
    "form",
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const body = { weight: Number(weight.value), ...(muscle.value ? { muscle_mass: Number(muscle.value) } : {}) };
        const result = await api.POST("/stats", { body }).catch(() => null);
        if (result?.data) app.navigate("/progress");
        else message.textContent = result ? errorText(result.error) : "Offline: body weight needs a connection.";
      },
    },
    field(`Body weight today (${weightUnit(app.units)})`, weight),
    field(`Muscle mass (${weightUnit(app.units)}, optional: from a body-composition scale)`, muscle),
    h("button", { type: "submit" }, "Save body weight"),
    message,
  );
}

function recordsSection(records: Schemas["ExerciseRecordsOut"][], units: App["units"]): HTMLElement {
  return h(
    "section",
    { class: "card", "aria-labelledby": "pr-h" },
    h("h2", { id: "pr-h" }, "Personal records"),
    records.length
      ? h(
          "ul",
          { class: "list", "aria-label": "Personal records" },
          records.map((r) =>
            h(
              "li",
              {},
              h("strong", {}, r.exercise_name),
              h(
                "span",
                {},
                ` 1RM ${formatWeight(r.best_estimated_1rm?.value, units)} · heaviest ${formatWeight(r.heaviest_weight?.value, units)} · most reps ${r.most_reps?.value ?? "—"}`,
              ),
            ),
          ),
        )
      : h("p", {}, "No records yet."),
  );
}

const GOAL_METRICS: [Schemas["GoalMetric"], string, Schemas["FitnessGoal"]][] = [
  ["workout_count", "Number of workouts", "general_fitness"],
  ["one_rep_max", "Estimated 1RM on an exercise", "strength"],
  ["body_weight", "Body weight", "weight_loss"],
  ["total_distance", "Distance", "endurance"],
];

function goalsSection(app: App, goals: Schemas["GoalOut"][], done: { id: number; name: string }[]): HTMLElement {
  const title = h("input", { name: "title", required: true, maxLength: 120 });
  const metric = select("metric", GOAL_METRICS.map(([m, text]): [string, string] => [m, text]));
  const exercise = select("exercise_id", done.map((e): [string, string] => [String(e.id), e.name]));
  const target = h("input", { name: "target", type: "number", step: "any", min: 0, required: true });
  const message = h("p", { role: "status" });
  const unitOf = (m: string) => (m === "body_weight" || m === "one_rep_max" ? weightUnit(app.units) : m === "total_distance" ? distanceUnit(app.units) : "");
  const exerciseField = field("Exercise", exercise);
  const sync = () => (exerciseField.hidden = metric.value !== "one_rep_max");
  metric.addEventListener("change", sync);
  sync();

  async function onsubmit(event: Event) {
    event.preventDefault();
    const [m, , goalType] = GOAL_METRICS.find(([x]) => x === metric.value)!;
    const result = await api
      .POST("/goals", {
        body: { title: title.value, metric: m, goal_type: goalType, target_value: Number(target.value), exercise_id: m === "one_rep_max" ? Number(exercise.value) : null },
      })
      .catch(() => null);
    if (result?.data) app.navigate("/progress");
    else message.textContent = result ? errorText(result.error) : "Offline: goals need a connection.";
  }

  return h(
    "section",
    { class: "card", "aria-labelledby": "goals-h" },
    h("h2", { id: "goals-h" }, "Goals"),
    h(
      "ul",
      { class: "list" },
      goals.map((g) => {
        const u = unitOf(g.metric);
        return h(
          "li",
          { class: "goal" },
          h("span", {}, h("strong", {}, g.title), ` ${g.current_value ?? 0} / ${g.target_value} ${u}`, g.is_achieved ? ` · achieved ${formatDate(g.achieved_at)}` : ""),
          h("progress", { max: 1, value: g.progress, "aria-label": `${g.title}: ${Math.round(g.progress * 100)} %` }),
        );
      }),
    ),
    h(
      "details",
      {},
      h("summary", {}, "New goal"),
      h("form", { onsubmit }, field("Goal", title), field("Measure", metric), exerciseField, field("Target", target, "kg/lb, km/mi or a count"), h("button", { type: "submit" }, "Add goal"), message),
    ),
  );
}
