// "Export my data": GET /export needs the bearer token, so a plain link cannot download it; the
// app fetches the file and hands the browser a Blob to save under the name the API gives.
import { api, errorText } from "./api/client";

export type ExportFormat = "csv" | "json";

/** The file name of a Content-Disposition header, else `fallback`. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const match = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i);
  return match ? decodeURIComponent(match[1].trim()) : fallback;
}

/** Download the export; resolves to the saved file's name, or throws a sentence saying why not. */
export async function downloadExport(format: ExportFormat): Promise<string> {
  let result;
  try {
    result = await api.GET("/export", { params: { query: { format } }, parseAs: "blob" });
  } catch {
    throw new Error("Offline: exporting needs a connection.");
  }
  const { data, error, response } = result;
  if (!data) throw new Error(`${response.status}: ${errorText(error)}`);
  const name = fileNameOf(response.headers.get("Content-Disposition"), `pulse-export.${format}`);
  const url = URL.createObjectURL(data);
  try {
    const link = Object.assign(document.createElement("a"), { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has handed the Blob to the download; the URL is not needed after this task.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return name;
}
