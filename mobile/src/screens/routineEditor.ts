// The routine editor: a name and the planned exercises with their sets, reps and weight. Makes a
// routine (POST /routines) or changes one (PATCH /routines/{id}, which replaces the exercise list).
import type { App } from "../app";
import { api, errorText } from "../api/client";
import { field, h, select } from "../dom";
import { newRow, parseTarget, rowsOf, targetsOf, type EditorRow, type Routine } from "../routines";
import { weightUnit } from "../units";

/** `saved` gets the sentence to announce once the API has the routine. */
export async function routineEditor(app: App, routine: Routine | null, saved: (said: string) => void, cancel: () => void): Promise<HTMLElement> {
  const library = [...(await app.library())].sort((a, b) => a.name.localeCompare(b.name));
  const rows: EditorRow[] = rowsOf(routine);
  const title = routine ? `Edit ${routine.name}` : "New routine";
  const name = h("input", { name: "name", required: true, maxLength: 120, value: routine?.name ?? "" });
  const message = h("p", { role: "status" });
  const list = h("div", { class: "stack" });
  const unit = weightUnit(app.units);

  function numberInput(label: string, value: number | null, set: (v: number | null) => void): HTMLElement {
    const input = h("input", { type: "text", inputMode: "decimal", value: value === null ? "" : String(value), "aria-label": label });
    input.addEventListener("input", () => {
      const parsed = parseTarget(input.value);
      input.setAttribute("aria-invalid", String(parsed === "invalid"));
      if (parsed !== "invalid") set(parsed);
    });
    return input;
  }

  function drawRows() {
    list.replaceChildren(
      ...(rows.length
        ? rows.map((row, i) =>
            h(
              "fieldset",
              { class: "planned" },
              h("legend", {}, row.name),
              h(
                "div",
                { class: "row" },
                h("label", {}, "Sets", numberInput(`Sets of ${row.name}`, row.sets, (v) => (row.sets = v === null ? null : Math.round(v)))),
                h("label", {}, "Reps", numberInput(`Reps of ${row.name}`, row.reps, (v) => (row.reps = v === null ? null : Math.round(v)))),
                h("label", {}, `Weight (${unit})`, numberInput(`Weight of ${row.name}`, row.weight, (v) => (row.weight = v))),
              ),
              h("button", { type: "button", class: "link", onclick: () => (rows.splice(i, 1), drawRows()) }, `Remove ${row.name}`),
            ),
          )
        : [h("p", { class: "muted" }, "No exercises yet: add some below.")]),
    );
  }
  drawRows();

  const picker = select("exercise", library.map((e): [string, string] => [String(e.id), e.name]));
  const add = h("button", { type: "button" }, "Add exercise");
  add.addEventListener("click", () => {
    const exercise = library.find((e) => String(e.id) === picker.value);
    if (exercise) rows.push(newRow(exercise));
    drawRows();
  });

  const save = h("button", { type: "submit", class: "primary" }, routine ? "Save routine" : "Create routine");
  async function submit(event: Event) {
    event.preventDefault();
    if (list.querySelector("[aria-invalid='true']")) return (message.textContent = "Sets, reps and weight must be numbers of at least 0.");
    const body = { name: name.value.trim(), exercises: targetsOf(rows) };
    save.disabled = true;
    const result = await (routine
      ? api.PATCH("/routines/{routine_id}", { params: { path: { routine_id: routine.id } }, body })
      : api.POST("/routines", { body })
    ).catch(() => null);
    save.disabled = false;
    if (result?.data) return saved(routine ? `Saved ${result.data.name}.` : `Created ${result.data.name}.`);
    message.textContent = result ? errorText(result.error) : "Offline: changing routines needs a connection.";
  }

  return h(
    "form",
    { class: "card", onsubmit: submit, "aria-labelledby": "editor-h" },
    h("h2", { id: "editor-h" }, title),
    field("Routine name", name),
    list,
    h("div", { class: "row" }, field("Exercise to add", picker), add),
    message,
    h("div", { class: "row" }, save, h("button", { type: "button", onclick: cancel }, "Cancel")),
  );
}
