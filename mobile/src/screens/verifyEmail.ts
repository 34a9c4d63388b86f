// The link from the verification mail: /verify-email?token=… confirms the address.
import type { App } from "../app";
import { api, errorText } from "../api/client";
import { h } from "../dom";

export async function verifyEmailScreen(app: App): Promise<HTMLElement> {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const result = token ? await api.POST("/auth/verify-email", { body: { token } }).catch(() => null) : null;
  if (result?.data && app.user) await app.refreshMe();
  const said = !token
    ? "This link has no token: open the link from the mail again."
    : result?.data
      ? `${result.data.email} is verified. Thank you!`
      : result
        ? errorText(result.error)
        : "Offline: open the link again with a connection.";
  return h(
    "section",
    { class: "card", "aria-labelledby": "verify-h" },
    h("h2", { id: "verify-h" }, result?.data ? "Email verified" : "Email not verified"),
    h("p", { role: "status" }, said),
    h("a", { href: app.user ? "/" : "/login", class: "button" }, app.user ? "Back to today" : "Log in"),
  );
}
