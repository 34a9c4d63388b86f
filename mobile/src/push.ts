// Web Push: subscribe this browser with the server's VAPID key, so notifications reach it when
// the app is closed (the service worker shows them). Where the browser or the server cannot,
// say why instead.
import { api } from "./api/client";

const decode = (base64url: string) => {
  const raw = atob(base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "="));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
};

export async function pushState(): Promise<string> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return "This browser cannot receive push notifications.";
  if (Notification.permission === "denied") return "Notifications are blocked for this site in the browser's settings.";
  const key = (await api.GET("/push/key").catch(() => null))?.data;
  if (!key?.enabled) return "This server does not send push notifications; the inbox shows everything.";
  const registration = await navigator.serviceWorker.getRegistration();
  const subscribed = registration && (await registration.pushManager.getSubscription());
  return subscribed ? "This phone gets push notifications." : "Push notifications are off on this phone.";
}

export async function enablePush(): Promise<string> {
  const state = await pushState();
  if (!state.endsWith("off on this phone.")) return state;
  if ((await Notification.requestPermission()) !== "granted") return "Notifications were not allowed.";
  const key = (await api.GET("/push/key")).data!;
  try {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: decode(key.public_key!) });
    const body = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
    const saved = await api.POST("/push/subscriptions", { body: { endpoint: body.endpoint, keys: body.keys } });
    return saved.data ? "This phone gets push notifications." : "The server did not take the subscription.";
  } catch (error) {
    return `The browser could not subscribe: ${error instanceof Error ? error.message : String(error)}`;
  }
}
