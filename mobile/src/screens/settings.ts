// Settings: units, theme, who sees your workouts, your data (import, export), log out.
import type { App } from "../app";
import { api, errorText } from "../api/client";
import { field, h, select } from "../dom";
import { downloadExport, type ExportFormat } from "../exportData";
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

  const exported = h("p", { role: "status" });
  const exportButton = (format: ExportFormat, text: string) => {
    const button = h("button", { type: "button" }, text);
    button.addEventListener("click", async () => {
      button.disabled = true;
      exported.textContent = "Preparing the file…";
      try {
        exported.textContent = `Downloaded ${await downloadExport(format)}.`;
      } catch (error) {
        exported.textContent = error instanceof Error ? error.message : String(error);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  };

  // Weekly target and profile text: saved together with their own button (typing is not saving).
  const target = h("input", { type: "number", name: "weekly_target_sessions", min: 1, max: 14, inputMode: "numeric", value: user.weekly_target_sessions ?? "" });
  const bio = h("input", { name: "bio", maxLength: 300, value: user.bio ?? "" });
  const profileMessage = h("p", { role: "status" });
  const bioState = { allowed: "", held: "A moderator reads it before others see it.", rejected: "Others do not see it: it broke the community rules." }[user.bio_moderation];
  async function saveProfile(event: Event) {
    event.preventDefault();
    const result = await api.PATCH("/users/me", { body: { weekly_target_sessions: target.value ? Number(target.value) : null, bio: bio.value.trim() || null } }).catch(() => null);
    if (result?.data) {
      app.user = result.data;
      await app.refreshMe();
      profileMessage.textContent = result.data.bio_moderation === "held" ? "Saved. Your bio waits for a moderator before others see it." : "Saved.";
    } else profileMessage.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  }
  const verify = user.is_verified
    ? null
    : h(
        "section",
        { class: "card warning", "aria-labelledby": "verify-h" },
        h("h2", { id: "verify-h" }, "Verify your email"),
        h("p", {}, `Open the link we sent to ${user.email}. Until then others cannot find you, and challenges need it.`),
        h("button", {
          onclick: async () => {
            const result = await api.POST("/auth/verify-email/resend").catch(() => null);
            profileMessage.textContent = result?.data ? `Sent a new link to ${result.data.sent_to}.` : result ? errorText(result.error) : "Offline: this needs a connection.";
          },
        }, "Send the link again"),
      );

  return h(
    "div",
    { class: "stack" },
    verify,
    h(
      "form",
      { class: "card", onsubmit: saveProfile, "aria-labelledby": "goals-h" },
      h("h2", { id: "goals-h" }, "Your week and your profile"),
      field("Workouts a week (your streak counts weeks that meet it)", target),
      field("Bio (others see it)", bio, bioState || undefined),
      h("button", { type: "submit" }, "Save"),
      profileMessage,
    ),
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
      "section",
      { class: "card", "aria-labelledby": "data-h" },
      h("h2", { id: "data-h" }, "Your data"),
      h("p", {}, "Bring your history from Strong or Hevy, or take everything you logged here with you."),
      h("a", { href: "/import", class: "button" }, "Import from Strong/Hevy"),
      h("h3", {}, "Export my data"),
      h("p", { class: "muted" }, "CSV: your workouts in Strong's format (it imports back here and into apps that read Strong's export). JSON: everything you own."),
      h("div", { class: "row" }, exportButton("csv", "Export workouts (CSV)"), exportButton("json", "Export everything (JSON)")),
      exported,
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
