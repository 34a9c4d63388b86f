// Today's cards beyond training: the training-load warning, the weekly streak, and the inbox.
import { api, type Schemas } from "../api/client";
import { enumLabel, h } from "../dom";

type Load = Schemas["LoadOut"];
type Streaks = Schemas["StreaksOut"];

/** The load warning when there is one (else a quiet "load is steady" line), and the streak. */
export function loadCard(load: Load): HTMLElement {
  const warned = load.warning || load.muscles.some((m) => m.warning);
  return h(
    "section",
    { class: warned ? "card warning" : "card", "aria-labelledby": "load-h" },
    h("h2", { id: "load-h" }, warned ? "Load warning" : "Training load"),
    warned
      ? h("ul", { class: "list" }, load.messages.map((m) => h("li", {}, m)))
      : h("p", {}, load.acwr === null ? "Log a few workouts to see your training load." : `Steady: this week is ${load.acwr.toFixed(2)}× your 4-week average.`),
    load.muscles.length
      ? h("p", { class: "muted" }, load.muscles.map((m) => `${enumLabel(m.muscle_group)} ${m.hard_sets_7d} sets`).join(" · "))
      : null,
  );
}

export function streakCard(streaks: Streaks): HTMLElement {
  const week = streaks.this_week;
  return h(
    "section",
    { class: streaks.at_risk ? "card warning" : "card", "aria-labelledby": "streak-h" },
    h("h2", { id: "streak-h" }, "Weekly streak"),
    streaks.weekly_target === null
      ? h("p", {}, "Set a weekly target in Settings to start a streak.")
      : [
          h("p", { class: "big" }, `${streaks.current_weeks} week${streaks.current_weeks === 1 ? "" : "s"}`, h("small", {}, ` best ${streaks.best_weeks}`)),
          h("p", {}, `${week.sessions} of ${streaks.weekly_target} sessions this week` + (streaks.needed_this_week ? `, ${streaks.needed_this_week} to go in ${streaks.days_left_this_week} days.` : ". Target met!")),
          streaks.at_risk ? h("p", { role: "alert" }, "Your streak is at risk: train today.") : null,
          h("ol", { class: "weeks", "aria-label": "Last 12 weeks" }, streaks.recent_weeks.map((w) => h("li", { class: w.met ? "met" : "", title: `${w.week_start}: ${w.sessions}` }))),
        ],
  );
}

/** The three cards, filled as their answers come (offline: nothing is shown). */
export function todayCards(): HTMLElement {
  const slot = h("div", { class: "stack" });
  if (!navigator.onLine) return slot;
  void Promise.all([
    api.GET("/safety/load").catch(() => null),
    api.GET("/progress/streaks").catch(() => null),
    api.GET("/notifications", { params: { query: { unread: true, limit: 1 } } }).catch(() => null),
  ]).then(([load, streaks, inbox]) => {
    const unread = inbox?.data?.unread ?? 0;
    slot.replaceChildren(
      ...(load?.data ? [loadCard(load.data)] : []),
      ...(streaks?.data ? [streakCard(streaks.data)] : []),
      h("a", { href: "/inbox", class: "button" }, unread ? `Inbox (${unread} new)` : "Inbox"),
    );
  });
  return slot;
}
