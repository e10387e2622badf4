import type { StartedLab } from "../../lab/started-lab.ts";
import { hostHaltWithHealthChecks } from "../../scenarios/definitions/host-halt.ts";
import type { ScenarioContext } from "../../scenarios/scenario-context.ts";
import type { Sabotage } from "./sabotage.ts";

const LOST = 2;

/**
 * The database forgets the last two posts firedrill wrote and was told were stored, and
 * its counter is wound back, so the next writes get their ids (what InnoDB's
 * AUTO_INCREMENT does after it loses its last writes, and a Redis counter too). Every id
 * acknowledged is answered at the end, by another post: only reading each item back by
 * its id and its title shows the loss. WordPress's tables: the default stack's.
 */
export const reusedIds: Sabotage = {
  name: "reused-ids",
  title: `the database loses its last ${LOST} acknowledged posts and reuses their ids`,
  scenario: hostHaltWithHealthChecks,
  expected: "failed",
  caughtBy: { checks: ["durability"] },
  afterT0Ms: 3000,
  async during(ctx) {
    if (ctx.subject.stack !== "wordpress") throw new Error(`it speaks WordPress's tables, and the stack is ${ctx.subject.stack}`);
    const sql = (query: string) => database(ctx, query);
    const newest = (await sql("SELECT ID, post_title FROM wp_posts ORDER BY ID DESC LIMIT " + LOST)).split("\n").filter(Boolean).map((l) => l.split("\t"));
    if (newest.length < LOST || newest.some(([, title]) => !title?.startsWith("firedrill write "))) {
      throw new Error(`the newest posts are not firedrill's acknowledged writes, so their ids would not be reused: ${JSON.stringify(newest)}`);
    }
    const ids = newest.map(([id]) => Number(id)).join(",");
    // A lower AUTO_INCREMENT is raised by InnoDB to the highest id left + 1: the first lost id.
    await sql(`DELETE FROM wp_postmeta WHERE post_id IN (${ids}); DELETE FROM wp_posts WHERE ID IN (${ids}); ALTER TABLE wp_posts AUTO_INCREMENT = 1`);
  },
};

/** A query on the stateful service's own container, as its root, through the socket (Debian's MariaDB lets the local root in without a password). */
async function database(ctx: ScenarioContext, query: string): Promise<string> {
  const host = hostNamed(ctx.lab, ctx.subject.pinnedHost);
  const id = (await host.execOrThrow(["docker", "ps", "-q", "--filter", `label=com.docker.swarm.service.name=${ctx.subject.stateful}`])).trim().split("\n")[0];
  if (!id) throw new Error(`no container of ${ctx.subject.stateful} runs on ${host.name}`);
  return host.execOrThrow(["docker", "exec", id, "mariadb", "--protocol=socket", "--batch", "--skip-column-names", "wordpress", "-e", query]);
}

function hostNamed(lab: StartedLab, name: string) {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no host ${name} in the lab`);
  return host;
}
