import { Pool } from "undici";
import { type ProbeExpectation, unmetExpectation } from "../probe/probe-expectation.ts";
import { idFrom, type WriteRequest } from "../stack/item-client.ts";
import { RequestLog } from "./request-log.ts";
import { histogramValue, newHistogram, SecondBuckets } from "./second-buckets.ts";
import type { TrafficGenerator } from "./traffic-generator.ts";
import type { TrafficRecord } from "./traffic-record.ts";
import type { LoadSpec } from "./traffic-spec.ts";

/** What the load sends: the stack's probe read and its durability write, through the edge. */
export interface LoadTarget {
  /** The edge's origin (http://host:port). */
  baseUrl: string;
  /** The reads, each sent in proportion to its weight (the probe's request among them). */
  reads: Array<{ path: string; expect: ProbeExpectation; weight: number }>;
  /** The stack's write, its item's title left as TITLE_MARK: plain data, so that it can be sent to the load's own thread. */
  write: WriteRequest;
  /** What a write's answer must be: its status, and where the new item's id is. */
  written: { status: number; id: { json: string } | { regex: string } };
  /** Written into the titles of the items the load writes ("firedrill load host-halt 12"). */
  label: string;
}

/** Enough connections for every request due within a timeout at the highest rate: more would only be opened, not used. */
const MAX_CONNECTIONS = 512;

/**
 * Production-like traffic beside the probe, on keep-alive connections like a real
 * client's. At a rate, requests leave on a fixed schedule whatever the service does, and
 * latency counts from the scheduled start: a stall that holds requests back shows as
 * latency instead of as fewer, faster requests (coordinated omission). With a
 * concurrency, each client waits for its answer before sending the next, as a pool of
 * workers does; latency counts from the send, and a stall shows as a drop in throughput.
 */
export class LoadTraffic implements TrafficGenerator {
  readonly spec: string;
  readonly source = "load";
  private readonly buckets = new SecondBuckets();
  private readonly log = new RequestLog();
  private readonly lateness = newHistogram();
  private readonly pool: Pool;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private clients: Promise<void>[] = [];
  private sent = 0;
  private writeCredit = 0;
  private reads = 0;
  private answered = 0;
  private failures = 0;
  private startedAt = 0;
  private readonly failureReasons: Record<string, number> = {};
  /** The writes the stack acknowledged: owed like the durability writes, so the scenario reads them back. */
  private readonly acknowledged: Array<{ id: string; title: string }> = [];

  constructor(
    private readonly load: LoadSpec,
    private readonly target: LoadTarget,
  ) {
    this.spec = load.text;
    this.pool = new Pool(target.baseUrl, { connections: MAX_CONNECTIONS, pipelining: 1, keepAliveTimeout: 10_000, connectTimeout: load.timeoutMs });
  }

  /** How long the rate ramps up (rate mode only): the steady state waits this much longer. */
  get warmUpMs(): number {
    return this.load.rate === undefined ? 0 : this.load.rampMs;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.startedAt = Date.now();
    if (this.load.rate !== undefined) this.schedule(this.startedAt, (n) => scheduledAt(n, this.load.rate!, this.load.rampMs));
    else this.clients = Array.from({ length: this.load.concurrency ?? 1 }, () => this.client());
  }

  /** Reasons by count; a body's details are cut so that one outage gives one reason, not one per request. */
  private countFailure(reason: string): void {
    const key = reason.split(":")[0]!.slice(0, 80);
    if (key in this.failureReasons || Object.keys(this.failureReasons).length < 20) this.failureReasons[key] = (this.failureReasons[key] ?? 0) + 1;
  }

  failedSince(since: number): boolean {
    return this.log.failedSince(since, this.load.timeoutMs);
  }

  async progress(): Promise<{ requests: number; failed: number; reasons: Record<string, number> }> {
    return { requests: this.answered, failed: this.failures, reasons: { ...this.failureReasons } };
  }

  async stop(): Promise<TrafficRecord> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.all([...this.clients, ...this.inFlight]);
    await this.pool.close().catch(() => undefined);
    return {
      source: "load",
      spec: this.spec,
      ...(this.load.rate === undefined ? {} : { rate: this.load.rate }),
      seconds: this.buckets.seconds(),
      requests: this.log.encode(),
      ...(this.load.writeShare > 0 ? { acknowledged: [...this.acknowledged] } : {}),
      ...(Object.keys(this.failureReasons).length > 0 ? { failures: { ...this.failureReasons } } : {}),
      ...(this.load.rate === undefined ? {} : { lateness: { p99: this.lateness.getValueAtPercentile(99), max: this.lateness.maxValue } }),
    };
  }

  /** Sends every request that is due, then sleeps until the next one: anchored to the start, so timer drift never accumulates. */
  private schedule(startedAt: number, offsetOf: (n: number) => number): void {
    let n = 0;
    const tick = () => {
      const now = Date.now();
      for (let due = startedAt + offsetOf(n); due <= now && this.running; due = startedAt + offsetOf(++n)) {
        this.lateness.recordValue(histogramValue(now - due));
        this.buckets.late(due, now - due);
        const request = this.send(due, now - due);
        this.inFlight.add(request);
        void request.finally(() => this.inFlight.delete(request));
      }
      if (this.running) this.timer = setTimeout(tick, Math.max(0, startedAt + offsetOf(n) - Date.now()));
    };
    tick();
  }

  private async client(): Promise<void> {
    while (this.running) await this.send(Date.now());
  }

  /** One request, counted from `scheduled`; never throws (a failure is an outcome). */
  private async send(scheduled: number, lateMs = 0): Promise<void> {
    const isWrite = this.nextIsWrite();
    const read = isWrite ? undefined : this.nextRead();
    // Taken now: `sent` moves on while the answer is awaited.
    const title = `firedrill load ${this.target.label} ${this.sent}`;
    const request = read ? { path: read.path, method: "GET" } : withTitle(this.target.write, title);
    const remaining = Math.max(1, Math.ceil(this.load.timeoutMs - (Date.now() - scheduled)));
    let failure: string | undefined;
    const signal = AbortSignal.timeout(remaining);
    try {
      const answer = await this.pool.request({ ...request, signal });
      const body = await answer.body.text();
      if (read) failure = unmetExpectation(read.expect, answer.statusCode, body);
      else {
        const id = answer.statusCode === this.target.written.status ? idFrom(this.target.written.id, body) : undefined;
        if (id === undefined) failure = `write answered ${answer.statusCode}`;
        else this.acknowledged.push({ id, title });
      }
    } catch (error) {
      failure = signal.aborted ? "timeout" : ((error as { code?: string }).code ?? (error as Error).message);
    }
    const ok = failure === undefined;
    if (failure !== undefined) this.countFailure(failure);
    this.buckets.record(scheduled, Date.now() - scheduled, ok);
    this.log.add({ at: scheduled, latencyMs: Date.now() - scheduled, ok, write: isWrite, lateMs });
    // The steady state judges the load once it is at full rate: a lab warms up (its web
    // servers start workers) while the rate ramps, as it would for real users arriving.
    if (scheduled >= this.startedAt + this.warmUpMs) {
      this.answered += 1;
      if (!ok) this.failures += 1;
    }
  }

  /** The reads in turn by weight (9:1 sends the first nine times, then the second once), the same sequence every run. */
  private nextRead(): LoadTarget["reads"][number] {
    const total = this.target.reads.reduce((sum, r) => sum + r.weight, 0);
    let slot = this.reads++ % total;
    for (const read of this.target.reads) {
      if (slot < read.weight) return read;
      slot -= read.weight;
    }
    return this.target.reads[0]!;
  }

  /** Writes spread evenly among the reads (every 20th request at 0.05), so each second has its share. */
  private nextIsWrite(): boolean {
    this.sent += 1;
    this.writeCredit += this.load.writeShare;
    if (this.writeCredit < 1) return false;
    this.writeCredit -= 1;
    return true;
  }
}

/** Stands for the item's title in LoadTarget.write until a write is sent. */
export const TITLE_MARK = "\u0000firedrill-title\u0000";

function withTitle(write: WriteRequest, title: string): WriteRequest {
  const fill = (text: string) => text.split(TITLE_MARK).join(title);
  return {
    path: fill(write.path),
    method: write.method,
    headers: Object.fromEntries(Object.entries(write.headers).map(([k, v]) => [k, fill(v)])),
    ...(write.body === undefined ? {} : { body: fill(write.body) }),
  };
}

/**
 * When the n-th request (from 0) leaves, in ms after the start: the rate climbs linearly
 * from 0 to `rate` over `rampMs` (n = rate·t²/(2·ramp), so t = sqrt(2·n·ramp/rate)), then
 * holds. Anchored to the start, so timer drift never accumulates.
 */
export function scheduledAt(n: number, rate: number, rampMs: number): number {
  const rampRequests = (rate * rampMs) / 2000;
  if (n < rampRequests) return Math.sqrt((2 * n * rampMs * 1000) / rate);
  return rampMs + ((n - rampRequests) * 1000) / rate;
}
