import type { ProbeExpectation } from "../probe/probe-expectation.ts";
import { type DeployedStack, valuesOf } from "./deployed-stack.ts";
import { render } from "./template.ts";

/** The probe's request for a deployed stack: the manifest's path and expectation, with the seed's id filled in. */
export function probeSpec(deployed: DeployedStack): { path: string; expect: ProbeExpectation; versionHeader: string } {
  const m = deployed.stack.manifest;
  const values = valuesOf(deployed);
  const json = m.probe.expect.json;
  return {
    path: render(m.probe.path, values),
    expect: {
      status: m.probe.expect.status,
      ...(json ? { json: { field: json.field, equals: render(json.equals, values) } } : {}),
      ...(m.probe.expect.bodyIncludes ? { bodyIncludes: render(m.probe.expect.bodyIncludes, values) } : {}),
    },
    versionHeader: m.versions.header,
  };
}
