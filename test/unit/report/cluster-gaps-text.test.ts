import assert from "node:assert/strict";
import { clusterGapsText } from "../../../src/report/cluster-gaps-text.ts";
import { history, T } from "./fixtures.ts";

const view = (offset: number) => ({ at: T + offset, nodes: [], services: [], tasks: [] });

describe("the cluster view gaps attachment", () => {
  it("gives a line per gap the recorder noted, and one per stale stretch of the window", () => {
    const h = history({
      windowEnd: T + 30_000,
      cluster: [view(0), view(1000), view(2000), { ...view(14_000), answeredAt: T + 15_500 }, view(16_000), ...[17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30].map((s) => view(s * 1000))],
      clusterGaps: [
        { from: T + 3000, to: T + 13_000, what: "failed", error: "connect ETIMEDOUT 172.18.0.3:2376\n(after 10s)" },
        { from: T + 14_000, to: T + 15_500, what: "late" },
      ],
    });
    assert.equal(
      clusterGapsText(h),
      [
        "cluster view asked every 1s; a view older than 3s is stale and decides no check",
        "",
        "asks that gave no view in time (2)",
        "  T0+3s to T0+13s (10s): failed: connect ETIMEDOUT 172.18.0.3:2376 (after 10s)",
        "  T0+14s to T0+15.5s (1.5s): answered late",
        "",
        "stretches of the window without a fresh view (1)",
        "  no cluster view from T0+2s to T0+14s (12s; 1 snapshot failed: connect ETIMEDOUT 172.18.0.3:2376\n(after 10s))".replace("\n", " "),
        "",
      ].join("\n"),
    );
  });

  it("is empty when every ask was answered in time and the views stayed fresh: no attachment then", () => {
    assert.equal(clusterGapsText(history({ windowEnd: T + 2000, cluster: [view(0), view(1000), view(2000)] })), "");
  });

  it("names a stretch with no view at all, even when the recorder noted no failed ask", () => {
    const text = clusterGapsText(history({ windowEnd: T + 10_000, cluster: [view(0)] }));
    assert.match(text, /^ {2}no cluster view from T0\+0ms to the window's end \(10s\)$/m);
  });
});
