// Loaded by the generated service worker (workbox importScripts): shows a Web Push message the
// server sent (api/notifications/push.py) and opens the inbox when it is tapped.
self.addEventListener("push", (event) => {
  const note = event.data ? event.data.json() : { title: "Pulse", body: "" };
  event.waitUntil(self.registration.showNotification(note.title, { body: note.body, tag: `pulse-${note.id}`, data: { url: "/inbox" } }));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(self.clients.openWindow(event.notification.data?.url ?? "/inbox"));
});
