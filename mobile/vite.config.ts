import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { VitePWA } from "vite-plugin-pwa";

// Every first path segment the API serves (from the committed OpenAPI document), so the dev
// server proxies exactly those to the API and serves the app for everything else.
const openapi = JSON.parse(readFileSync(new URL("./openapi.json", import.meta.url), "utf8"));
const apiPrefixes = [
  ...new Set(Object.keys(openapi.paths).map((p: string) => "/" + p.split("/")[1])),
  "/openapi.json",
  "/docs",
  "/recommendations",
];
// A reverse proxy's own paths (docker-compose): never answered with the app shell.
const proxyPrefixes = ["/api", "/ml", "/dagster", "/mlflow"];
const apiTarget = process.env.PULSE_API_URL ?? "http://127.0.0.1:8000";

export default defineConfig({
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      apiPrefixes.map((prefix) => [
        prefix,
        {
          target: apiTarget,
          // A browser navigation (Accept: text/html) to a client route stays with Vite.
          bypass: (req: { headers: Record<string, string | string[] | undefined> }) =>
            String(req.headers.accept ?? "").includes("text/html") ? "/index.html" : undefined,
        },
      ]),
    ),
  },
  build: { target: "es2022", sourcemap: false },
  plugins: [
    VitePWA({
      registerType: "autoUpdate",
      injectRegister: false, // registered in src/main.ts, after the first screen is drawn
      includeAssets: ["icons/*.png", "icons/*.svg"],
      manifest: {
        name: "Pulse Fitness",
        short_name: "Pulse",
        description: "Log workouts offline, see your progress, train with friends.",
        start_url: "/",
        scope: "/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#0f172a",
        theme_color: "#0f172a",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
          { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      },
      workbox: {
        // The app shell is precached; API responses are not (the app keeps its own data in
        // IndexedDB, see docs). Navigations to client routes get index.html, API paths never.
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        // Web Push: showing the server's messages (public/push-handler.js).
        importScripts: ["/push-handler.js"],
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [...apiPrefixes, ...proxyPrefixes].map((p) => new RegExp("^" + p.replace(".", "\\.") + "(/|$)")),
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
