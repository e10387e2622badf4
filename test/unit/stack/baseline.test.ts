import assert from "node:assert/strict";
import type { ClusterSnapshot, ServiceState } from "../../../src/platform/cluster-snapshot.ts";
import { offBaseline } from "../../../src/stack/baseline.ts";
import type { DeployedStack } from "../../../src/stack/deployed-stack.ts";
import { loadStack } from "../../../src/stack/load-stack.ts";

const registry = { image: (ref: string) => `registry:5000/${ref}` };

function service(name: string, image: string): ServiceState {
  return { id: name, name, stack: "wp", mode: "replicated", replicas: 1, image, createdAt: 1 };
}

function snapshot(...services: ServiceState[]): ClusterSnapshot {
  return { at: 1, nodes: [], services, tasks: [] };
}

describe("the baseline's images", () => {
  let deployed: DeployedStack;
  before(async () => {
    const stack = await loadStack("wordpress");
    deployed = { stack, images: { images: { wordpress: "firedrill/wp-wordpress:aaa", mariadb: "firedrill/wp-mariadb:bbb" }, next: "firedrill/wp-wordpress:ccc-v2", broken: "firedrill/wp-wordpress:ddd-v3-broken" }, secrets: {}, seedId: "1" };
  });

  it("finds nothing off the baseline when every service runs its baseline image (digests pinned by Swarm aside)", () => {
    const s = snapshot(service("wp_wordpress", "registry:5000/firedrill/wp-wordpress:aaa@sha256:1234"), service("wp_db", "registry:5000/firedrill/wp-mariadb:bbb"), service("wp_lb", "registry:5000/firedrill/haproxy:x"));
    assert.deepEqual(offBaseline(s, deployed, registry), []);
  });

  it("names a service a failed rollout left on the next version", () => {
    const s = snapshot(service("wp_wordpress", "registry:5000/firedrill/wp-wordpress:ccc-v2@sha256:99"), service("wp_db", "registry:5000/firedrill/wp-mariadb:bbb"));
    assert.deepEqual(offBaseline(s, deployed, registry), ["wp_wordpress runs registry:5000/firedrill/wp-wordpress:ccc-v2"]);
  });

  it("looks only at the stack's own namespace", () => {
    assert.deepEqual(offBaseline(snapshot({ ...service("green_wordpress", "registry:5000/firedrill/wp-wordpress:ccc-v2"), stack: "green" }), deployed, registry), []);
  });
});
