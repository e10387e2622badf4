import assert from "node:assert/strict";
import { keptAlivePeers } from "../../../src/bench/sabotage/keepalive-reset.ts";

describe("keepalive-reset: which of the edge's connections are kept alive", () => {
  // `ss -tin state established '( sport = :80 )'` in the edge's namespace: two lines a socket.
  const ss = [
    "Recv-Q Send-Q Local Address:Port  Peer Address:Port Process",
    "0      0         172.18.0.5:80      172.18.0.1:46208",
    "\t cubic wscale:7,7 rto:204 rtt:0.05/0.02 bytes_sent:2381 bytes_received:795 segs_out:12 segs_in:14 data_segs_out:5 data_segs_in:5 lastsnd:8",
    "0      0         172.18.0.5:80      172.18.0.1:46210",
    "\t cubic wscale:7,7 rto:204 rtt:0.05/0.02 bytes_sent:381 bytes_received:159 segs_out:4 segs_in:5 data_segs_out:1 data_segs_in:1 lastsnd:2",
    "0      0         172.18.0.5:80      172.18.0.1:46222",
    "\t cubic wscale:7,7 rto:204 rtt:0.05/0.02 bytes_sent:762 bytes_received:318 segs_out:6 segs_in:7 data_segs_out:2 data_segs_in:2 lastsnd:40",
    "",
  ].join("\n");

  it("takes the connections that carried two requests or more, and spares a fresh one's first (the probe's)", () => {
    assert.deepEqual(keptAlivePeers(ss), [46208, 46222]);
  });

  it("finds none in an empty table", () => {
    assert.deepEqual(keptAlivePeers("Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\n"), []);
  });
});
