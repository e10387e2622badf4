import { z } from "zod";

/**
 * The contract between firedrill and a stack: `stacks/<name>/stack.yaml`. It says what
 * firedrill must know to deploy the stack, send it traffic, prove its data survives and
 * drive every scenario; everything else about the stack stays in its own compose files.
 * The README's "Writing a stack" section documents each field.
 */

/** A name as compose and Swarm write it: services, networks, secrets, image keys. */
const composeName = z.string().regex(/^[a-z][a-z0-9_-]*$/, "a lower-case name: letters, digits, - and _ (starting with a letter)");
/** A path relative to the stack's folder that stays inside it. */
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "a path inside the stack's folder (relative, no ..)");
/** An HTTP path on the stack, starting with "/", possibly with {{placeholders}}; it goes into HAProxy's configuration too. */
const httpPath = z.string().regex(/^\/[^\s"'#\\]*$/, "an HTTP path starting with /, without spaces, quotes, # or backslashes");
const status = z.number().int().min(100).max(599);
const buildArgs = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a build argument name"), z.string());

const ImageSchema = z
  .object({
    /** Build context, relative to the stack's folder; its Dockerfile takes `ARG BASE` and starts `FROM ${BASE}`. */
    context: relativePath,
    buildArgs: buildArgs.default({}),
  })
  .strict();

/** A version's name is also an image tag. */
const versionName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$/, "a version name is also an image tag: letters, digits, _ . - (not first)");

const VersionSchema = z
  .object({
    /** What the stack answers in the version header while this version serves. */
    name: versionName,
    /** Build arguments that make this version from the image's context. */
    buildArgs: buildArgs.default({}),
  })
  .strict();

/** How an answer is recognised as the one expected (a status alone rarely is). */
const ExpectSchema = z
  .object({
    status: status.default(200),
    /** A top-level JSON field of the body and the value it must equal ({{placeholders}} allowed). */
    json: z.object({ field: z.string().min(1), equals: z.string() }).strict().optional(),
    bodyIncludes: z.string().min(1).optional(),
  })
  .strict();

/** Where an id is found in an answer: a top-level JSON field, or the first group of a regular expression. */
const IdFromSchema = z.union([
  z.object({ json: z.string().min(1) }).strict(),
  z
    .object({ regex: z.string().min(1) })
    .strict()
    .refine((r) => isRegex(r.regex), "a valid regular expression with one group"),
]);

const RequestSchema = z
  .object({
    method: z.enum(["GET", "POST", "PUT"]).default("POST"),
    path: httpPath,
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
  })
  .strict();

export const StackManifestSchema = z
  .object({
    /** The stack's Swarm namespace: services are named `<namespace>_<service>`. */
    namespace: composeName.refine((n) => n !== "green" && n !== "front", "green and front are the namespaces of firedrill's blue-green stacks"),
    description: z.string().default(""),
    /** Compose files, in `docker stack deploy -c` order. */
    compose: z.array(relativePath).min(1),
    /** Images firedrill builds (offline, from its Debian base) and serves from the lab registry. The compose file names each as ${FIREDRILL_IMAGE_<KEY>}. */
    images: z.record(composeName, ImageSchema).refine((m) => Object.keys(m).length > 0, "at least one image"),
    /** Secrets firedrill creates with random content (`firedrill_<name>`); templates read them as {{secret.<name>}}. Never logged. */
    secrets: z.array(composeName).default([]),
    /** The services whose convergence every scenario judges (firedrill's lb is added). */
    services: z.array(composeName).min(1),
    /** Where firedrill's lbs send users' traffic. */
    traffic: z
      .object({
        service: composeName,
        port: z.number().int().min(1).max(65535),
        /** An overlay network of the compose file that the service is on; firedrill's lb joins it. */
        network: composeName,
        /** What the lbs and the edge ask each task/host; 200 means healthy. */
        healthPath: httpPath,
        /** Replicas of the traffic service in the baseline, as ${FIREDRILL_REPLICAS}. */
        replicas: z.number().int().min(1).max(9).default(2),
      })
      .strict(),
    /** The service that keeps state, pinned by a node label firedrill sets ("true") on one host. */
    stateful: z.object({ service: composeName, label: z.string().regex(/^[a-z][a-z0-9._-]*$/, "a node label name") }).strict(),
    /** A command run once in a task of `service` after deploying (e.g. an installer), with `stdin`; retried until it exits 0. */
    setup: z
      .object({
        service: composeName,
        command: z.array(z.string().min(1)).min(1),
        stdin: z.string().default(""),
        /** Only a healthy task, or one started this recently (s), is used: a setup must not be cut off by a health check. */
        youngTaskS: z.number().int().positive().default(6),
      })
      .strict()
      .optional(),
    /** The probe's request: its path and what a successful answer is. {{seed.id}} is the seeded item. */
    probe: z.object({ path: httpPath, expect: ExpectSchema }).strict(),
    /** The durability pair: how an item is written, how items are read back, how one is recognised. */
    items: z
      .object({
        /** {{item.title}} is the title firedrill writes. */
        write: RequestSchema.extend({ status: status.default(200), id: IdFromSchema }).strict(),
        /** {{ids}} is a comma-separated list; the answer is a JSON array of items. */
        read: z
          .object({
            path: httpPath,
            /** How many ids one read may ask for. */
            batch: z.number().int().min(1).default(100),
            /** Dotted paths into each item of the answer. */
            idField: z.string().min(1).default("id"),
            titleField: z.string().min(1).default("title"),
          })
          .strict(),
        /** The title of the item firedrill writes when the stack comes up. */
        seedTitle: z.string().min(1).default("firedrill seed item"),
      })
      .strict(),
    /**
     * What firedrill's load (--traffic load:...) reads besides the probe's request, each with
     * its weight against the probe read's 1: the cheap requests a real visit makes (assets,
     * cached pages) beside the one that goes through the app to its database.
     */
    load: z
      .object({
        reads: z
          .array(z.object({ path: httpPath, expect: ExpectSchema.default({ status: 200 }), weight: z.number().int().min(1).max(1000).default(1) }).strict())
          .min(1),
      })
      .strict()
      .optional(),
    /** Versions for upgrade, rollback and blue-green scenarios; a scenario needing one not given is skipped. */
    versions: z
      .object({
        /** The image whose versions differ. */
        image: composeName,
        /** The response header that names the version serving. */
        header: z.string().min(1).default("x-firedrill-version"),
        baseline: versionName,
        next: VersionSchema.optional(),
        broken: VersionSchema.optional(),
      })
      .strict(),
    /** The service whose health check the no-health-check scenario removes. */
    healthCheck: z.object({ service: composeName }).strict().optional(),
    /** The green half of blue-green: a compose file deployed as stack `green` beside the baseline, with the next version. */
    blueGreen: z.object({ compose: relativePath }).strict().optional(),
    /** A spread rule the placement scenario checks: at most `maxPerNode` running tasks of `service` per host. */
    spread: z.object({ service: composeName, maxPerNode: z.number().int().min(1) }).strict().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const keys = Object.keys(m.images);
    if (!keys.includes(m.versions.image)) ctx.addIssue({ code: "custom", path: ["versions", "image"], message: `not one of the images (${keys.join(", ")})` });
    if (!m.services.includes(m.traffic.service)) ctx.addIssue({ code: "custom", path: ["traffic", "service"], message: `not one of services (${m.services.join(", ")})` });
    if (!m.services.includes(m.stateful.service)) ctx.addIssue({ code: "custom", path: ["stateful", "service"], message: `not one of services (${m.services.join(", ")})` });
    if (m.services.includes("lb")) ctx.addIssue({ code: "custom", path: ["services"], message: `"lb" is firedrill's own lb service; rename the stack's` });
    for (const [field, text, secretsAllowed] of templates(m)) {
      for (const name of placeholders(text)) {
        const secret = name.startsWith("secret.") && m.secrets.includes(name.slice(7));
        const known = name === "seed.id" || name === "ids" || name === "item.title" || secret;
        if (!known) ctx.addIssue({ code: "custom", path: field, message: `unknown placeholder {{${name}}} (known: seed.id, ids, item.title, secret.<one of secrets>)` });
        // A path or an expected body ends up in URLs, lb logs and reports: a secret goes only in headers, bodies and stdin.
        if (secret && !secretsAllowed) ctx.addIssue({ code: "custom", path: field, message: `{{${name}}} here would be printed (URLs, logs, reports): secrets go only in items.write.headers, items.write.body and setup.stdin` });
      }
    }
  });

export type StackManifest = z.output<typeof StackManifestSchema>;
export type ItemExpectation = z.output<typeof ExpectSchema>;

/** Every templated string of a manifest, with where it is and whether a secret may go there. */
function templates(m: StackManifest): Array<[Array<string | number>, string, boolean]> {
  const out: Array<[Array<string | number>, string, boolean]> = [
    [["probe", "path"], m.probe.path, false],
    [["items", "write", "path"], m.items.write.path, false],
    [["items", "read", "path"], m.items.read.path, false],
  ];
  if (m.probe.expect.json) out.push([["probe", "expect", "json", "equals"], m.probe.expect.json.equals, false]);
  if (m.probe.expect.bodyIncludes) out.push([["probe", "expect", "bodyIncludes"], m.probe.expect.bodyIncludes, false]);
  m.load?.reads.forEach((r, i) => out.push([["load", "reads", i, "path"], r.path, false]));
  if (m.items.write.body) out.push([["items", "write", "body"], m.items.write.body, true]);
  for (const [k, v] of Object.entries(m.items.write.headers)) out.push([["items", "write", "headers", k], v, true]);
  if (m.setup) out.push([["setup", "stdin"], m.setup.stdin, true]);
  return out;
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([a-z0-9._-]+)\s*\}\}/gi)].map((match) => match[1] as string);
}

function isRegex(source: string): boolean {
  try {
    return new RegExp(`${source}|`).exec("")!.length > 1;
  } catch {
    return false;
  }
}
