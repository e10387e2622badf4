/** What the timeline's parts share: the plot's horizontal extent, its colours, and number formatting. */

/** The plot's left and right edges: left of LEFT are the lanes' axis labels. */
export const LEFT = 64;
export const RIGHT = 884;

export const COLOURS = {
  ok: "#2e7d32",
  fail: "#c62828",
  fault: "#e53935",
  latency: "#1565c0",
  t0: "#212121",
  recovery: "#6a1b9a",
  faint: "#9e9e9e",
  gridline: "#eeeeee",
  throughput: "#90a4ae",
};

export interface Lane {
  top: number;
  bottom: number;
}

/** The shared time axis: where a moment falls (clamped to the plot), and how a tooltip names it. */
export interface TimeFrame {
  lo: number;
  hi: number;
  x(at: number): number;
  when(at: number): string;
}

/** 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((m) => m * power >= value) ?? 10) * power;
}

export function mid(lane: Lane): number {
  return (lane.top + lane.bottom) / 2;
}

/** A coordinate at a tenth of a pixel: finer is noise in the document. */
export function n(value: number): string {
  return String(Number(value.toFixed(1)));
}
