import type { LabContainerBinding } from "../../src/lab/lab-container-binding.ts";
import assert from "node:assert/strict";
import { LABEL } from "../../src/docker/labels.ts";
import { SwarmPlatform } from "../../src/platform/swarm-platform.ts";
import { readItems } from "../../src/stack/item-client.ts";
import { valuesOf } from "../../src/stack/deployed-stack.ts";
import type { LabWithStack } from "../../src/drill/bring-up.ts";
import { SHARED_LAB_BUDGET_MS, sharedLab } from "./shared-lab.ts";
import { runOnce } from "../../src/docker/run-once.ts";
import { pullOnHost } from "../../src/lab/pull-images.ts";

describe("a started lab with WordPress (real engine)", function () {
  this.timeout(60_000);
  let shared: LabWithStack;

  before(async function () {
    this.timeout(SHARED_LAB_BUDGET_MS);
    shared = await sharedLab();
  });

  it("makes every host a Ready Swarm node, the first one the manager", async () => {
    const snapshot = await new SwarmPlatform(shared.lab).snapshot();
    assert.deepEqual(snapshot.nodes.map((n) => [n.host, n.state, n.manager]).sort(), [
      ["host-1", "ready", true],
      ["host-2", "ready", false],
      ["host-3", "ready", false],
    ]);
    const db = snapshot.nodes.find((n) => n.labels["firedrill.db"] === "true");
    assert.equal(db?.host, shared.lab.pinnedHost);
  });

  it("serves the seed item (a WordPress post) through the edge and through each host's port 80", async () => {
    const { deployed } = shared;
    for (const url of [shared.lab.edge.url, ...shared.lab.hosts.map((h) => h.httpUrl)]) {
      const items = await readItems(url, deployed.stack.manifest, valuesOf(deployed), [deployed.seedId]);
      assert.deepEqual(items, [{ id: deployed.seedId, title: "firedrill seed post" }], `through ${url}`);
    }
  });

  it("runs WordPress with 2 replicas on different hosts, MariaDB on the labelled host (the last, a worker), an lb on every host", async () => {
    const snapshot = await new SwarmPlatform(shared.lab).snapshot();
    const running = (service: string) =>
      snapshot.tasks.filter((t) => t.service === service && t.state === "running" && t.desired === "running").map((t) => t.host).sort();
    assert.equal(new Set(running("wp_wordpress")).size, 2);
    assert.deepEqual(running("wp_db"), [shared.lab.pinnedHost]);
    assert.equal(shared.lab.pinnedHost, "host-3");
    assert.deepEqual(running("wp_lb"), ["host-1", "host-2", "host-3"]);
  });

  it("starts every host's engine from its own copy of the prepared data root: the baseline and the agent in place, with their registry digests", async () => {
    const { lab } = shared;
    const root = lab.images.preparedRoot;
    assert.ok(root, "the lab was started without a prepared data root");
    const baseline = [lab.images.haproxy, ...Object.values(shared.deployed.images.images)].map((ref) => lab.registry.image(ref));
    for (const host of lab.hosts) {
      for (const ref of baseline) {
        const image = await host.docker.getImage(ref).inspect();
        // Pulled from a registry, not loaded: Swarm runs a digest-pinned task from it without pulling.
        assert.ok(image.RepoDigests.some((d) => d.startsWith(ref.split(":")[0]!)), `${host.name}: ${ref} has no registry digest`);
      }
      await host.docker.getImage(lab.images.agent).inspect();
    }
  });

  it("gives no two engines one image store: an image removed from one host stays on the others and in the prepared root", async () => {
    const { lab } = shared;
    // The database image, on a host that does not run the database: nothing there uses it.
    const ref = lab.registry.image(shared.deployed.images.images["mariadb"]!);
    const [host, other] = lab.hosts.filter((h) => h.name !== lab.pinnedHost);
    await host!.docker.getImage(ref).remove();
    try {
      await assert.rejects(host!.docker.getImage(ref).inspect(), /no such image/i);
      await other!.docker.getImage(ref).inspect();
      const check = await runOnce(lab.outer, {
        image: lab.images.base,
        command: ["sh", "-c", "test -f /root/.firedrill-complete && ls /root/overlay2 | wc -l"],
        labels: { [LABEL.run]: lab.runId },
        hostConfig: { Binds: [`${lab.images.preparedRoot}:/root:ro`] },
      });
      assert.equal(check.exitCode, 0, check.output);
      assert.ok(Number(check.output.trim()) > 5, `the root holds ${check.output} layers`);
    } finally {
      // Put it back as a host gets it: pulled from the lab registry.
      await pullOnHost(host!, [ref], lab.registry);
    }
  });

  it("labels every container, network and volume of the run with firedrill.run", async () => {
    const { outer, runId } = shared.lab;
    const prefix = `fd-${runId}-`;
    const containers = await outer.listContainers({ all: true, filters: { name: [prefix] } });
    const networks = await outer.listNetworks({ filters: { name: [prefix] } });
    const volumes = (await outer.listVolumes({ filters: { name: [prefix] } })).Volumes ?? [];
    assert.equal(containers.length, 5, "registry, edge and three hosts");
    assert.equal(networks.length, 1);
    assert.equal(volumes.length, 3, "one engine volume per host");
    for (const labels of [...containers.map((c) => c.Labels), ...networks.map((n) => n.Labels), ...volumes.map((v) => v.Labels)]) {
      assert.equal(labels?.[LABEL.run], runId);
    }
  });

  it("puts the lab on its own network only, with ports published on loopback only", async () => {
    for (const host of shared.lab.hosts) {
      const inspect = await shared.lab.outer.getContainer((host.binding as LabContainerBinding).containerId).inspect();
      assert.deepEqual(Object.keys(inspect.NetworkSettings.Networks), [shared.lab.network]);
      for (const bindings of Object.values(inspect.NetworkSettings.Ports)) {
        for (const b of bindings ?? []) assert.equal(b.HostIp, "127.0.0.1");
      }
    }
  });

  it("refuses anonymous pulls from the lab registry", async () => {
    const response = await fetch(`${shared.lab.registry.url}/v2/_catalog`);
    assert.equal(response.status, 401);
    const authorised = await fetch(`${shared.lab.registry.url}/v2/_catalog`, {
      headers: { authorization: `Basic ${Buffer.from(`${shared.lab.credentials.user}:${shared.lab.credentials.reveal()}`).toString("base64")}` },
    });
    const catalog = (await authorised.json()) as { repositories: string[] };
    assert.deepEqual(catalog.repositories.sort(), ["firedrill/haproxy", "firedrill/wp-mariadb", "firedrill/wp-wordpress"]);
  });
});
