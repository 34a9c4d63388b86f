// Friends: requests in and out, finding people, accountability partners, blocking, and the
// friends' feed with kudos and comments. Needs a connection (saved copies offline).
import type { App } from "../app";
import { api, errorText, type Schemas } from "../api/client";
import { field, h } from "../dom";
import { feedItem } from "./feedItem";

/** What the last answer did, said once on the screen drawn after it (the screen is redrawn). */
let notice = "";

export async function friendsScreen(app: App): Promise<HTMLElement> {
  const [{ value: friendships = [], fresh }, { value: feed = [] }, { value: partners = [] }, { value: blocks = [] }] = await Promise.all([
    app.cached("friendships", async () => (await api.GET("/friendships")).data),
    app.cached("feed", async () => (await api.GET("/feed", { params: { query: { limit: 30 } } })).data?.items),
    app.cached("partners", async () => (await api.GET("/partners")).data),
    app.cached("blocks", async () => (await api.GET("/blocks")).data),
  ]);
  const message = h("p", { role: "status" });
  const said = notice;
  notice = "";
  if (said) setTimeout(() => (message.textContent = said), 50); // once in the page, so it is announced
  const reload = (text: string) => {
    notice = text;
    app.navigate("/friends");
  };

  const respond = (f: Schemas["FriendshipOut"], accept: boolean) => async (event: Event) => {
    // Both answers of this request wait for the first one (a second tap would be refused anyway).
    const buttons = (event.currentTarget as HTMLElement).parentElement!.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    const path = accept ? "/friendships/{friendship_id}/accept" : "/friendships/{friendship_id}/decline";
    const result = await api.POST(path, { params: { path: { friendship_id: f.id } } }).catch(() => null);
    if (result?.data) return reload(accept ? `You and ${f.friend.username} are now friends.` : `Declined ${f.friend.username}'s request.`);
    buttons.forEach((b) => (b.disabled = false));
    message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  };

  const username = h("input", { name: "username", autocomplete: "off", required: true, maxLength: 40 });
  const send = h("button", { type: "submit" }, "Send friend request");
  async function request(event: Event) {
    event.preventDefault();
    const name = username.value.trim();
    send.disabled = true;
    const result = await api.POST("/friendships", { body: { username: name } }).catch(() => null);
    if (result?.data) return reload(`Friend request sent to ${result.data.friend.username}.`);
    send.disabled = false;
    message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  }

  /** Run a call; on success reload with `done`, else say why. */
  const act = (done: string, call: () => Promise<{ data?: unknown; error?: unknown }>) => async () => {
    const result = await call().catch(() => null);
    if (result && !result.error) return reload(done);
    message.textContent = result ? errorText(result.error) : "Offline: this needs a connection.";
  };
  const block = (person: Schemas["FriendOut"]) => async () => {
    if (!confirm(`Block ${person.username}? You stop being friends and neither of you sees the other anywhere. They are not told.`)) return;
    const report = confirm(`Also report ${person.username} to the moderators?`);
    await act(`You blocked ${person.username}.`, async () => {
      const blocked = await api.POST("/blocks", { body: { user_id: person.id } });
      if (report && !blocked.error) await api.POST("/reports", { body: { subject: "user", user_id: person.id, reason: "harassment" } });
      return blocked;
    })();
  };

  const search = h("input", { name: "q", type: "search", minLength: 2, maxLength: 40, autocomplete: "off" });
  const found = h("ul", { class: "list", "aria-label": "People found" });
  async function find(event: Event) {
    event.preventDefault();
    const { data } = await api.GET("/users/search", { params: { query: { q: search.value.trim() } } }).catch(() => ({ data: undefined }));
    found.replaceChildren(
      ...(data?.length
        ? data.map((p) =>
            h("li", {}, h("span", {}, p.username, p.bio ? h("small", {}, ` ${p.bio}`) : null),
              h("button", { onclick: act(`Friend request sent to ${p.username}.`, () => api.POST("/friendships", { body: { user_id: p.id } })) }, `Add ${p.username}`)),
          )
        : [h("li", {}, "Nobody found (only people who chose to be found).")]),
    );
  }

  const incoming = friendships.filter((f) => f.status === "pending" && f.direction === "incoming");
  const outgoing = friendships.filter((f) => f.status === "pending" && f.direction === "outgoing");
  const friends = friendships.filter((f) => f.status === "accepted");

  return h(
    "div",
    { class: "stack" },
    fresh ? null : h("p", { class: "muted", role: "note" }, "Offline: showing what was saved on this phone."),
    h("form", { class: "card", onsubmit: request }, field("Friend's username", username), send, message),
    h("form", { class: "card", onsubmit: find, role: "search" }, field("Find people by username", search), h("button", { type: "submit" }, "Search"), found),
    partnersSection(partners, act),
    h(
      "section",
      { class: "card", "aria-labelledby": "req-h" },
      h("h2", { id: "req-h" }, "Requests"),
      incoming.length || outgoing.length
        ? h(
            "ul",
            { class: "list" },
            incoming.map((f) =>
              h(
                "li",
                {},
                h("span", {}, `${f.friend.username} wants to be friends`),
                h("button", { class: "primary", "aria-label": `Accept ${f.friend.username}`, onclick: respond(f, true) }, "Accept"),
                h("button", { "aria-label": `Decline ${f.friend.username}`, onclick: respond(f, false) }, "Decline"),
              ),
            ),
            outgoing.map((f) => h("li", {}, `Waiting for ${f.friend.username}`)),
          )
        : h("p", {}, "No open requests."),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "fr-h" },
      h("h2", { id: "fr-h" }, "Friends"),
      friends.length
        ? h(
            "ul",
            { class: "list" },
            friends.map((f) =>
              h(
                "li",
                {},
                h("span", {}, f.friend.username),
                partners.some((p) => p.partner.id === f.friend.id)
                  ? null
                  : h("button", { onclick: act(`Asked ${f.friend.username} to be partners.`, () => api.POST("/partners", { body: { user_id: f.friend.id } })) }, "Ask to be partners"),
                h("button", { class: "danger", "aria-label": `Block ${f.friend.username}`, onclick: block(f.friend) }, "Block"),
              ),
            ),
          )
        : h("p", {}, "No friends yet."),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "feed-h" },
      h("h2", { id: "feed-h" }, "Feed"),
      feed.length
        ? h("ul", { class: "list", "aria-label": "Friends' workouts" }, feed.map((item) => feedItem(item, app.user!.id)))
        : h("p", {}, "Your friends' workouts show up here."),
    ),
    blocks.length
      ? h(
          "section",
          { class: "card", "aria-labelledby": "blocked-h" },
          h("h2", { id: "blocked-h" }, "Blocked"),
          h("ul", { class: "list" }, blocks.map((b) => h("li", {}, h("span", {}, b.user.username),
            h("button", { onclick: act(`You unblocked ${b.user.username}.`, () => api.DELETE("/blocks/{user_id}", { params: { path: { user_id: b.user.id } } })) }, "Unblock")))),
        )
      : null,
  );
}

function partnersSection(partners: Schemas["PartnershipOut"][], act: (done: string, call: () => Promise<{ data?: unknown; error?: unknown }>) => () => Promise<void>): HTMLElement {
  return h(
    "section",
    { class: "card", "aria-labelledby": "partners-h" },
    h("h2", { id: "partners-h" }, "Accountability partners"),
    partners.length
      ? h(
          "ul",
          { class: "list" },
          partners.map((p) => {
            const who = p.partner.username;
            const path = { params: { path: { partnership_id: p.id } } };
            if (p.status === "pending") {
              return p.direction === "incoming"
                ? h("li", {}, h("span", {}, `${who} asks you to be partners`),
                    h("button", { class: "primary", onclick: act(`You and ${who} are partners.`, () => api.POST("/partners/{partnership_id}/accept", path)) }, "Accept"),
                    h("button", { onclick: act(`Declined ${who}.`, () => api.POST("/partners/{partnership_id}/decline", path)) }, "Decline"))
                : h("li", {}, `Waiting for ${who} to accept`);
            }
            const progress = p.progress!;
            return h(
              "li",
              {},
              h("span", {}, h("strong", {}, who), ` ${progress.sessions_this_week}${progress.weekly_target ? ` of ${progress.weekly_target}` : ""} sessions this week · ${progress.current_streak_weeks}-week streak`),
              h("button", { "aria-label": `Nudge ${who}`, onclick: act(`Nudged ${who}.`, () => api.POST("/partners/{partnership_id}/nudge", path)) }, "Nudge"),
            );
          }),
        )
      : h("p", {}, "Ask a friend to be your partner: you see each other's week and can nudge."),
  );
}
