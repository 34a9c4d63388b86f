// Routines: the person's workout templates. Start one (it becomes the workout being logged, on the
// phone, like any other: it works offline from the saved list), make one by hand or from a past
// workout, edit or delete one. Changing routines needs a connection.
import type { App } from "../app";
import { api, errorText } from "../api/client";
import { field, formatDate, h, select } from "../dom";
import { newClientId } from "../ids";
import { forgetNextWorkout } from "../recommendations";
import { describeRoutine, routineToDraft, type Routine } from "../routines";
import { convertWeight } from "../units";
import { routineEditor } from "./routineEditor";

/** What the last change did, said once on the screen drawn after it (the screen is redrawn). */
let notice = "";

export async function routinesScreen(app: App): Promise<HTMLElement> {
  const user = app.user!;
  const { value: routines = [], fresh } = await app.cached("routines", async () => (await api.GET("/routines")).data);
  const message = h("p", { role: "status" });
  const said = notice;
  notice = "";
  if (said) setTimeout(() => (message.textContent = said), 50); // once in the page, so it is announced
  const reload = (text: string) => {
    notice = text;
    app.navigate("/routines");
  };
  const root = h("div", { class: "stack" });

  async function start(routine: Routine) {
    if (await app.draft()) {
      message.textContent = "A workout is in progress: finish or discard it before starting another.";
      return;
    }
    const draft = routineToDraft(
      routine,
      { client_id: newClientId(), user_id: user.id, units: app.units, started_at: new Date().toISOString() },
      convertWeight,
      app.units, // GET /routines answers in the person's units
    );
    forgetNextWorkout();
    await app.saveDraft(draft);
    app.navigate("/log");
  }

  async function remove(routine: Routine) {
    if (!confirm(`Delete the routine ${routine.name}? The workouts done from it stay.`)) return;
    const result = await api.DELETE("/routines/{routine_id}", { params: { path: { routine_id: routine.id } } }).catch(() => null);
    if (result?.response.ok) return reload(`Deleted ${routine.name}.`);
    message.textContent = result ? errorText(result.error) : "Offline: deleting needs a connection.";
  }

  async function edit(routine: Routine | null) {
    const editor = await routineEditor(app, routine, reload, () => app.navigate("/routines"));
    root.replaceChildren(editor);
    editor.querySelector("input")?.focus();
  }

  const list = h(
    "section",
    { class: "card", "aria-labelledby": "routines-h" },
    h("h2", { id: "routines-h" }, "Your routines"),
    routines.length
      ? h(
          "ul",
          { class: "list", "aria-label": "Routines" },
          routines.map((r) =>
            h(
              "li",
              {},
              h(
                "span",
                {},
                h("strong", {}, r.name),
                h("br"),
                h("small", { class: "muted" }, describeRoutine(r, formatDate)),
                h("br"),
                h("small", {}, r.exercises.map((e) => e.exercise_name).join(", ")),
              ),
              h("button", { class: "primary", "aria-label": `Start ${r.name}`, onclick: () => start(r) }, "Start"),
              h("button", { "aria-label": `Edit ${r.name}`, onclick: () => edit(r) }, "Edit"),
              h("button", { class: "danger", "aria-label": `Delete ${r.name}`, onclick: () => remove(r) }, "Delete"),
            ),
          ),
        )
      : h("p", {}, "No routines yet. Make one below, or import your history: titles you repeat become routines."),
    h("button", { onclick: () => edit(null) }, "Create a routine"),
  );

  // A routine from a past workout: its exercises, with targets from what was done.
  const history = (await app.savedHistory()).slice(0, 50);
  const workout = select("workout", history.map((w): [string, string] => [String(w.id), `${w.name} · ${formatDate(w.completed_at)}`]));
  const name = h("input", { name: "name", maxLength: 120, value: history[0]?.name ?? "" });
  workout.addEventListener("change", () => (name.value = history.find((w) => String(w.id) === workout.value)?.name ?? ""));
  const make = h("button", { type: "submit", class: "primary" }, "Make routine");
  async function fromWorkout(event: Event) {
    event.preventDefault();
    make.disabled = true;
    const result = await api
      .POST("/routines/from-workout/{workout_id}", { params: { path: { workout_id: Number(workout.value) } }, body: { name: name.value.trim() || null } })
      .catch(() => null);
    make.disabled = false;
    if (result?.data) return reload(`Created ${result.data.name} from the workout.`);
    message.textContent = result ? errorText(result.error) : "Offline: making a routine needs a connection.";
  }
  const fromPast = history.length
    ? h(
        "form",
        { class: "card", onsubmit: fromWorkout, "aria-labelledby": "from-h" },
        h("h2", { id: "from-h" }, "From a past workout"),
        field("Workout", workout),
        field("Routine name", name, "a routine of this name must not exist yet"),
        make,
      )
    : null;

  const offline = fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone.");
  root.append(...[offline, message, list, fromPast].filter((part): part is HTMLElement => part !== null));
  return root;
}
