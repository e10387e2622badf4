import assert from "node:assert/strict";
import { labImage, wordpressComposeFiles, wordpressStackEnv } from "../../src/stack/stack-env.ts";
import type { ImageSet } from "../../src/images/image-catalog.ts";

const images: ImageSet = {
  base: "firedrill/base:aaa",
  host: "firedrill/host:bbb",
  registry: "firedrill/registry:ccc",
  mariadb: "firedrill/mariadb:ddd",
  wordpress: "firedrill/wordpress:eee",
  haproxy: "firedrill/haproxy:fff",
  wordpressV2: "firedrill/wordpress:hhh-v2",
  wordpressBroken: "firedrill/wordpress:iii-v3-broken",
  registrySeeded: "firedrill/registry-seeded:ggg",
};

describe("stack variables", () => {
  it("names each app image as the hosts pull it, from the lab registry with the same tag", () => {
    assert.equal(labImage("firedrill/wordpress:eee"), "registry:5000/firedrill/wordpress:eee");
  });

  it("fills every variable stacks/wordpress.yml uses", () => {
    assert.deepEqual(wordpressStackEnv(images, { wordpressReplicas: 2, lbPort: 80 }), {
      FIREDRILL_MARIADB_IMAGE: "registry:5000/firedrill/mariadb:ddd",
      FIREDRILL_WORDPRESS_IMAGE: "registry:5000/firedrill/wordpress:eee",
      FIREDRILL_HAPROXY_IMAGE: "registry:5000/firedrill/haproxy:fff",
      FIREDRILL_WORDPRESS_REPLICAS: "2",
      FIREDRILL_LB_PORT: "80",
      FIREDRILL_LB_VARIANT: "checked",
    });
  });
});

describe("stack variants", () => {
  it("without health checks: the override file and the unchecked lb configuration", () => {
    const settings = { wordpressReplicas: 2, lbPort: 80, healthChecks: false };
    assert.deepEqual(wordpressComposeFiles(settings), ["wordpress.yml", "overrides/no-health-checks.yml"]);
    assert.equal(wordpressStackEnv(images, settings).FIREDRILL_LB_VARIANT, "unchecked");
  });

  it("every lb variant the stack can name has its configuration file", async () => {
    const { access } = await import("node:fs/promises");
    const { paths } = await import("../../src/util/paths.ts");
    for (const healthChecks of [true, false]) {
      const variant = wordpressStackEnv(images, { wordpressReplicas: 2, lbPort: 80, healthChecks }).FIREDRILL_LB_VARIANT;
      await access(`${paths.stacks}/lb-haproxy-${variant}.cfg`);
    }
  });
});

describe("stacks/wordpress.yml", () => {
  it("uses no variable that wordpressStackEnv does not fill", async () => {
    const { readFile } = await import("node:fs/promises");
    const { paths } = await import("../../src/util/paths.ts");
    const compose = await readFile(`${paths.stacks}/wordpress.yml`, "utf8");
    const used = new Set([...compose.replace(/^#.*$/gm, "").matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
    const filled = new Set(Object.keys(wordpressStackEnv(images, { wordpressReplicas: 2, lbPort: 80 })));
    assert.deepEqual([...used].filter((v) => !filled.has(v!)), []);
    assert.ok(used.size >= 5);
  });
});

describe("stack variables for another version", () => {
  it("name the version as the hosts pull it, from the lab registry", () => {
    const env = wordpressStackEnv(images, { wordpressReplicas: 2, lbPort: 80, wordpressImage: images.wordpressV2 });
    assert.equal(env.FIREDRILL_WORDPRESS_IMAGE, "registry:5000/firedrill/wordpress:hhh-v2");
  });
});
