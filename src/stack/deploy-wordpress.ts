import { randomBytes } from "node:crypto";
import type { StartedLab } from "../lab/started-lab.ts";
import { LABEL } from "../lab/labels.ts";
import { convergence, describeConvergence, isConverged } from "../platform/convergence.ts";
import { SwarmPlatform } from "../platform/swarm-platform.ts";
import { log } from "../util/log.ts";
import { waitFor } from "../util/wait-for.ts";
import { pullOnHost } from "./distribute-images.ts";
import { labImage, wordpressComposeFiles, wordpressStackEnv } from "./stack-env.ts";
import { installInTask } from "./install-wordpress.ts";
import { checkServing, createPost, getPost, SEED_POST_TITLE, type WordPressAdmin } from "./wordpress-client.ts";

export const WORDPRESS_STACK = "wp";
const SECRET_NAME = "firedrill_db_password";
/** Where the WordPress login and seed post id are kept, on the manager, readable by root only. */
export const SITE_FILE = "/etc/firedrill/wordpress-site.json";

export interface DeployedSite {
  stack: string;
  admin: WordPressAdmin;
  seedPostId: number;
}

export interface DeployOptions {
  wordpressReplicas?: number;
}

/**
 * Puts the WordPress stack on a started lab and waits until it is ready: images on the
 * hosts, WordPress installed (from inside a task: nothing routes to it before), the
 * stack converged, the seed post written, and that post served through the edge and
 * through every host's port 80.
 */
export async function deployWordPress(lab: StartedLab, options: DeployOptions = {}): Promise<DeployedSite> {
  const platform = new SwarmPlatform(lab);
  const { budgets } = lab.options;
  const phase = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const t0 = Date.now();
    log("stack", `${name}...`);
    const value = await step();
    lab.timings.push([name, Date.now() - t0]);
    log("stack", `${name}: ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    return value;
  };

  await phase("images distributed", () =>
    Promise.all(
      lab.hosts.map((host) => {
        // Every host may run WordPress and runs an lb; only the pinned host runs MariaDB.
        const onDbHost = host.name === lab.dbHost;
        const refs = [lab.images.wordpress, lab.images.haproxy, ...(onDbHost ? [lab.images.mariadb] : [])].map(labImage);
        return pullOnHost(host, refs, lab.credentials);
      }),
    ),
  );

  await phase("stack deployed", async () => {
    await ensureSecret(lab, SECRET_NAME);
    const settings = { wordpressReplicas: options.wordpressReplicas ?? 2, lbPort: 80 };
    await platform.deployStack(WORDPRESS_STACK, wordpressComposeFiles(settings), wordpressStackEnv(lab.images, settings));
  });

  // Before convergence: a WordPress task is healthy (and so running) only once installed.
  const admin: WordPressAdmin = { user: "firedrill", password: randomBytes(15).toString("base64url") };
  await phase("wordpress installed", () => installInTask(lab, `${WORDPRESS_STACK}_wordpress`, admin, budgets.installMs));

  await phase("stack converged", async () => {
    await waitFor({ phase: "stack converged", budgetMs: budgets.convergeMs, intervalMs: 500 }, async () => {
      const snapshot = await platform.snapshot();
      const services = snapshot.services.filter((s) => s.stack === WORDPRESS_STACK);
      if (services.length === 0 || !isConverged(snapshot, services)) {
        const errors = snapshot.tasks.filter((t) => t.error).map((t) => `${t.service}@${t.host}: ${t.error}`);
        throw new Error(`${describeConvergence(convergence(snapshot, services))}${errors.length ? `; ${errors.slice(-3).join("; ")}` : ""}`);
      }
    });
  });

  const seedPostId = await phase("seed post written", async () => {
    // The lb and the edge let a task in once their own checks have seen it answer 200.
    await waitFor({ phase: "wordpress: served through the edge", budgetMs: budgets.installMs, intervalMs: 500 }, () =>
      checkServing(lab.edge.url),
    );
    return createPost(lab.edge.url, admin, SEED_POST_TITLE, "Written when the lab came up; every scenario checks it is still here.");
  });
  const site: DeployedSite = { stack: WORDPRESS_STACK, admin, seedPostId };
  await lab.manager.sh(`umask 077; mkdir -p /etc/firedrill; cat > ${SITE_FILE}`, { stdin: JSON.stringify(site) });

  await phase("seed post served everywhere", () => waitUntilServedEverywhere(lab, seedPostId, budgets.installMs));
  return site;
}

/** Ready means the seed post comes back through the edge and through each host's port 80. */
export async function waitUntilServedEverywhere(lab: StartedLab, postId: number, budgetMs: number): Promise<void> {
  const targets = [{ name: "edge", url: lab.edge.url }, ...lab.hosts.map((h) => ({ name: h.name, url: h.httpUrl }))];
  await waitFor({ phase: "seed post served through the edge and every host", budgetMs, intervalMs: 500 }, async () => {
    const missing: string[] = [];
    await Promise.all(
      targets.map(async (t) => {
        const post = await getPost(t.url, postId, 5000).catch((e: Error) => ({ title: e.message }));
        if (post.title !== SEED_POST_TITLE) missing.push(`${t.name} (${post.title})`);
      }),
    );
    if (missing.length > 0) throw new Error(`not served by ${missing.join(", ")}`);
  });
}

async function ensureSecret(lab: StartedLab, name: string): Promise<void> {
  const docker = lab.manager.docker;
  const existing = (await docker.listSecrets({ filters: { name: [name] } })) as Array<{ Spec: { Name: string } }>;
  if (existing.some((s) => s.Spec.Name === name)) return;
  await docker.createSecret({
    Name: name,
    Labels: { [LABEL.run]: lab.runId },
    Data: Buffer.from(randomBytes(18).toString("base64url")).toString("base64"),
  });
}
