import assert from "node:assert/strict";
import { samplesCsv } from "../../../src/report/samples-csv.ts";
import { history, T } from "./fixtures.ts";

describe("samples csv", () => {
  it("writes one line per sample in start order, offsets from T0, RFC 4180 quoting", () => {
    const h = history({
      t0: T,
      // Recorded out of order, as concurrent probes and merged histories leave them.
      samples: [
        { start: T + 500, latencyMs: 1000, error: 'socket hang up, "edge" said', ok: false },
        { start: T - 1000, latencyMs: 12, status: 200, version: "v1", ok: true },
        { start: T + 1500, latencyMs: 30.5, status: 503, error: "line one\nline two", version: "v2", ok: false },
      ],
    });
    assert.equal(
      samplesCsv(h),
      "start_iso,offset_ms,latency_ms,status,error,version,ok\n" +
        "2024-05-01T09:59:59.000Z,-1000,12,200,,v1,true\n" +
        '2024-05-01T10:00:00.500Z,500,1000,,"socket hang up, ""edge"" said",,false\n' +
        '2024-05-01T10:00:01.500Z,1500,30.5,503,"line one\nline two",v2,false\n',
    );
  });

  it("is the header alone for a history without samples", () => {
    assert.equal(samplesCsv(history()), "start_iso,offset_ms,latency_ms,status,error,version,ok\n");
  });
});
