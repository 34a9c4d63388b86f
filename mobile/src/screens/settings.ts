// Settings: units, theme, who sees your workouts, log out.
import type { App } from "../app";
import { api, errorText } from "../api/client";
import { field, h, select } from "../dom";
import { applyTheme, savedTheme, type Theme } from "../theme";

export async function settingsScreen(app: App): Promise<HTMLElement> {
  const user = app.user!;
  const message = h("p", { role: "status" });
  const units = select("unit_system", [["metric", "Metric (kg, km)"], ["imperial", "Imperial (lb, mi)"]], user.unit_system);
  const visibility = select(
    "workout_visibility",
    [["private", "Only me"], ["friends", "My friends"], ["public", "Everyone"]],
    user.workout_visibility,
  );
  const theme = select("theme", [["system", "Same as the phone"], ["light", "Light"], ["dark", "Dark"]], savedTheme());
  theme.addEventListener("change", () => applyTheme(theme.value as Theme));

  async function update(body: { unit_system?: "metric" | "imperial"; workout_visibility?: "private" | "friends" | "public" }) {
    const result = await api.PATCH("/users/me", { body }).catch(() => null);
    if (result?.data) {
      app.user = result.data;
      await app.refreshMe();
      await app.history(); // saved history in the new units
      message.textContent = "Saved.";
    } else {
      message.textContent = result ? errorText(result.error) : "Offline: this setting needs a connection.";
      units.value = app.user!.unit_system;
      visibility.value = app.user!.workout_visibility;
    }
  }
  units.addEventListener("change", () => update({ unit_system: units.value as "metric" | "imperial" }));
  visibility.addEventListener("change", () => update({ workout_visibility: visibility.value as "private" | "friends" | "public" }));

  return h(
    "div",
    { class: "stack" },
    h(
      "section",
      { class: "card", "aria-labelledby": "set-h" },
      h("h2", { id: "set-h" }, `Signed in as ${user.username}`),
      field("Units", units, "a workout in progress keeps the units it was started in"),
      field("Theme", theme),
      field("Who can see my workouts", visibility),
      message,
    ),
    h(
      "button",
      {
        class: "danger",
        onclick: async () => {
          const waiting = await app.queue.pendingCount(user.id);
          if (waiting && !confirm(`${waiting} workout(s) are not synced yet. They stay on this phone and sync when you log in again. Log out?`)) return;
          await app.logout();
          app.navigate("/login");
        },
      },
      "Log out",
    ),
  );
}
