import { repositoryOf, tagOf } from "../images/image-catalog.ts";
import { REGISTRY_ADDRESS } from "../lab/lab-context.ts";

/** An image as the hosts pull it: from the lab registry, same repository and tag. */
export function labImage(reference: string): string {
  return `${REGISTRY_ADDRESS}/${repositoryOf(reference)}:${tagOf(reference)}`;
}
