import { inputError } from "../errors/firedrill-error.ts";
import { parseDuration } from "../util/duration.ts";

/** A load at a fixed schedule (`rate`) or from a number of clients that each wait for their answer (`concurrency`). */
export interface LoadSpec {
  kind: "load";
  text: string;
  /** Requests per second, sent on schedule whatever the answers do (latency counted from the schedule). */
  rate?: number;
  /** Clients that each send their next request when the last one is answered (latency counted from the send). */
  concurrency?: number;
  /** The share of requests that are the stack's durability write rather than its probe read. */
  writeShare: number;
  /** A request without an answer by then is failed. */
  timeoutMs: number;
  /** The rate climbs from 0 over this long before it holds (rate mode): the steady state judges the load after it. */
  rampMs: number;
}

export interface K6Spec {
  kind: "k6";
  text: string;
  /** The script, as given (relative to the current directory). */
  script: string;
  /** The k6 that runs it, found when the plan is made (resolveTraffic). */
  executable?: string;
}

/** The traffic of a drill's scenarios beside the probe: none (the probe alone), firedrill's load, or a team's k6 script. */
export type TrafficSpec = { kind: "probe"; text: "probe" } | LoadSpec | K6Spec;

export const PROBE_ONLY: TrafficSpec = { kind: "probe", text: "probe" };

export const LOAD_DEFAULTS = { writeShare: 0.01, timeoutMs: 2000, rampMs: 5000 } as const;

const LIMITS = { rate: [1, 5000], concurrency: [1, 1000], writes: [0, 1] } as const;

const TRAFFIC_HINT =
  "Write probe (the probe alone), load:rate=N (N requests a second, e.g. load:rate=200,writes=0.01,timeout=2s,ramp=5s), " +
  "load:concurrency=N (N clients), or k6:path/to/script.js (a k6 on PATH runs it).";

/** Parses a traffic profile as written on the command line or in a profile; `where` names it in errors ("--traffic", "profiles/x.yaml: traffic"). */
export function parseTrafficSpec(text: string, where: string): TrafficSpec {
  const trimmed = text.trim();
  const bad = (why: string) => inputError("TRAFFIC_INVALID", `${where} = "${text}": ${why}`, TRAFFIC_HINT);
  if (trimmed === "probe") return PROBE_ONLY;
  const colon = trimmed.indexOf(":");
  const kind = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const rest = colon === -1 ? "" : trimmed.slice(colon + 1);
  if (kind === "k6") {
    if (rest.trim() === "") throw bad("k6: needs the script's path");
    return { kind: "k6", text: trimmed, script: rest.trim() };
  }
  if (kind !== "load") throw bad(`unknown traffic "${kind}"`);
  const spec: LoadSpec = { kind: "load", text: trimmed, ...LOAD_DEFAULTS };
  for (const pair of rest.split(",").filter((p) => p.trim() !== "")) {
    const [key, value, ...extra] = pair.split("=").map((s) => s.trim());
    if (!key || value === undefined || value === "" || extra.length > 0) throw bad(`"${pair}" is not key=value`);
    if (key === "timeout") {
      spec.timeoutMs = parseDuration(value, `${where} timeout`);
      if (spec.timeoutMs < 100 || spec.timeoutMs > 60_000) throw bad("timeout is from 100ms to 60s");
      continue;
    }
    if (key === "ramp") {
      spec.rampMs = parseDuration(value, `${where} ramp`);
      if (spec.rampMs > 60_000) throw bad("ramp is from 0s to 60s");
      continue;
    }
    if (!(key in LIMITS)) throw bad(`unknown key "${key}" (known: rate, concurrency, writes, timeout, ramp)`);
    const number = Number(value);
    const [min, max] = LIMITS[key as keyof typeof LIMITS];
    if (!Number.isFinite(number) || number < min || number > max || (key !== "writes" && !Number.isInteger(number))) {
      throw bad(`${key} is ${key === "writes" ? "a share" : "a whole number"} from ${min} to ${max}`);
    }
    if (key === "writes") spec.writeShare = number;
    else spec[key as "rate" | "concurrency"] = number;
  }
  if ((spec.rate === undefined) === (spec.concurrency === undefined)) throw bad("give either rate=N or concurrency=N");
  return spec;
}
