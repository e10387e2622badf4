import path from "node:path";
import tar from "tar-fs";
import { hostOfNode } from "../lab/form-swarm.ts";
import { STACKS_ON_MANAGER } from "../lab/run-files.ts";
import type { StartedLab } from "../lab/started-lab.ts";
import { waitFor } from "../util/wait-for.ts";
import type { ClusterSnapshot, NodeState, ServiceState, TaskState } from "./cluster-snapshot.ts";
import type { Platform, StackBundle } from "./platform.ts";


interface SwarmNodeJson {
  ID: string;
  Description: { Hostname: string };
  Status: { State: string };
  Spec: { Availability: string; Role: string; Labels?: Record<string, string> };
}
interface SwarmServiceJson {
  ID: string;
  CreatedAt: string;
  Spec: {
    Name: string;
    Labels?: Record<string, string>;
    Mode: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate: { ContainerSpec: { Image: string } };
  };
  UpdateStatus?: { State?: string; Message?: string };
}
interface SwarmTaskJson {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  DesiredState: string;
  Status: { State: string; Err?: string; Message?: string; Timestamp: string; ContainerStatus?: { ContainerID?: string } };
  Spec: { ContainerSpec: { Image: string } };
}

/** Docker Swarm, driven through the manager's engine API and its docker CLI. */
export class SwarmPlatform implements Platform {
  constructor(private readonly lab: StartedLab) {}

  async snapshot(): Promise<ClusterSnapshot> {
    // Stamped at the ask: the three lists answer one by one (each up to its timeout), and
    // the view is only as fresh as its oldest list.
    const at = Date.now();
    const docker = this.lab.manager.engine(10_000);
    const [nodes, services, tasks] = (await Promise.all([docker.listNodes(), docker.listServices(), docker.listTasks()])) as [
      SwarmNodeJson[],
      SwarmServiceJson[],
      SwarmTaskJson[],
    ];
    const hostOf = new Map(nodes.map((n) => [n.ID, hostOfNode(n)]));
    const serviceName = new Map(services.map((s) => [s.ID, s.Spec.Name]));
    return {
      at,
      answeredAt: Date.now(),
      nodes: nodes.map(
        (n): NodeState => ({
          id: n.ID,
          host: hostOfNode(n),
          state: n.Status.State,
          availability: n.Spec.Availability,
          manager: n.Spec.Role === "manager",
          labels: n.Spec.Labels ?? {},
        }),
      ),
      services: services.map(
        (s): ServiceState => ({
          id: s.ID,
          name: s.Spec.Name,
          stack: s.Spec.Labels?.["com.docker.stack.namespace"] ?? "",
          mode: s.Spec.Mode.Global ? "global" : "replicated",
          replicas: s.Spec.Mode.Replicated?.Replicas,
          image: s.Spec.TaskTemplate.ContainerSpec.Image,
          createdAt: Date.parse(s.CreatedAt),
          updateState: s.UpdateStatus?.State,
          updateMessage: s.UpdateStatus?.Message,
        }),
      ),
      tasks: tasks.map(
        (t): TaskState => ({
          id: t.ID,
          serviceId: t.ServiceID,
          service: serviceName.get(t.ServiceID) ?? t.ServiceID,
          host: (t.NodeID && hostOf.get(t.NodeID)) || t.NodeID || "",
          desired: t.DesiredState,
          state: t.Status.State,
          error: t.Status.Err || undefined,
          message: t.Status.Message,
          image: t.Spec.ContainerSpec.Image,
          containerId: t.Status.ContainerStatus?.ContainerID,
          at: Date.parse(t.Status.Timestamp),
        }),
      ),
    };
  }

  /** The manager's CLI is logged in to the lab registry (at lab start), and
   * --with-registry-auth hands that login to every node that pulls. */
  async deployStack(stack: string, bundle: StackBundle, env: Record<string, string>): Promise<void> {
    this.lab.deployedStacks.add(stack);
    const dir = path.posix.join(STACKS_ON_MANAGER, stack);
    await this.copyBundle(bundle, dir);
    const files = [...bundle.compose, ...Object.keys(bundle.generated).filter((f) => f.endsWith(".yml"))].flatMap((f) => ["-c", path.posix.join(dir, f)]);
    await this.lab.manager.execOrThrow(["docker", "stack", "deploy", "--with-registry-auth", "--prune", ...files, stack], {
      env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    });
  }

  /**
   * Removes a stack and waits until its services and networks are gone. `docker stack rm`
   * returns before the tasks have stopped, and a network still in use (by a task shutting
   * down, or another stack's service) is left behind, so it is repeated until clean.
   */
  async removeStack(stack: string, budgetMs = 60_000): Promise<void> {
    const docker = this.lab.manager.engine(10_000);
    const filters = { label: [`com.docker.stack.namespace=${stack}`] };
    await waitFor({ phase: `stack ${stack} removed`, budgetMs, intervalMs: 1000 }, async () => {
      await this.lab.manager.exec(["docker", "stack", "rm", stack]);
      const [services, networks] = await Promise.all([docker.listServices({ filters }), docker.listNetworks({ filters })]);
      if (services.length + networks.length > 0) {
        throw new Error(`${services.length} service(s) and ${networks.length} network(s) left`);
      }
    });
  }

  /** Copies the stack's folder (not its image contexts) and the generated files to `dir` on the manager, afresh. */
  private async copyBundle(bundle: StackBundle, dir: string): Promise<void> {
    const manager = this.lab.manager;
    await manager.execOrThrow(["sh", "-c", `rm -rf '${dir}' && mkdir -p '${dir}'`]);
    const pack = tar.pack(bundle.dir, {
      ignore: (name) => path.relative(bundle.dir, name).split(path.sep)[0] === "images",
      finalize: false,
      finish: (p) => {
        for (const [name, content] of Object.entries(bundle.generated)) p.entry({ name, mode: 0o644 }, content);
        p.finalize();
      },
    });
    const chunks: Buffer[] = [];
    for await (const chunk of pack) chunks.push(chunk as Buffer);
    await manager.putArchive(Buffer.concat(chunks), dir);
  }
}
