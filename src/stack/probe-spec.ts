import type { ProbeExpectation } from "../probe/probe-expectation.ts";
import { type DeployedStack, valuesOf } from "./deployed-stack.ts";
import type { ItemExpectation } from "./stack-manifest.ts";
import { render, type TemplateValues } from "./template.ts";

/** The probe's request for a deployed stack: the manifest's path and expectation, with the seed's id filled in. */
export function probeSpec(deployed: DeployedStack): { path: string; expect: ProbeExpectation; versionHeader: string } {
  const m = deployed.stack.manifest;
  const values = valuesOf(deployed);
  return { path: render(m.probe.path, values), expect: renderExpectation(m.probe.expect, values), versionHeader: m.versions.header };
}

/** A manifest's expectation with its placeholders filled in. */
export function renderExpectation(expect: ItemExpectation, values: TemplateValues): ProbeExpectation {
  return {
    status: expect.status,
    ...(expect.json ? { json: { field: expect.json.field, equals: render(expect.json.equals, values) } } : {}),
    ...(expect.bodyIncludes ? { bodyIncludes: render(expect.bodyIncludes, values) } : {}),
  };
}
