import type { DeployedStack } from "../stack/deployed-stack.ts";
import path from "node:path";
import { probeSpec } from "../stack/probe-spec.ts";
import { paths } from "../util/paths.ts";
import { K6Traffic } from "./k6-traffic.ts";
import { LoadTraffic } from "./load-traffic.ts";
import { loadTarget } from "./load-target.ts";
import type { TrafficGenerator } from "./traffic-generator.ts";
import type { TrafficSpec } from "./traffic-spec.ts";

/** The generator for a scenario's traffic, or none when the probe runs alone. */
export function trafficFor(spec: TrafficSpec | undefined, edgeUrl: string, deployed: DeployedStack, scenario: string): TrafficGenerator | undefined {
  switch (spec?.kind) {
    case undefined:
    case "probe":
      return undefined;
    case "load":
      return new LoadTraffic(spec, loadTarget(edgeUrl, deployed, scenario));
    case "k6":
      if (!spec.executable) throw new Error(`${spec.text}: the plan found no k6 to run it`);
      return new K6Traffic({
        executable: spec.executable,
        script: spec.script,
        baseUrl: edgeUrl,
        outDir: path.join(paths.reports, "k6", scenario),
        vars: { PROBE_PATH: probeSpec(deployed).path },
      });
  }
}
