import type { Stack } from "./stack.ts";
import type { StackImageRefs } from "./stack-images.ts";
import { templateValues, type TemplateValues } from "./template.ts";

/**
 * A stack as deployed on a lab: what scenarios and the recorder need to reach it. The
 * secrets are here because the durability writes and the setup use them; they are never
 * logged, and on the lab they are kept in a root-only file on the manager.
 */
export interface DeployedStack {
  stack: Stack;
  /** The stack's images (outer-engine references), versions included. */
  images: StackImageRefs;
  secrets: Record<string, string>;
  /** The item written when the stack came up; every scenario checks it is still there. */
  seedId: string;
}

/** What `{{...}}` placeholders are filled with for this deployment. */
export function valuesOf(deployed: DeployedStack): TemplateValues {
  return templateValues(deployed.secrets, deployed.seedId);
}

/** Where the deployment is kept on the manager, readable by root only (for `--run` from another process). */
export { DEPLOYED_FILE } from "../lab/run-files.ts";
