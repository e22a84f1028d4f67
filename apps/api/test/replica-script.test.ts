import { describe, expect, it } from "vitest";
import {
  hbaAdvice,
  hbaVerdict,
  intervalMs,
  parseArgs,
  REPLICATION_HBA_LINE,
  standbyConf,
  summariseStatus,
  UsageError,
  type HbaRule,
} from "../../../scripts/replica-lib.mjs";

// The pure parts of scripts/replica.mjs (the streaming replica tool of docs/scaling.md): its
// options, its reading of the primary's pg_hba.conf, the standby's configuration, its status.

const rule = (line: number, over: Partial<HbaRule>): HbaRule => ({
  line_number: line,
  type: "host",
  database: ["all"],
  user_name: ["all"],
  address: "127.0.0.1",
  netmask: "255.255.255.255",
  auth_method: "trust",
  error: null,
  ...over,
});

describe("parseArgs", () => {
  it("defaults to port 5433 and a directory under the temp dir named after the port", () => {
    const o = parseArgs(["start"], "/tmpdir");
    expect(o).toMatchObject({
      command: "start",
      port: 5433,
      dir: "/tmpdir/ansinh-replica-5433",
      primaryHost: "127.0.0.1",
      primaryPort: 5432,
      user: "postgres",
      configurePrimary: false,
    });
    expect(parseArgs(["status", "--port=5439", "--json"], "/t")).toMatchObject({ port: 5439, dir: "/t/ansinh-replica-5439", json: true });
    expect(parseArgs(["start", "--dir", "/x/y", "--configure-primary"]).dir).toBe("/x/y");
  });
  it("refuses unknown commands and options, bad ports, the primary's port, and quoted directories", () => {
    expect(() => parseArgs(["restart"])).toThrow(UsageError);
    expect(() => parseArgs(["start", "--force"])).toThrow(/unknown option --force/);
    expect(() => parseArgs(["start", "--port", "70000"])).toThrow(/--port must be an integer/);
    expect(() => parseArgs(["start", "--port", "5432"])).toThrow(/must differ/);
    expect(() => parseArgs(["start", "--dir", "/tmp/it's"])).toThrow(/quotes/);
    expect(() => parseArgs(["start", "--port"])).toThrow(/needs a value/);
    expect(() => parseArgs(["demo", "--database", "Drop;Me"])).toThrow(/--database/);
  });
});

describe("hbaVerdict", () => {
  it("does not count `all` as covering replication connections (this machine's file as shipped)", () => {
    const rows = [rule(1, { type: "local", address: null, netmask: null }), rule(2, {})];
    const check = hbaVerdict(rows, { user: "postgres" });
    expect(check.verdict).toBe("missing");
    expect(hbaAdvice(check, { hbaFile: "/etc/pg_hba.conf", user: "postgres", host: "127.0.0.1", port: 5432 })).toContain(REPLICATION_HBA_LINE);
  });
  it("finds the line --configure-primary adds, and a wider network's line", () => {
    expect(hbaVerdict([rule(2, {}), rule(3, { database: ["replication"], user_name: ["postgres"] })], { user: "postgres" })).toMatchObject({
      verdict: "allowed",
      rule: { line_number: 3 },
    });
    expect(
      hbaVerdict([rule(7, { database: ["replication"], address: "127.0.0.0", netmask: "255.0.0.0", auth_method: "scram-sha-256" })], { user: "postgres" }),
    ).toMatchObject({ verdict: "allowed", rule: { auth_method: "scram-sha-256" } });
  });
  it("reads the file top down: the first matching line decides, a reject included", () => {
    const rows = [rule(9, { database: ["replication"], user_name: ["postgres"] }), rule(4, { database: ["replication"], auth_method: "reject" })];
    const check = hbaVerdict(rows, { user: "postgres" });
    expect(check).toMatchObject({ verdict: "rejected", rule: { line_number: 4 } });
    expect(hbaAdvice(check, { hbaFile: "f", user: "postgres", host: "h", port: 1 })).toMatch(/ABOVE that line/);
  });
  it("skips lines for another user, another address, or with errors; lists the ones it cannot judge", () => {
    const rows = [
      rule(1, { database: ["replication"], user_name: ["replicator"] }),
      rule(2, { database: ["replication"], address: "10.0.0.0", netmask: "255.0.0.0" }),
      rule(3, { database: ["replication"], error: "invalid authentication method" }),
      rule(4, { database: ["replication"], user_name: ["+replicators"] }),
    ];
    const check = hbaVerdict(rows, { user: "postgres" });
    expect(check.verdict).toBe("missing");
    expect(check.errors.map((r) => r.line_number)).toEqual([3]);
    expect(check.unsure.map((r) => r.line_number)).toEqual([4]);
  });
});

describe("standbyConf", () => {
  it("sets the port, hot_standby and the primary's minimums, and refuses an unknown one", () => {
    const settings = {
      max_connections: "200",
      max_worker_processes: "8",
      max_wal_senders: "10",
      max_prepared_transactions: "0",
      max_locks_per_transaction: "64",
    };
    const conf = standbyConf({ port: 5433, dir: "/d", settings, primary: "postgres://p@h:5432" });
    expect(conf).toMatch(/^port = 5433$/m);
    expect(conf).toMatch(/^hot_standby = on$/m);
    expect(conf).toMatch(/^max_connections = 200$/m);
    expect(conf).toMatch(/^unix_socket_directories = '\/d'$/m);
    expect(conf).toMatch(/^cluster_name = 'ansinh_replica_5433'$/m);
    expect(() => standbyConf({ port: 5433, dir: "/d", settings: { ...settings, max_connections: "" }, primary: "p" })).toThrow(/max_connections/);
  });
});

describe("status", () => {
  it("reads PostgreSQL's intervals as milliseconds", () => {
    expect(intervalMs("00:00:00.000512")).toBeCloseTo(0.512, 6);
    expect(intervalMs("01:02:03.5")).toBe(3_723_500);
    expect(intervalMs("1 day 00:00:01")).toBe(86_401_000);
    expect(intervalMs(null)).toBeNull();
    expect(intervalMs("soon")).toBeNull();
  });
  it("summarises a streaming replica from both sides", () => {
    const { summary, lines } = summariseStatus({
      port: 5433,
      dir: "/d",
      primary: {
        current_lsn: "0/41D2F20",
        replication: {
          application_name: "ansinh_replica_5433",
          client_addr: "127.0.0.1",
          state: "streaming",
          sync_state: "async",
          write_lag: "00:00:00.004071",
          flush_lag: null,
          replay_lag: "00:00:00.010004",
          replay_lag_bytes: "2416",
        },
      },
      replica: {
        in_recovery: true,
        replay_lsn: "0/41D2C90",
        last_replay: "2026-11-29 19:32:30+00",
        since_last_replay: "00:00:01.7",
        receiver_status: "streaming",
        version: "15.20",
      },
    });
    expect(summary).toMatchObject({
      running: true,
      inRecovery: true,
      streaming: true,
      lagBytes: 2416,
      writeLagMs: 4.071,
      flushLagMs: null,
      replayLagMs: 10.004,
      sinceLastReplayMs: 1700,
    });
    expect(lines.join("\n")).toMatch(/2416 bytes of WAL behind/);
    expect(lines.join("\n")).toMatch(/flush n\/a/);
  });
  it("says when the replica does not answer, or the primary does not see it", () => {
    expect(summariseStatus({ port: 5433, dir: "/d", primary: null, replica: null })).toMatchObject({
      summary: { running: false },
      lines: [expect.stringMatching(/not answering/)],
    });
    const { summary, lines } = summariseStatus({
      port: 5433,
      dir: "/d",
      primary: { current_lsn: "0/1", replication: null },
      replica: { in_recovery: false, last_replay: null },
    });
    expect(summary.streaming).toBe(false);
    expect(lines.join("\n")).toMatch(/NOT in recovery/);
    expect(lines.join("\n")).toMatch(/no pg_stat_replication row for ansinh_replica_5433/);
  });
});
