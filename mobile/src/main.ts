// Start-up: open the local database, draw the shell, route by path, keep the outbox syncing.
import "./styles.css";
import { registerSW } from "virtual:pwa-register";
import { App } from "./app";
import { h } from "./dom";
import { authScreen } from "./screens/auth";
import { applyTheme } from "./theme";

type Screen = (app: App) => Promise<HTMLElement>;

// Client routes; none of them should be an API path (the API serves the app at the same origin,
// and a browser opening an API path directly gets the API's answer).
// Screens behind the login load on first use (the service worker precaches them all).
const ROUTES: Record<string, { title: string; screen: Screen; nav?: string }> = {
  "/": { title: "Today", screen: async (app) => (await import("./screens/home")).homeScreen(app), nav: "Today" },
  "/log": { title: "Workout", screen: async (app) => (await import("./screens/workout")).workoutScreen(app), nav: "Workout" },
  "/for-you": { title: "For you", screen: async (app) => (await import("./screens/forYou")).forYouScreen(app) },
  "/library": { title: "Exercises", screen: async (app) => (await import("./screens/library")).libraryScreen(app) },
  "/progress": { title: "Progress", screen: async (app) => (await import("./screens/progress")).progressScreen(app), nav: "Progress" },
  "/routines": { title: "Routines", screen: async (app) => (await import("./screens/routines")).routinesScreen(app) },
  "/import": { title: "Import from Strong/Hevy", screen: async (app) => (await import("./screens/importData")).importScreen(app) },
  "/friends": { title: "Friends", screen: async (app) => (await import("./screens/friends")).friendsScreen(app), nav: "Friends" },
  "/inbox": { title: "Inbox", screen: async (app) => (await import("./screens/inbox")).inboxScreen(app) },
  "/compete": { title: "Challenges", screen: async (app) => (await import("./screens/challenges")).challengesScreen(app) },
  "/verify-email": { title: "Verify email", screen: async (app) => (await import("./screens/verifyEmail")).verifyEmailScreen(app) },
  "/settings": { title: "Settings", screen: async (app) => (await import("./screens/settings")).settingsScreen(app), nav: "Settings" },
  "/login": { title: "Log in", screen: authScreen("login") },
  "/register": { title: "Create account", screen: authScreen("register") },
};

const PUBLIC = new Set(["/login", "/register"]);
// Open signed in or not (a link from a mail).
const ANYONE = new Set(["/verify-email"]);

async function start(): Promise<void> {
  applyTheme();
  const app = await App.open();
  const root = document.getElementById("app")!;
  const status = h("p", { class: "sync-status", role: "status", "aria-live": "polite" });
  const main = h("main", { id: "main", tabIndex: -1 });
  const heading = h("h1", {}, "Pulse");
  const nav = h("nav", { "aria-label": "Main" });
  root.replaceChildren(
    h("a", { class: "skip", href: "#main" }, "Skip to content"),
    h("header", {}, heading, status),
    main,
    nav,
  );

  async function showStatus(): Promise<void> {
    if (!app.user) {
      status.textContent = navigator.onLine ? "" : "Offline";
      return;
    }
    const pending = await app.queue.pendingCount(app.user.id);
    const online = navigator.onLine ? "Online" : "Offline";
    status.textContent = app.syncing
      ? `${online} · syncing…`
      : pending
        ? `${online} · ${pending} workout${pending > 1 ? "s" : ""} waiting to sync`
        : `${online} · all synced`;
    status.dataset.pending = String(pending);
  }

  let rendering = 0;
  async function render(): Promise<void> {
    const ticket = ++rendering;
    let path = location.pathname in ROUTES ? location.pathname : "/";
    if (!app.user && !PUBLIC.has(path) && !ANYONE.has(path)) path = "/login";
    if (app.user && PUBLIC.has(path)) path = "/";
    if (path !== location.pathname) history.replaceState(null, "", path);
    const route = ROUTES[path];
    document.title = `${route.title} · Pulse`;
    heading.textContent = route.title;
    nav.replaceChildren(
      ...(app.user
        ? Object.entries(ROUTES)
            .filter(([, r]) => r.nav)
            .map(([p, r]) => h("a", { href: p, "aria-current": p === path ? "page" : undefined }, r.nav!))
        : []),
    );
    const screen = await route.screen(app);
    if (ticket !== rendering) return; // a newer navigation won
    main.replaceChildren(screen);
    void showStatus();
  }

  app.navigate = (path) => {
    // Drawing the same screen again (after an answer) must not add a history entry.
    if (path === location.pathname) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
    void render().then(() => main.focus({ preventScroll: true }));
  };
  app.onChange(() => void showStatus());

  // Links inside the app change the route without a page load.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element).closest?.("a[href^='/']") as HTMLAnchorElement | null;
    if (!link || event.defaultPrevented || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    app.navigate(link.getAttribute("href")!);
  });
  window.addEventListener("popstate", () => void render());
  window.addEventListener("online", () => void app.sync());
  window.addEventListener("offline", () => void showStatus());
  // Retry now and then while something waits (a flaky connection fires no "online" event).
  setInterval(() => {
    if (navigator.onLine && app.user) void app.sync();
  }, 30_000);

  await render();
  if (app.user && navigator.onLine) {
    // Save what offline logging needs (library, history) while there is a connection.
    void app.refreshMe().then(() => Promise.all([app.sync(), app.library(), app.history()]));
  }
  registerSW({ immediate: true });
}

void start();
