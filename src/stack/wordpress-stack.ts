import type { StartedLab } from "../lab/started-lab.ts";
import type { Platform } from "../platform/platform.ts";
import { WORDPRESS_STACK } from "./deploy-wordpress.ts";
import { type StackSettings, wordpressComposeFiles, wordpressStackEnv } from "./stack-env.ts";

/** The WordPress stack as the lab starts it: v1, two replicas, health checks on. */
export const BASELINE_SETTINGS: StackSettings = { wordpressReplicas: 2, lbPort: 80, healthChecks: true };

/**
 * (Re)deploys the WordPress stack with `changes` applied to the baseline, the way a
 * pipeline would: `docker stack deploy`, which rolls out only what changed.
 */
export async function deployWordPressStack(lab: StartedLab, platform: Platform, changes: Partial<StackSettings> = {}): Promise<void> {
  const settings = { ...BASELINE_SETTINGS, ...changes };
  await platform.deployStack(WORDPRESS_STACK, wordpressComposeFiles(settings), wordpressStackEnv(lab.images, settings));
}
