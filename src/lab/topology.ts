/** Labels on the registry container that let another process find its way around the lab. */
export const LAB_LABEL = { images: "firedrill.images", topology: "firedrill.topology" } as const;

export interface Topology {
  hosts: number;
  managers: number;
  pinnedHost: string;
}
