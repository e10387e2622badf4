import { existsSync, statSync } from "node:fs";
import { environmentError, inputError } from "../errors/firedrill-error.ts";
import { findK6, K6_INSTALL_HINT } from "./k6-executable.ts";
import type { TrafficSpec } from "./traffic-spec.ts";

/**
 * Makes sure a traffic profile can run before anything starts: a k6 script that is there
 * and a k6 to run it. Where k6 is missing, `k6:` is refused; never a silent fall-back to
 * firedrill's own load, which would certify against traffic nobody asked for.
 */
export function resolveTraffic(spec: TrafficSpec, where: string): TrafficSpec {
  if (spec.kind !== "k6") return spec;
  if (!existsSync(spec.script) || !statSync(spec.script).isFile()) {
    throw inputError("TRAFFIC_INVALID", `${where} = "${spec.text}": the script ${spec.script} is not there`, "Give the path of a k6 script, relative to the current directory (for example k6:examples/k6/edge-read.ts).");
  }
  const executable = findK6();
  if (!executable) {
    throw environmentError("K6_NOT_FOUND", `${where} = "${spec.text}": no k6 on PATH and FIREDRILL_K6 is not set`, `${K6_INSTALL_HINT} Or use firedrill's own load: --traffic load:rate=N.`);
  }
  return { ...spec, executable };
}
