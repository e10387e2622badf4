import assert from "node:assert/strict";
import { degradedWindow } from "../../../src/checks/degraded-window.ts";
import type { LbLogRead } from "../../../src/stack/lb-log.ts";
import { parseLbLog } from "../../../src/stack/lb-log.ts";
import { history, probe } from "./fixtures.ts";

const T0 = 1_796_703_000_000;
const DEAD = "10.0.2.15";

/**
 * One httplog line of firedrill's lb (assets/lb/*.cfg's log-format) as `docker logs`
 * gives it: sent to `server`, logged `loggedMs` after T0, `totalMs` after it began.
 */
function line(server: string, loggedMs: number, totalMs: number, status: number, termination: string, rc = "0"): string {
  const slot = server === DEAD ? "app2" : "app1";
  return `10.0.1.7:51710 [08/Dec/2026:04:08:34.465] http app/${slot} ${server}:80 ${T0 + loggedMs} 0/0/-1/-1/${totalMs} ${status} 217 - - ${termination} 2/2/1/0/${rc} 0/0 "GET /?rest_route=/wp/v2/posts/4 HTTP/1.1"`;
}

/** What readLbLog keeps of these lines: everything, for the check to sort out. */
function read(text: string, extra: Partial<LbLogRead> = {}): LbLogRead {
  const requests = parseLbLog(text, "host-1");
  return { since: T0, readAt: T0 + 30_000, hosts: ["host-1", "host-3"], unread: [], logged: requests.length, requests, ...extra };
}

/** A window in which the probe saw nothing wrong (an lb that retries hides the dead task from it). */
function window(lbLog: LbLogRead | undefined, targetAddresses = [DEAD]) {
  return history({ t0: T0, windowEnd: T0 + 30_000, samples: probe("++++++++++", { start: T0 }), facts: { targetHost: "host-2", targetAddresses, ...(lbLog ? { lbLog } : {}) } });
}

describe("degraded window: what the lbs sent to the dead host's tasks, from their own logs", () => {
  it("counts every request the lbs logged against the dead task, failed, abandoned or answered, from T0 to the last one sent there", () => {
    const log = [
      line("10.0.3.9", 400, 12, 200, "----"), // a live task: not counted
      line(DEAD, 300, 20, 200, "----"), // sent at T0+280, answered before the host went down
      line(DEAD, 6200, 5000, 503, "sC--"), // sent at T0+1.2s, the lb's connect timeout
      line(DEAD, 7400, 5000, -1, "CC--"), // sent at T0+2.4s, its user gave up first
      line(DEAD, 19_500, 5000, 503, "sC--"), // sent at T0+14.5s: the last
      line(DEAD, 35_000, 10, 200, "----"), // after the window (the host back): not counted
    ].join("\n");
    const r = degradedWindow(window(read(log)));
    assert.deepEqual(r, {
      name: "dead backends served traffic for",
      unit: "ms",
      status: "passed",
      measured: 14_500,
      detail:
        "4 requests reached host-2's tasks (10.0.2.15), from T0+280ms to T0+14.5s (14.22s): 3 failed there, 1 answered there " +
        "(the lbs of host-1, host-3, 6 requests logged; reported, no budget)",
    });
    assert.equal(r.budget, undefined);
  });

  it("counts a request retried on another task after failing on the dead one, though the lb logs the task it ended on", () => {
    const log = [line("10.0.3.9", 1312, 312, 200, "----", "+1"), line("10.0.3.9", 2650, 310, 200, "----", "+1"), line("10.0.3.9", 2800, 10, 200, "----")].join("\n");
    const r = degradedWindow(window(read(log)));
    assert.equal(r.measured, 2340);
    assert.equal(r.detail, "2 requests reached host-2's tasks (10.0.2.15), from T0+1s to T0+2.34s (1.34s): 0 failed there, 2 retried on another task (the lbs of host-1, host-3, 3 requests logged; reported, no budget)");
  });

  it("reports 0ms when the lbs sent nothing to the dead task in the window", () => {
    const r = degradedWindow(window(read([line("10.0.3.9", 500, 12, 200, "----"), line(DEAD, 200, 300, 200, "----")].join("\n"))));
    assert.equal(r.status, "passed");
    assert.equal(r.measured, 0);
    assert.equal(r.detail, "no request reached host-2's tasks (10.0.2.15) (the lbs of host-1, host-3, 2 requests logged; reported, no budget)");
  });

  it("is unknown, never 0, without the lbs' logs, with one lb unread, or without the dead task's address", () => {
    const none = degradedWindow(window(undefined));
    assert.equal(none.status, "unknown");
    assert.match(none.detail, /the lbs' logs were not read/);
    const partial = degradedWindow(window(read(line(DEAD, 6200, 5000, 503, "sC--"), { unread: [{ host: "host-3", error: "connect ECONNREFUSED" }] })));
    assert.equal(partial.status, "unknown");
    assert.match(partial.detail, /not all read \(host-3: connect ECONNREFUSED\)/);
    const blind = degradedWindow(window(read(line(DEAD, 6200, 5000, 503, "sC--")), []));
    assert.equal(blind.status, "unknown");
    assert.match(blind.detail, /the addresses of host-2's tasks were not recorded/);
  });
});

describe("the lb's log, parsed", () => {
  it("reads requests from `docker logs` and `docker service logs` lines alike, and nothing else", () => {
    const text = [
      "[NOTICE]   (1) : haproxy version is 2.6.12-1+deb12u3",
      `2026-12-08T04:08:36.394350442Z wp_lb.0.djhl9vmqwnk2@host-1    | app/app2 changed its IP from (none) to ${DEAD} by DNS cache.`,
      `2026-12-08T04:08:39.003199240Z wp_lb.0.djhl9vmqwnk2@host-1    | ${line(DEAD, 6200, 5000, 503, "sC--")}`,
      "Server app/app2 is DOWN, reason: Layer4 timeout, check duration: 2001ms. 1 active and 0 backup servers left.",
      line("10.0.3.9", 1312, 312, 200, "----", "+2"),
      `10.0.1.7:51722 [08/Dec/2026:04:08:34.465] http app/<NOSRV> -:- ${T0 + 50} 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"`,
    ].join("\n");
    assert.deepEqual(parseLbLog(text, "host-1"), [
      { at: T0 + 1200, server: DEAD, status: 503, termination: "sC--", retries: 0, redispatched: false, lb: "host-1" },
      { at: T0 + 1000, server: "10.0.3.9", status: 200, termination: "----", retries: 2, redispatched: true, lb: "host-1" },
      { at: T0 + 50, status: 503, termination: "SC--", retries: 0, redispatched: false, lb: "host-1" },
    ]);
  });
});
