import { type DeployedStack, valuesOf } from "../stack/deployed-stack.ts";
import { writeRequest } from "../stack/item-client.ts";
import { probeSpec, renderExpectation } from "../stack/probe-spec.ts";
import { render } from "../stack/template.ts";
import { type LoadTarget, TITLE_MARK } from "./load-traffic.ts";

/** The load's requests for a deployed stack: its probe read (weight 1), its declared load reads, and its durability write. */
export function loadTarget(edgeUrl: string, deployed: DeployedStack, label: string): LoadTarget {
  const manifest = deployed.stack.manifest;
  const values = valuesOf(deployed);
  const probe = probeSpec(deployed);
  const declared = (manifest.load?.reads ?? []).map((r) => ({
    path: render(r.path, values),
    expect: renderExpectation(r.expect, values),
    weight: r.weight,
  }));
  return {
    baseUrl: edgeUrl,
    reads: [{ path: probe.path, expect: probe.expect, weight: 1 }, ...declared],
    write: writeRequest(manifest, values, TITLE_MARK),
    written: { status: manifest.items.write.status, id: manifest.items.write.id },
    label,
  };
}
