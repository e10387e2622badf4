import { formatFigure } from "../checks/format.ts";
import type { TrafficRecord, TrafficSecond } from "../traffic/traffic-record.ts";
import { latencyScale, type LatencyScale } from "./latency-scale.ts";
import { COLOURS, LEFT, RIGHT, n, type Lane, type TimeFrame } from "./timeline-kit.ts";
import { xmlAttr } from "./xml-escape.ts";

const SECOND = 1000;
/** Room above each lane for its label row. */
const LABEL_ROW = 18;

/** The two traffic lanes, stacked below `top` (the availability strip's bottom), and the height they add. */
export interface TrafficBox {
  band: Lane;
  throughput: Lane;
  height: number;
}

export function trafficBox(top: number): TrafficBox {
  const band = { top: top + LABEL_ROW, bottom: top + LABEL_ROW + 70 };
  const throughput = { top: band.bottom + LABEL_ROW, bottom: band.bottom + LABEL_ROW + 40 };
  return { band, throughput, height: throughput.bottom - top };
}

/** "load 200/s", "load", "k6", "probe": where the figures come from, as the lane's label says it. */
export function trafficSourceLabel(traffic: TrafficRecord): string {
  if (traffic.source === "load") return traffic.rate === undefined ? "load" : `load ${traffic.rate}/s`;
  return traffic.source;
}

/**
 * The traffic under the availability strip, on its time axis: the latency of every second
 * as a p50–p99 band with its p95 as a line, then the requests of every second as bars,
 * their failed part in the failure colour. Seconds outside the drawn range are left out
 * (partly visible ones are cut at the edge), and the scales are those of what is shown.
 */
export function trafficLanes(traffic: TrafficRecord, frame: TimeFrame, box: TrafficBox): string[] {
  const seconds = inView(traffic.seconds, frame);
  return [...latencyLane(seconds, trafficSourceLabel(traffic), frame, box.band), ...throughputLane(seconds, frame, box.throughput)];
}

function inView(seconds: readonly TrafficSecond[], frame: TimeFrame): TrafficSecond[] {
  const figures = (s: TrafficSecond) => [s.at, s.requests, s.failed, s.p50, s.p95, s.p99].every(Number.isFinite);
  return seconds.filter((s) => figures(s) && s.at + SECOND > frame.lo && s.at < frame.hi).sort((a, b) => a.at - b.at);
}

function latencyLane(seconds: TrafficSecond[], source: string, frame: TimeFrame, lane: Lane): string[] {
  const scale = latencyScale(seconds, lane);
  return [
    // A log axis is unusual enough to be said, in the lane's name where the eye starts.
    ...labelRow(lane, "latency-lane-label", "latency p50–p99 (p95 line)", source, scale.log ? "log scale" : ""),
    ...scale.ticks.flatMap((ms) => gridline(scale.y(ms), formatFigure(ms, "ms"))),
    ...seconds.map((s) => band(s, frame, scale)),
    ...p95Lines(seconds, frame, scale),
    ...(seconds.length === 0 ? [note(lane, "no traffic in this time range")] : []),
  ];
}

/** One second's p50–p99, a second wide; at least a pixel high so that a steady second still shows. */
function band(s: TrafficSecond, frame: TimeFrame, scale: LatencyScale): string {
  const [x1, x2] = [frame.x(s.at), frame.x(s.at + SECOND)];
  const [top, bottom] = [scale.y(s.p99), scale.y(s.p50)];
  const what = `${frame.when(s.at)}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} over ${s.requests} requests`;
  return (
    `<rect class="latency-band" x="${n(x1)}" y="${n(top)}" width="${n(Math.max(0.5, x2 - x1))}" height="${n(Math.max(1, bottom - top))}" ` +
    `fill="${COLOURS.latency}" fill-opacity="0.22"><title>${xmlAttr(what)}</title></rect>`
  );
}

/** The p95 as steps, one line per run of consecutive seconds: a second without traffic is a gap, not a slope. */
function p95Lines(seconds: TrafficSecond[], frame: TimeFrame, scale: LatencyScale): string[] {
  return runs(seconds).map((run) => {
    const points = run.flatMap((s) => [s.at, s.at + SECOND].map((at) => `${n(frame.x(at))},${n(scale.y(s.p95))}`));
    return `<polyline class="latency-p95" points="${points.join(" ")}" fill="none" stroke="${COLOURS.latency}" stroke-width="1.2"/>`;
  });
}

function runs(seconds: TrafficSecond[]): TrafficSecond[][] {
  const out: TrafficSecond[][] = [];
  for (const s of seconds) {
    const last = out.at(-1);
    if (last && last.at(-1)!.at + SECOND === s.at) last.push(s);
    else out.push([s]);
  }
  return out;
}

function throughputLane(seconds: TrafficSecond[], frame: TimeFrame, lane: Lane): string[] {
  const max = seconds.reduce((m, s) => Math.max(m, s.requests), 0);
  // Scaled to the busiest second shown, whose rate is the axis' one label: bars compare with it.
  const height = (count: number) => (max > 0 ? (count / max) * (lane.bottom - lane.top) : 0);
  return [
    ...labelRow(lane, "throughput-lane-label", "requests/s", "failed", "", COLOURS.fail),
    `<line x1="${LEFT}" y1="${lane.bottom}" x2="${RIGHT}" y2="${lane.bottom}" stroke="${COLOURS.gridline}"/>`,
    ...(max > 0 ? gridline(lane.top, `max ${max}/s`, "throughput-max") : []),
    ...seconds.flatMap((s) => bar(s, frame, lane, height)),
  ];
}

/** A second's requests from the lane's floor: the failed part first, so that failures share a baseline and compare. */
function bar(s: TrafficSecond, frame: TimeFrame, lane: Lane, height: (count: number) => number): string[] {
  const x1 = frame.x(s.at);
  const slot = frame.x(s.at + SECOND) - x1;
  const gap = Math.min(1, slot * 0.15);
  const what = xmlAttr(`${frame.when(s.at)}: ${s.requests} requests, ${s.failed} failed`);
  const part = (cls: string, bottom: number, count: number, fill: string) =>
    `<rect class="${cls}" x="${n(x1 + gap / 2)}" y="${n(bottom - height(count))}" width="${n(Math.max(0.5, slot - gap))}" height="${n(height(count))}" fill="${fill}"><title>${what}</title></rect>`;
  const failed = Math.min(s.failed, s.requests);
  const out: string[] = [];
  if (failed > 0) out.push(part("throughput-fail", lane.bottom, failed, COLOURS.fail));
  if (s.requests > failed) out.push(part("throughput-ok", lane.bottom - height(failed), s.requests - failed, COLOURS.throughput));
  return out;
}

/** The lane's name on the left (with an aside in a fainter span), the source or a legend on the right. */
function labelRow(lane: Lane, cls: string, name: string, right: string, aside: string, rightColour = COLOURS.faint): string[] {
  const y = lane.top - 5;
  const span = aside ? `<tspan class="latency-scale" fill="${COLOURS.faint}"> · ${xmlAttr(aside)}</tspan>` : "";
  return [
    `<text class="${cls}" x="${LEFT}" y="${y}" font-size="10" fill="#616161">${xmlAttr(name)}${span}</text>`,
    `<text class="${cls}-right" x="${RIGHT}" y="${y}" font-size="10" text-anchor="end" fill="${rightColour}">${xmlAttr(right)}</text>`,
  ];
}

function gridline(y: number, label: string, cls = "gridline-label"): string[] {
  return [
    `<line x1="${LEFT}" y1="${n(y)}" x2="${RIGHT}" y2="${n(y)}" stroke="${COLOURS.gridline}"/>`,
    `<text class="${cls}" x="${LEFT - 6}" y="${n(y + 3)}" font-size="9" text-anchor="end" fill="${COLOURS.faint}">${xmlAttr(label)}</text>`,
  ];
}

function note(lane: Lane, text: string): string {
  return `<text x="${(LEFT + RIGHT) / 2}" y="${(lane.top + lane.bottom) / 2 + 4}" font-size="11" text-anchor="middle" fill="${COLOURS.faint}">${xmlAttr(text)}</text>`;
}

function ms(value: number): string {
  return formatFigure(value, "ms");
}
