import type { History } from "../history/history.ts";

export const SAMPLES_CSV_HEADER = "start_iso,offset_ms,latency_ms,status,error,version,ok";

/**
 * Every probe sample of a history as CSV, in start order, with its offset from T0 (taken
 * literally: a T0 never marked is 0). Fields holding a comma, a quote or a line break are
 * quoted as RFC 4180 says; absent fields are empty. Lines end with "\n", the last one too.
 */
export function samplesCsv(history: History): string {
  const rows = [...history.samples]
    .sort((a, b) => a.start - b.start)
    .map((s) => [isoOf(s.start), number(s.start - history.t0), number(s.latencyMs), s.status === undefined ? "" : String(s.status), s.error ?? "", s.version ?? "", String(s.ok)]);
  return [SAMPLES_CSV_HEADER, ...rows.map((cells) => cells.map(csvField).join(","))].join("\n") + "\n";
}

/** A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function isoOf(at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? "" : date.toISOString();
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : "";
}
