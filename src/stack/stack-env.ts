import type { ImageSet } from "../images/image-catalog.ts";
import { repository, tagOf } from "../images/image-catalog.ts";
import { REGISTRY_ADDRESS } from "../lab/lab-context.ts";

/** An app image as the hosts pull it: from the lab registry, same repository and tag. */
export function labImage(reference: string): string {
  const role = reference.slice(reference.indexOf("/") + 1, reference.lastIndexOf(":"));
  return `${REGISTRY_ADDRESS}/${repository(role)}:${tagOf(reference)}`;
}

export interface StackSettings {
  wordpressReplicas: number;
  lbPort: number;
  /** Another WordPress version of the image set (an outer-engine reference, e.g. images.wordpressV2). */
  wordpressImage?: string;
  /** false: WordPress without HEALTHCHECK and an lb that does not check tasks. */
  healthChecks?: boolean;
}

/** The compose files for the settings, in `docker stack deploy -c` order. */
export function wordpressComposeFiles(settings: StackSettings): string[] {
  return ["wordpress.yml", ...(settings.healthChecks === false ? ["overrides/no-health-checks.yml"] : [])];
}

/** The variables stacks/wordpress.yml is written against. */
export function wordpressStackEnv(images: ImageSet, settings: StackSettings): Record<string, string> {
  return {
    FIREDRILL_MARIADB_IMAGE: labImage(images.mariadb),
    FIREDRILL_WORDPRESS_IMAGE: labImage(settings.wordpressImage ?? images.wordpress),
    FIREDRILL_HAPROXY_IMAGE: labImage(images.haproxy),
    FIREDRILL_WORDPRESS_REPLICAS: String(settings.wordpressReplicas),
    FIREDRILL_LB_PORT: String(settings.lbPort),
    FIREDRILL_LB_VARIANT: settings.healthChecks === false ? "unchecked" : "checked",
  };
}
