import { z } from "zod";

/** Where a host's engine is: over TLS with a certificate directory, or over SSH. */
const engineUrl = z
  .string()
  .regex(/^(tcp:\/\/[^\s/:]+:\d+|ssh:\/\/[^\s@/]+@[^\s/:]+(:\d+)?)$/, "expected tcp://HOST:PORT (with tls:) or ssh://USER@HOST[:PORT]");

const hostSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "a host name is lower-case letters, digits and dashes"),
    engine: engineUrl,
    /** A directory holding ca.pem, cert.pem and key.pem, relative to the inventory file. */
    tls: z.string().min(1).optional(),
    /** For ssh://: a private key file (relative to the inventory); without it, the ssh agent (SSH_AUTH_SOCK). */
    identityFile: z.string().min(1).optional(),
    role: z.enum(["manager", "worker"]),
    /** The address the other hosts reach this one at (Swarm advertises it); the engine URL's host by default. */
    address: z.string().min(1).optional(),
    /** Where the runner reaches this host's agent, HOST:PORT; the engine's host and the agent port by default. */
    agent: z.string().regex(/^[^\s:]+:\d+$/, "expected HOST:PORT").optional(),
    /** Where the runner reaches the stack's published port on this host, HOST:PORT (for firedrill's edge). */
    http: z.string().regex(/^[^\s:]+:\d+$/, "expected HOST:PORT").optional(),
    /** Commands run on the runner that cut and restore this host's power ({host} is replaced by its name). */
    power: z.object({ off: z.string().min(1), on: z.string().min(1), kill: z.string().min(1).optional() }).strict().optional(),
  })
  .strict();

export const inventorySchema = z
  .object({
    name: z.string().min(1),
    description: z.string().min(1),
    /** Set by `firedrill remote-lab up`: the id `remote-lab down` removes. */
    remoteLab: z.string().regex(/^r[a-z0-9]{7}$/).optional(),
    /** A drill or fault changes real machines: only an inventory that says so may be drilled. */
    allowFaults: z.boolean().default(false),
    /** form: firedrill forms a Swarm over the hosts; existing: it uses the one they are in, and leaves it as found. */
    swarm: z.enum(["form", "existing"]).default("form"),
    /** How host-halt is done: stop the engine through the agent, or cut the power with the hosts' power commands. */
    hostHalt: z.enum(["engine", "power"]).default("engine"),
    /** Where users reach the stack: the team's load balancer, or firedrill's edge on the runner's engine in front of the hosts. */
    users: z.union([z.object({ url: z.url() }).strict(), z.object({ edge: z.literal(true) }).strict()]).default({ edge: true }),
    /** How the agent stops and starts a host's engine (hostHalt: engine), run on the host. */
    engineControl: z
      .object({ stop: z.string().min(1), start: z.string().min(1) })
      .strict()
      .default({ stop: "systemctl stop docker.socket docker.service", start: "systemctl start docker.service" }),
    /** The agent's port on every host (in the host's network namespace). */
    agentPort: z.number().int().min(1).max(65535).default(7443),
    /** The port the run's registry publishes on the first manager (over TLS, trusted by the hosts for the run). */
    registryPort: z.number().int().min(1).max(65535).default(5000),
    hosts: z.array(hostSchema).min(1, "an inventory lists at least one host"),
  })
  .strict()
  .superRefine((inventory, ctx) => {
    const names = new Set<string>();
    inventory.hosts.forEach((host, i) => {
      if (names.has(host.name)) ctx.addIssue({ code: "custom", path: ["hosts", i, "name"], message: "listed twice" });
      names.add(host.name);
      if (host.engine.startsWith("tcp://") && !host.tls) {
        ctx.addIssue({ code: "custom", path: ["hosts", i, "tls"], message: "a tcp:// engine needs a certificate directory (ca.pem, cert.pem, key.pem): firedrill never talks to an engine in clear text" });
      }
      if (host.engine.startsWith("ssh://") && host.tls) ctx.addIssue({ code: "custom", path: ["hosts", i, "tls"], message: "an ssh:// engine is reached over SSH: drop tls, or use tcp://" });
      if (inventory.hostHalt === "power" && !host.power) ctx.addIssue({ code: "custom", path: ["hosts", i, "power"], message: "hostHalt: power needs each host's power commands (off, on)" });
    });
    if (!inventory.hosts.some((h) => h.role === "manager")) ctx.addIssue({ code: "custom", path: ["hosts"], message: "no host has role: manager" });
  });

export type InventoryData = z.infer<typeof inventorySchema>;
export type InventoryHostData = InventoryData["hosts"][number];

export const INVENTORY_HINT =
  "An inventory lists hosts by `engine: tcp://HOST:2376` with `tls: DIR` (ca.pem, cert.pem, key.pem) or `engine: ssh://USER@HOST`, " +
  "each with `role: manager|worker`; see the README's \"Real hosts\" section, or `firedrill remote-lab up --out inv.yaml` for an example.";
