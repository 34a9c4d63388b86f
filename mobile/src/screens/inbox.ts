// The inbox: requests, nudges, kudos, comments, reminders. Opening it marks nothing; "Mark all
// read" does. Web Push, where the browser allows it, brings the same items to the lock screen.
import type { App } from "../app";
import { api, errorText, type Schemas } from "../api/client";
import { formatDate, h } from "../dom";
import { enablePush, pushState } from "../push";

const LINKS: Record<string, string> = {
  friend_request: "/friends", friend_accepted: "/friends", partner_request: "/friends", partner_accepted: "/friends", nudge: "/",
  weekly_checkin: "/friends", reaction: "/friends", comment: "/friends", challenge_invite: "/compete", goal_achieved: "/progress",
  goal_at_risk: "/progress", streak_at_risk: "/", moderation: "/settings",
};

export async function inboxScreen(app: App): Promise<HTMLElement> {
  const { value: inbox, fresh } = await app.cached("inbox", async () => (await api.GET("/notifications", { params: { query: { limit: 50 } } })).data);
  const message = h("p", { role: "status" });
  const items: Schemas["NotificationOut"][] = inbox?.items ?? [];
  const markAll = h("button", { disabled: !inbox?.unread }, "Mark all read");
  markAll.addEventListener("click", async () => {
    const result = await api.POST("/notifications/read-all").catch(() => null);
    if (result?.data) app.navigate("/inbox");
    else message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  });
  const push = h("p", { class: "muted" }, await pushState());
  const pushButton = h("button", {}, "Notify me on this phone");
  pushButton.addEventListener("click", async () => (push.textContent = await enablePush()));
  return h(
    "div",
    { class: "stack" },
    fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone."),
    h(
      "section",
      { class: "card", "aria-labelledby": "inbox-h" },
      h("h2", { id: "inbox-h" }, inbox?.unread ? `${inbox.unread} new` : "All caught up"),
      items.length
        ? h(
            "ul",
            { class: "list", "aria-label": "Notifications" },
            items.map((n) =>
              h(
                "li",
                { class: n.read ? "" : "unread" },
                h("a", { href: LINKS[n.kind] ?? "/" }, n.title),
                n.body ? h("small", {}, ` ${n.body}`) : null,
                h("small", { class: "muted" }, ` · ${formatDate(n.created_at)}`),
              ),
            ),
          )
        : h("p", {}, "Nothing yet: friend requests, nudges, kudos and reminders arrive here."),
      markAll,
      message,
    ),
    h("section", { class: "card", "aria-labelledby": "push-h" }, h("h2", { id: "push-h" }, "Notifications on this phone"), push, pushButton),
  );
}
