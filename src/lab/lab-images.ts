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
}
