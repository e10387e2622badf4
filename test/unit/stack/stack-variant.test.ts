import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "yaml";
import type { DeployedStack } from "../../../src/stack/deployed-stack.ts";
import { RegistryCredentials } from "../../../src/docker/registry-credentials.ts";
import { LabRegistry } from "../../../src/lab/lab-registry.ts";
import { lbCompose, noHealthCheckCompose, frontCompose, quickRolloutCompose } from "../../../src/stack/lb-compose.ts";
import { loadStack } from "../../../src/stack/load-stack.ts";
import { stackEnv, versionImage, versionName } from "../../../src/stack/stack-variant.ts";

async function deployedOf(name: string): Promise<DeployedStack> {
  const stack = await loadStack(name);
  const keys = Object.keys(stack.manifest.images);
  return {
    stack,
    images: { images: Object.fromEntries(keys.map((k) => [k, `firedrill/${name}-${k}:aaa`])), next: `firedrill/${name}-x:bbb-next`, broken: `firedrill/${name}-x:ccc-broken` },
    secrets: {},
    seedId: "1",
  };
}

const registry = new LabRegistry({ address: "registry:5000", url: "http://127.0.0.1:1", containerId: "x", credentials: new RegistryCredentials("u", "password1") });

describe("stack variables", () => {
  it("names each image as the hosts pull it, from the lab registry with the same repository and tag", () => {
    assert.equal(registry.image("firedrill/wordpress-wordpress:eee"), "registry:5000/firedrill/wordpress-wordpress:eee");
    const fleet = new LabRegistry({ address: "10.0.0.5:5000", url: "https://10.0.0.5:5000", containerId: "x", credentials: new RegistryCredentials("u", "password1"), ca: "" });
    assert.equal(fleet.image("firedrill/notes-app:eee-v2"), "10.0.0.5:5000/firedrill/notes-app:eee-v2");
  });

  it("fill FIREDRILL_IMAGE_<KEY> for every image and FIREDRILL_REPLICAS; a version replaces the versioned image", async () => {
    const deployed = await deployedOf("wordpress");
    assert.deepEqual(stackEnv(deployed, registry), {
      FIREDRILL_REPLICAS: "2",
      FIREDRILL_IMAGE_MARIADB: "registry:5000/firedrill/wordpress-mariadb:aaa",
      FIREDRILL_IMAGE_WORDPRESS: "registry:5000/firedrill/wordpress-wordpress:aaa",
    });
    assert.equal(stackEnv(deployed, registry, { version: "next", replicas: 3 }).FIREDRILL_IMAGE_WORDPRESS, "registry:5000/firedrill/wordpress-x:bbb-next");
    assert.equal(stackEnv(deployed, registry, { version: "next", replicas: 3 }).FIREDRILL_REPLICAS, "3");
    assert.equal(versionImage(deployed, "broken"), "firedrill/wordpress-x:ccc-broken");
    assert.equal(versionName(deployed, "next"), "v2");
  });

  for (const name of ["wordpress", "notes"]) {
    it(`stacks/${name}'s compose files use no variable firedrill does not fill`, async () => {
      const deployed = await deployedOf(name);
      const m = deployed.stack.manifest;
      const filled = new Set(Object.keys(stackEnv(deployed, registry)));
      for (const file of [...m.compose, ...(m.blueGreen ? [m.blueGreen.compose] : [])]) {
        const text = await readFile(path.join(deployed.stack.dir, file), "utf8");
        const used = new Set([...text.replace(/^\s*#.*$/gm, "").matchAll(/\$\{([A-Z0-9_]+)/g)].map((x) => x[1]!));
        assert.deepEqual([...used].filter((v) => !filled.has(v)), [], file);
      }
    });

    it(`stacks/${name}'s traffic network, services and stateful label are in its compose file`, async () => {
      const deployed = await deployedOf(name);
      const m = deployed.stack.manifest;
      const compose = parse(await readFile(path.join(deployed.stack.dir, m.compose[0]!), "utf8")) as {
        services: Record<string, { networks?: string[]; deploy?: { placement?: { constraints?: string[] } } }>;
        networks: Record<string, unknown>;
      };
      for (const service of m.services) assert.ok(compose.services[service], `service ${service}`);
      assert.ok(compose.networks[m.traffic.network], `network ${m.traffic.network}`);
      assert.ok(compose.services[m.traffic.service]!.networks!.includes(m.traffic.network));
      assert.deepEqual(compose.services[m.stateful.service]!.deploy?.placement?.constraints, [`node.labels.${m.stateful.label} == true`]);
    });
  }
});

describe("firedrill's lb, added to a stack", () => {
  it("joins the traffic network, targets the traffic service and port, checks its health path, publishes the port in host mode", async () => {
    const { stack } = await deployedOf("notes");
    const files = lbCompose(stack.manifest, { image: "registry:5000/firedrill/haproxy:fff", port: 80, checked: true });
    const compose = parse(files["firedrill-lb.yml"]!) as { services: { lb: Record<string, unknown> }; configs: Record<string, { name: string; file: string }> };
    const lb = compose.services.lb as { environment: Record<string, string>; networks: string[]; ports: Array<Record<string, unknown>>; deploy: { mode: string } };
    assert.deepEqual(lb.environment, { FIREDRILL_TARGET: "app", FIREDRILL_TARGET_PORT: "8080", FIREDRILL_HEALTH_PATH: "/health" });
    assert.deepEqual(lb.networks, ["front"]);
    assert.deepEqual(lb.ports, [{ target: 80, published: 80, protocol: "tcp", mode: "host" }]);
    assert.equal(lb.deploy.mode, "global");
    const config = compose.configs.firedrill_lb!;
    assert.match(config.name, /^firedrill_lb_[0-9a-f]{8}_checked$/);
    assert.match(files[config.file.slice(2)]!, /http-check expect status 200/);
  });

  it("without health checks: an lb that does not check, a differently named config, and the declared health check disabled", async () => {
    const { stack } = await deployedOf("wordpress");
    const files = lbCompose(stack.manifest, { image: "x", port: 8080, checked: false });
    const compose = parse(files["firedrill-lb.yml"]!) as { configs: Record<string, { name: string; file: string }> };
    assert.match(compose.configs.firedrill_lb!.name, /_unchecked$/);
    assert.doesNotMatch(files[compose.configs.firedrill_lb!.file.slice(2)]!, /httpchk/);
    assert.deepEqual(parse(noHealthCheckCompose("wordpress")["firedrill-no-health-check.yml"]!), { version: "3.8", services: { wordpress: { healthcheck: { disable: true } } } });
  });

  it("a harness rollout watches each task for 1 s (traffic service and lb), keeping the stack's order and parallelism; otherwise the lb keeps Swarm's", async () => {
    const { stack } = await deployedOf("wordpress");
    assert.deepEqual(parse(quickRolloutCompose("wordpress")["firedrill-quick-rollout.yml"]!), { version: "3.8", services: { wordpress: { deploy: { update_config: { monitor: "1s", delay: "0s" } } } } });
    const lbOf = (quick?: boolean) => (parse(lbCompose(stack.manifest, { image: "x", port: 80, checked: true, quick })["firedrill-lb.yml"]!) as { services: { lb: { deploy: { update_config: Record<string, string> } } } }).services.lb.deploy.update_config;
    assert.deepEqual(lbOf(true), { order: "stop-first", monitor: "1s" });
    assert.deepEqual(lbOf(), { order: "stop-first" });
  });

  it("the blue-green front joins both colours' traffic networks and targets the active colour's service", async () => {
    const { stack } = await deployedOf("wordpress");
    const files = frontCompose(stack.manifest, "x", { blue: "wp", green: "green" }, "green_wordpress");
    const compose = parse(files["firedrill-front.yml"]!) as { services: { lb: { networks: string[]; environment: Record<string, string> } }; networks: Record<string, { external: boolean }> };
    assert.deepEqual(compose.services.lb.networks, ["wp_frontend", "green_frontend"]);
    assert.equal(compose.services.lb.environment.FIREDRILL_TARGET, "green_wordpress");
    assert.deepEqual(compose.networks, { wp_frontend: { external: true }, green_frontend: { external: true } });
  });
});
