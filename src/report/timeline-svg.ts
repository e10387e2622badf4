import { xmlAttr } from "./xml-escape.ts";
import { COLOURS, LEFT, RIGHT, mid, n, niceCeil, type TimeFrame } from "./timeline-kit.ts";
import { trafficBox, trafficLanes, trafficSourceLabel } from "./traffic-lanes.ts";
import { formatFigure, formatOffset } from "../checks/format.ts";
import { timeToRecover } from "../checks/time-to-recover.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";
import { trafficOf } from "../traffic/traffic-of.ts";
import type { TrafficRecord } from "../traffic/traffic-record.ts";

/** The streak that makes a recovery in the chart: the default measure (DEFAULT_MEASURES). */
const RECOVERY_STREAK = 5;

const W = 900;
/**
 * Vertical layout, top to bottom: title, phase ticks, status lane, latency lane (together
 * the availability strip), the traffic lanes when there was traffic, x axis, marker labels,
 * footer. What is below the strip moves down by the traffic lanes' height.
 */
const PHASE_TICK = { top: 47, bottom: 55 };
const OK_LANE = { top: 58, bottom: 80 };
const FAIL_LANE = { top: 84, bottom: 106 };
const LATENCY_LANE = { top: 116, bottom: 196 };
const BELOW_STRIP = { axis: 200, markerLabel: 234, footer: 252, height: 260 };

/** Where the lanes and labels sit, with or without the traffic lanes. */
function layoutFor(traffic: TrafficRecord) {
  const box = traffic.seconds.length > 0 ? trafficBox(LATENCY_LANE.bottom) : undefined;
  const shift = box?.height ?? 0;
  return {
    traffic: box,
    lanesBottom: box?.throughput.bottom ?? LATENCY_LANE.bottom,
    axisY: BELOW_STRIP.axis + shift,
    markerLabelY: BELOW_STRIP.markerLabel + shift,
    footerY: BELOW_STRIP.footer + shift,
    height: BELOW_STRIP.height + shift,
  };
}

/**
 * The availability timeline of one scenario as a standalone SVG document: every probe
 * sample (ok above, failed below), their latency, the fault windows shaded, T0, the
 * recovery point (a streak of 5, as judged) and the phase boundaries, against seconds from T0.
 */
export function timelineSvg(result: ScenarioResult): string {
  const h = result.history;
  const samples = [...h.samples].sort((a, b) => a.start - b.start);
  // run-scenario leaves T0 at 0 when the method never marked it (the scenario then broke).
  const t0Known = Number.isFinite(h.t0) && !(h.t0 === 0 && result.startedAt > 0);
  const faults = h.faults.map((f) => ({ ...f, until: f.revertedAt ?? Math.max(f.injectedAt, h.windowEnd) }));

  const moments = [...samples.map((s) => s.start), ...faults.flatMap((f) => [f.injectedAt, f.until])];
  if (t0Known) moments.push(h.t0, h.windowEnd);
  if (moments.length === 0) moments.push(result.startedAt, result.endedAt);
  const finite = moments.filter(Number.isFinite);
  let lo = finite.length ? finite.reduce((a, b) => Math.min(a, b)) : 0;
  let hi = finite.length ? finite.reduce((a, b) => Math.max(a, b)) : 0;
  if (hi - lo < 1000) hi = lo + 1000;
  const pad = (hi - lo) * 0.02;
  lo -= pad;
  hi += pad;
  const origin = t0Known ? h.t0 : (samples[0]?.start ?? lo + pad);
  const x = (at: number) => LEFT + ((Math.min(hi, Math.max(lo, at)) - lo) / (hi - lo)) * (RIGHT - LEFT);

  const traffic = trafficOf(h);
  const layout = layoutFor(traffic);
  const title = `${result.title} — ${result.verdict}`;
  const failed = samples.filter((s) => !s.ok).length;
  const out: string[] = [];

  // Fault windows, behind everything else.
  for (const f of faults) {
    const x1 = x(f.injectedAt);
    const width = Math.max(1, x(f.until) - x1);
    const label = `${f.kind} on ${f.host}`;
    const span = t0Known ? ` from ${formatOffset(f.injectedAt, h.t0)} to ${formatOffset(f.until, h.t0)}` : "";
    out.push(
      `<rect class="fault" x="${n(x1)}" y="${OK_LANE.top}" width="${n(width)}" height="${layout.lanesBottom - OK_LANE.top}" fill="${COLOURS.fault}" fill-opacity="0.12"><title>${xmlAttr(label + span)}</title></rect>`,
      `<text x="${n(x1 + 3)}" y="${LATENCY_LANE.top - 2}" font-size="9" fill="${COLOURS.fault}">${xmlAttr(label)}</text>`,
    );
  }

  // Lanes and their axes.
  out.push(
    `<text x="${LEFT - 6}" y="${mid(OK_LANE) + 3}" font-size="10" text-anchor="end" fill="${COLOURS.ok}">ok</text>`,
    `<text x="${LEFT - 6}" y="${mid(FAIL_LANE) + 3}" font-size="10" text-anchor="end" fill="${COLOURS.fail}">failed</text>`,
    `<line x1="${LEFT}" y1="${(OK_LANE.bottom + FAIL_LANE.top) / 2}" x2="${RIGHT}" y2="${(OK_LANE.bottom + FAIL_LANE.top) / 2}" stroke="${COLOURS.gridline}"/>`,
  );
  const maxLatency = niceCeil(samples.map((s) => s.latencyMs).filter(Number.isFinite).reduce((a, b) => Math.max(a, b), 10));
  const yLatency = (ms: number) => LATENCY_LANE.bottom - (Math.min(Math.max(ms, 0), maxLatency) / maxLatency) * (LATENCY_LANE.bottom - LATENCY_LANE.top);
  for (const ms of [0, maxLatency / 2, maxLatency]) {
    out.push(
      `<line x1="${LEFT}" y1="${n(yLatency(ms))}" x2="${RIGHT}" y2="${n(yLatency(ms))}" stroke="${COLOURS.gridline}"/>`,
      `<text x="${LEFT - 6}" y="${n(yLatency(ms) + 3)}" font-size="9" text-anchor="end" fill="${COLOURS.faint}">${n(ms)}ms</text>`,
    );
  }
  out.push(`<text x="12" y="${mid(LATENCY_LANE)}" font-size="10" fill="${COLOURS.faint}" transform="rotate(-90 12 ${mid(LATENCY_LANE)})" text-anchor="middle">latency</text>`);

  // The traffic, second by second, under the strip and on the same time axis.
  if (layout.traffic) {
    const when = (at: number) => (t0Known ? formatOffset(at, h.t0) : new Date(at).toISOString());
    const frame: TimeFrame = { lo, hi, x, when };
    out.push(...trafficLanes(traffic, frame, layout.traffic));
  }

  // X axis: seconds from T0 (from the first sample when T0 was never marked).
  const step = tickStep((hi - lo) / 1000 / 8);
  out.push(`<line x1="${LEFT}" y1="${layout.axisY}" x2="${RIGHT}" y2="${layout.axisY}" stroke="${COLOURS.faint}"/>`);
  for (let k = Math.ceil((lo - origin) / 1000 / step); origin + k * step * 1000 <= hi; k++) {
    const at = origin + k * step * 1000;
    out.push(
      `<line x1="${n(x(at))}" y1="${layout.axisY}" x2="${n(x(at))}" y2="${layout.axisY + 4}" stroke="${COLOURS.faint}"/>`,
      `<text x="${n(x(at))}" y="${layout.axisY + 14}" font-size="10" text-anchor="middle" fill="#616161">${xmlAttr(secondsLabel(k * step))}</text>`,
    );
  }

  // Phase boundaries, faint, labels on two alternating rows so that short phases stay legible.
  result.phases
    .filter((p) => p.endedAt >= lo && p.startedAt <= hi)
    .forEach((p, i) => {
      const px = n(x(p.startedAt));
      out.push(
        `<line class="phase" x1="${px}" y1="${PHASE_TICK.top}" x2="${px}" y2="${PHASE_TICK.bottom}" stroke="${COLOURS.faint}"/>`,
        `<text x="${px}" y="${i % 2 === 0 ? 35 : 44}" font-size="9" fill="${COLOURS.faint}">${xmlAttr(p.name)}</text>`,
      );
    });

  // The samples: one mark per request, and the latency as a thin line.
  const period = Number.isFinite(h.probePeriodMs) && h.probePeriodMs > 0 ? h.probePeriodMs : 100;
  const markWidth = Math.min(6, Math.max(1, ((RIGHT - LEFT) * period * 0.8) / (hi - lo)));
  for (const s of samples) {
    const lane = s.ok ? OK_LANE : FAIL_LANE;
    const what = `${t0Known ? formatOffset(s.start, h.t0) : new Date(s.start).toISOString()}: ${s.ok ? "ok" : "failed"} ${s.error ?? s.status ?? ""} in ${formatFigure(s.latencyMs, "ms")}`;
    out.push(
      `<rect class="${s.ok ? "probe-ok" : "probe-fail"}" x="${n(x(s.start) - markWidth / 2)}" y="${lane.top + 2}" width="${n(markWidth)}" height="${lane.bottom - lane.top - 4}" fill="${s.ok ? COLOURS.ok : COLOURS.fail}"><title>${xmlAttr(what)}</title></rect>`,
    );
  }
  if (samples.length > 0) {
    const points = samples.map((s) => `${n(x(s.start))},${n(yLatency(s.latencyMs))}`).join(" ");
    out.push(`<polyline class="latency" points="${points}" fill="none" stroke="${COLOURS.latency}" stroke-width="1"/>`);
  } else {
    out.push(`<text x="${(LEFT + RIGHT) / 2}" y="${mid(FAIL_LANE)}" font-size="12" text-anchor="middle" fill="${COLOURS.faint}">no probe samples</text>`);
  }

  // T0 and the recovery.
  let recoveryText: string;
  if (!t0Known) {
    recoveryText = "recovery not measured (T0 not marked)";
    out.push(`<text class="recovery-label" x="${RIGHT}" y="${layout.markerLabelY}" font-size="11" text-anchor="end" fill="${COLOURS.recovery}">${xmlAttr(recoveryText)}</text>`);
  } else {
    const recovery = timeToRecover(h, RECOVERY_STREAK);
    // The two labels share a row: when the lines are close, T0's goes left and the recovery's right.
    const close = recovery.kind === "recovered" && x(recovery.at) - x(h.t0) < 60;
    out.push(...marker("t0", x(h.t0), "T0", COLOURS.t0, close ? "end" : "middle", layout.markerLabelY));
    switch (recovery.kind) {
      case "recovered":
        recoveryText = `recovered +${formatFigure(recovery.ms, "ms")}`;
        out.push(...marker("recovery", x(recovery.at), recoveryText, COLOURS.recovery, close ? "start" : "middle", layout.markerLabelY));
        break;
      case "no impact":
        recoveryText = "no impact";
        out.push(`<text class="recovery-label" x="${RIGHT}" y="${layout.markerLabelY}" font-size="11" text-anchor="end" fill="${COLOURS.recovery}">${recoveryText}</text>`);
        break;
      case "never":
      case "unknown":
        recoveryText = recovery.kind === "never" ? "not recovered" : `not recovered (only ${recovery.samples} samples in the window)`;
        out.push(...marker("recovery", x(h.windowEnd), recoveryText, COLOURS.fail, "end", layout.markerLabelY, "4 3"));
        break;
    }
  }

  const footer = `${samples.length} probe samples, ${failed} failed` + (result.reason ? ` · ${result.verdict}: ${clip(result.reason, 110)}` : "");
  const desc =
    `Availability timeline of scenario ${result.name}: ${samples.length} probe samples, ${failed} failed; ` +
    `${faults.length} fault window(s); ${recoveryText}.` +
    trafficSentence(traffic) +
    (t0Known ? " Times are seconds from T0." : " T0 was never marked: times are seconds from the first sample.") +
    (result.reason ? ` ${result.verdict}: ${result.reason}` : "");

  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${layout.height}" viewBox="0 0 ${W} ${layout.height}" role="img" font-family="sans-serif">`,
    `<title>${xmlAttr(title)}</title>`,
    `<desc>${xmlAttr(desc)}</desc>`,
    `<rect x="0" y="0" width="${W}" height="${layout.height}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold" fill="#212121">${xmlAttr(title)}</text>`,
    ...out,
    `<text x="${LEFT}" y="${layout.footerY}" font-size="10" fill="#616161">${xmlAttr(footer)}</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

/** A vertical line through every lane (the traffic ones too) down to its label's row at `labelY`. */
function marker(cls: string, at: number, label: string, colour: string, anchor: "start" | "middle" | "end", labelY: number, dash?: string): string[] {
  return [
    `<line class="${cls}" x1="${n(at)}" y1="${PHASE_TICK.bottom}" x2="${n(at)}" y2="${labelY - 11}" stroke="${colour}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    `<text class="${cls}-label" x="${n(at)}" y="${labelY}" font-size="11" text-anchor="${anchor}" fill="${colour}">${xmlAttr(label)}</text>`,
  ];
}

/** " Traffic (load 200/s): 1190 requests over 6 seconds, 42 failed.", or nothing when there was none. */
function trafficSentence(traffic: TrafficRecord): string {
  if (traffic.seconds.length === 0) return "";
  const requests = traffic.seconds.reduce((sum, s) => sum + s.requests, 0);
  const failed = traffic.seconds.reduce((sum, s) => sum + s.failed, 0);
  return ` Traffic (${trafficSourceLabel(traffic)}): ${requests} requests over ${traffic.seconds.length} seconds, ${failed} failed.`;
}

/** The smallest readable step (in seconds) at least `raw` long. */
function tickStep(raw: number): number {
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((s) => s >= raw) ?? Math.ceil(raw / 3600) * 3600;
}

/** "-5s", "0", "10s", "0.5s". */
function secondsLabel(seconds: number): string {
  const rounded = Number(seconds.toFixed(1));
  return rounded === 0 ? "0" : `${rounded}s`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

