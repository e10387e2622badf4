import assert from "node:assert/strict";
import { lossTolerance, oneWayLoss } from "../../../src/faults/one-way-loss.ts";

/** The end of `ping -q -n -c N` (iputils) as the host prints it. */
const summary = (sent: number, received: number) =>
  [
    "PING 10.5.0.3 (10.5.0.3) 56(84) bytes of data.",
    "",
    "--- 10.5.0.3 ping statistics ---",
    `${sent} packets transmitted, ${received} received, ${Math.round((100 * (sent - received)) / sent)}% packet loss, time 2015ms`,
    "rtt min/avg/max/mdev = 0.041/0.090/0.301/0.030 ms",
  ].join("\n");

describe("one-way packet loss from a burst of pings", () => {
  it("reads a share dropped each way from the round trips lost: 51% of round trips is 30% each way", () => {
    // A round trip survives both ways: (1 - 0.3)² = 0.49 of them come back.
    assert.ok(Math.abs(oneWayLoss(summary(400, 196))! - 0.3) < 1e-9, String(oneWayLoss(summary(400, 196))));
  });

  it("is 0 when every ping came back and 1 when none did", () => {
    assert.equal(oneWayLoss(summary(100, 100)), 0);
    assert.equal(oneWayLoss(summary(100, 0)), 1);
  });

  it("measures nothing from output without a summary, or a summary of no packet", () => {
    assert.equal(oneWayLoss("ping: connect: Network is unreachable"), undefined);
    assert.equal(oneWayLoss("0 packets transmitted, 0 received"), undefined);
  });

  it("allows four standard deviations of the measured share, and never less than 5 points", () => {
    // 30% over 400 pings: sd = sqrt(0.3 * 0.7 / 400) = 0.0229.
    assert.ok(Math.abs(lossTolerance(0.3, 400) - 4 * Math.sqrt(0.21 / 400)) < 1e-12);
    assert.ok(lossTolerance(0.3, 400) > 0.09 && lossTolerance(0.3, 400) < 0.092, String(lossTolerance(0.3, 400)));
    // 1% over 400 pings would allow 2 points: the floor keeps it at 5.
    assert.equal(lossTolerance(0.01, 400), 0.05);
    // Fewer pings, a wider tolerance.
    assert.ok(lossTolerance(0.3, 100) > lossTolerance(0.3, 400));
  });
});
