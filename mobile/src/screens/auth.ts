import type { App } from "../app";
import { api, errorText, login } from "../api/client";
import { field, h, select } from "../dom";

export function authScreen(mode: "login" | "register") {
  return async (app: App): Promise<HTMLElement> => {
    const error = h("p", { class: "error", role: "alert" });
    const identity = h("input", { name: "username", autocomplete: "username", required: true });
    const email = h("input", { name: "email", type: "email", autocomplete: "email", required: true });
    const password = h("input", {
      name: "password",
      type: "password",
      required: true,
      minLength: 8,
      autocomplete: mode === "login" ? "current-password" : "new-password",
    });
    const units = select("unit_system", [["metric", "Metric (kg, km)"], ["imperial", "Imperial (lb, mi)"]]);
    const submit = h("button", { type: "submit", class: "primary" }, mode === "login" ? "Log in" : "Create account");

    async function onsubmit(event: Event) {
      event.preventDefault();
      error.textContent = "";
      submit.disabled = true;
      try {
        if (mode === "register") {
          const { error: failed } = await api.POST("/auth/register", {
            body: { email: email.value, username: identity.value, password: password.value, unit_system: units.value as "metric" | "imperial" },
          });
          if (failed) throw new Error(errorText(failed));
        }
        const problem = await login(mode === "register" ? email.value : identity.value, password.value);
        if (problem) throw new Error(problem);
        await app.refreshMe();
        await Promise.all([app.library(), app.history()]); // for logging offline later
        app.navigate("/");
      } catch (e) {
        error.textContent = navigator.onLine ? (e as Error).message : "You are offline: logging in needs a connection.";
      } finally {
        submit.disabled = false;
      }
    }

    return h(
      "form",
      { class: "card auth", onsubmit },
      mode === "login"
        ? [field("Email or username", identity), field("Password", password)]
        : [field("Email", email), field("Username", identity, "3–40 letters, digits, . _ -"), field("Password", password, "at least 8 characters"), field("Units", units)],
      error,
      submit,
      mode === "login"
        ? h("p", {}, "New here? ", h("a", { href: "/register" }, "Create an account"))
        : h("p", {}, "Have an account? ", h("a", { href: "/login" }, "Log in")),
    );
  };
}
