/**
 * The images a lab runs itself (outer-engine references): the hosts, the registry already
 * holding the stack's images, the edge (an HAProxy), and the base the fault journal and
 * security probes run. Built before the lab starts (images/), handed to it.
 */
export interface LabImages {
  base: string;
  host: string;
  agent: string;
  haproxy: string;
  registrySeeded: string;
  /**
   * A prepared data root (a volume, see prepared-root.ts) each host's engine starts from,
   * holding the agent and the stack's baseline images. Without it hosts are handed the
   * agent and pull the stack's images when it is deployed.
   */
  preparedRoot?: string;
}
