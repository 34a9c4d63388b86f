// Line charts with uPlot (small, fast, canvas). Each chart is a <figure> whose accessible name
// summarises the data, with the numbers also in a table for screen readers.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatDate, h } from "./dom";

const COLORS = ["#0d9488", "#6366f1", "#ea580c", "#db2777", "#65a30d", "#0284c7", "#a16207", "#7c3aed", "#dc2626", "#475569"];

export interface Series {
  label: string;
  values: (number | null)[];
}

export function lineChart(title: string, xs: number[], series: Series[], unit: string): HTMLElement {
  const points = xs.length;
  const last = series.length === 1 && points ? series[0].values[points - 1] : null;
  const summary = !points
    ? `${title}: no data yet`
    : `${title}: ${points} ${points === 1 ? "point" : "points"}` + (last !== null && last !== undefined ? `, latest ${Number(last.toFixed(1))} ${unit}` : "");
  const figure = h("figure", { class: "chart", role: "img", "aria-label": summary, "data-points": points }, h("figcaption", {}, summary));
  if (!points) return figure;

  const plotArea = h("div", { "aria-hidden": "true" });
  figure.append(plotArea);
  const width = Math.min(640, (document.documentElement.clientWidth || 360) - 48);
  const dark = document.documentElement.dataset.theme === "dark";
  const axis = { stroke: dark ? "#cbd5e1" : "#334155", grid: { stroke: dark ? "#334155" : "#e2e8f0" } };
  // Draw once the figure is in the page (uPlot measures fonts).
  requestAnimationFrame(
    () =>
      new uPlot(
        {
          width,
          height: 200,
          legend: { show: series.length > 1 },
          // A few days either side, so one workout is a dot in its week, not in a span of years
          // (uPlot widens a one-value range by itself unless given a fixed one).
          scales: { x: { time: true, auto: false, range: [xs[0] - 3 * 86400, xs[points - 1] + 3 * 86400] } },
          axes: [axis, { ...axis, size: 50 }],
          series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { size: 7 } }))],
        },
        [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
        plotArea,
      ),
  );
  figure.append(
    h(
      "table",
      { class: "visually-hidden" },
      h("caption", {}, title),
      h("tr", {}, h("th", { scope: "col" }, "Date"), series.map((s) => h("th", { scope: "col" }, s.label))),
      xs.map((x, i) => h("tr", {}, h("td", {}, formatDate(new Date(x * 1000).toISOString())), series.map((s) => h("td", {}, s.values[i] ?? "")))),
    ),
  );
  return figure;
}
