// Pure parts of scripts/replica.mjs (argument parsing, the pg_hba.conf check, the standby's
// configuration, the status summary), kept apart so that apps/api/test/replica-script.test.ts
// can check them without a server.
import os from "node:os";
import path from "node:path";

export const DEFAULT_PORT = 5433;
/** The line --configure-primary adds to the primary's pg_hba.conf (a development machine only). */
export const REPLICATION_HBA_LINE = "host replication postgres 127.0.0.1/32 trust";
/** Hot-standby settings that must be at least the primary's, or the standby refuses to start. */
export const STANDBY_MINIMUMS = ["max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions", "max_locks_per_transaction"];

export class UsageError extends Error {
  name = "UsageError";
}

const valueFlags = new Set(["--port", "--dir", "--primary-host", "--primary-port", "--user", "--bindir", "--database", "--rows", "--probes"]);
const boolFlags = new Set(["--configure-primary", "--json", "--keep"]);

/**
 * `start|stop|status|demo [--port 5433] [--dir DIR] [--primary-host 127.0.0.1] [--primary-port 5432]
 * [--user postgres] [--bindir DIR] [--configure-primary] [--json] [--database NAME] [--rows N]
 * [--probes N] [--keep]`; `--flag=value` works too.
 */
export function parseArgs(argv, tmpdir = os.tmpdir()) {
  const [command, ...rest] = argv;
  if (!["start", "stop", "status", "demo"].includes(command ?? ""))
    throw new UsageError(`unknown command ${JSON.stringify(command ?? "")}: use start, stop, status or demo`);
  const flags = {};
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i];
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) [arg, value] = [arg.slice(0, eq), arg.slice(eq + 1)];
    if (boolFlags.has(arg)) {
      if (value !== undefined) throw new UsageError(`${arg} takes no value`);
      flags[arg.slice(2)] = true;
    } else if (valueFlags.has(arg)) {
      value ??= rest[++i];
      if (value === undefined || value === "") throw new UsageError(`${arg} needs a value`);
      flags[arg.slice(2)] = value;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  const int = (name, fallback, min, max) => {
    const raw = flags[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not ${raw}`);
    return n;
  };
  const port = int("port", DEFAULT_PORT, 1, 65535);
  const primaryPort = int("primary-port", 5432, 1, 65535);
  if (port === primaryPort) throw new UsageError(`the replica's port (${port}) must differ from the primary's`);
  const dir = path.resolve(flags.dir ?? path.join(tmpdir, `ansinh-replica-${port}`));
  // The directory goes into postgres's command line and configuration between single quotes.
  if (/['"\\\s]/.test(dir)) throw new UsageError(`--dir must not contain quotes, backslashes or spaces: ${dir}`);
  const database = flags.database ?? "ansinh_replica_demo";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new UsageError(`--database must be a plain lower-case name, not ${database}`);
  return {
    command,
    port,
    dir,
    primaryHost: flags["primary-host"] ?? "127.0.0.1",
    primaryPort,
    user: flags.user ?? "postgres",
    bindir: flags.bindir ?? null,
    configurePrimary: flags["configure-primary"] === true,
    json: flags.json === true,
    database,
    rows: int("rows", 200_000, 1, 100_000_000),
    probes: int("probes", 50, 1, 10_000),
    keep: flags.keep === true,
  };
}

/** The replica's name on the primary (pg_stat_replication.application_name): its cluster_name. */
export const replicaName = (port) => `ansinh_replica_${port}`;

function ipv4ToInt(text) {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text ?? "");
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** Whether a pg_hba_file_rules row's address/netmask covers an IPv4 client address (null: cannot tell). */
export function addressCovers(rule, client) {
  if (rule.address === "all") return true;
  if (rule.address === "samehost" || rule.address === "samenet") return client.startsWith("127.") ? true : null;
  const a = ipv4ToInt(rule.address);
  const c = ipv4ToInt(client);
  if (a === null || c === null) return null; // IPv6 or a host name: not judged here
  const mask = rule.netmask ? ipv4ToInt(rule.netmask) : 0xffffffff;
  if (mask === null) return null;
  return (a & mask) >>> 0 === (c & mask) >>> 0;
}

/**
 * Which pg_hba.conf line a replication connection from `client` as `user` over TCP meets first,
 * as PostgreSQL reads the file: top down, the first line whose type, database, user and address
 * match decides. `all` in the database field does not cover replication connections: only the
 * keyword `replication` does. Rows are pg_hba_file_rules rows (line_number, type, database[],
 * user_name[], address, netmask, auth_method, error).
 * Returns { verdict: "allowed" | "rejected" | "missing", rule, errors, unsure }.
 */
export function hbaVerdict(rows, { user, client = "127.0.0.1" }) {
  const errors = rows.filter((r) => r.error);
  const unsure = [];
  const sorted = [...rows].filter((r) => !r.error).sort((a, b) => a.line_number - b.line_number);
  for (const r of sorted) {
    if (!["host", "hostssl", "hostnossl", "hostgssenc", "hostnogssenc"].includes(r.type)) continue;
    if (!(r.database ?? []).includes("replication")) continue;
    const users = r.user_name ?? [];
    const userMatch = users.includes("all") || users.includes(user) ? true : users.some((u) => u.startsWith("+") || u.startsWith("/")) ? null : false;
    if (userMatch === false) continue;
    const addressMatch = addressCovers(r, client);
    if (addressMatch === false) continue;
    if (userMatch === null || addressMatch === null || r.type !== "host") {
      // A group (+role), a regular expression, an address we cannot judge, or an SSL/GSS-only line.
      unsure.push(r);
      continue;
    }
    return { verdict: r.auth_method === "reject" ? "rejected" : "allowed", rule: r, errors, unsure };
  }
  return { verdict: "missing", rule: null, errors, unsure };
}

/** What to tell the operator when the primary does not accept the replica's connections. */
export function hbaAdvice(check, { hbaFile, user, host, port }) {
  const line = user === "postgres" ? REPLICATION_HBA_LINE : `host replication ${user} 127.0.0.1/32 trust`;
  const lines = [];
  if (check.verdict === "rejected") {
    lines.push(
      `The primary's pg_hba.conf (${hbaFile}) rejects replication connections from 127.0.0.1 as ${user}: line ${check.rule.line_number} (${check.rule.type} ${check.rule.database.join(",")} ${check.rule.user_name.join(",")} ${check.rule.address ?? ""} ${check.rule.auth_method}).`,
    );
    lines.push(`Add, ABOVE that line:`);
  } else {
    lines.push(`The primary's pg_hba.conf (${hbaFile}) has no line for replication connections from 127.0.0.1 as ${user}.`);
    lines.push(
      `Why: pg_basebackup and the standby's WAL receiver use the replication protocol, and a line whose database field is "all" does not cover it; only the keyword "replication" does. Add:`,
    );
  }
  lines.push("", `    ${line}`, "");
  lines.push(`then reload the configuration:  psql -h ${host} -p ${port} -U ${user} -c "select pg_reload_conf()"`);
  lines.push(`("trust" fits a development machine only; elsewhere use scram-sha-256 and a role with the REPLICATION attribute.)`);
  if (check.verdict === "missing")
    lines.push(`Or run this command again with --configure-primary to have it add that line and reload (a primary on this machine only).`);
  if (check.unsure.length)
    lines.push(
      `Lines this script could not judge (groups, regular expressions, IPv6, host names, SSL-only): ${check.unsure.map((r) => r.line_number).join(", ")}.`,
    );
  return lines.join("\n");
}

/**
 * The standby's postgresql.conf. The primary's own file is not used (on Debian it is not in the
 * data directory at all; elsewhere it names the primary's port and paths): this one says only
 * what a local hot standby needs. `settings` holds the primary's values of STANDBY_MINIMUMS.
 */
export function standbyConf({ port, dir, settings, primary }) {
  const lines = [
    `# Written by scripts/replica.mjs: a hot standby of ${primary}, for reading only.`,
    `# The connection to the primary (primary_conninfo) is in postgresql.auto.conf, written by pg_basebackup -R.`,
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    `cluster_name = '${replicaName(port)}'`,
    `hot_standby = on`,
    `# Queries on the standby may hold back replay this long before they are cancelled.`,
    `max_standby_streaming_delay = 30s`,
    `hot_standby_feedback = off`,
    `shared_buffers = 128MB`,
    `logging_collector = off`,
    `# At least the primary's values, or a hot standby refuses to start:`,
  ];
  for (const name of STANDBY_MINIMUMS) {
    const v = settings[name];
    if (v === undefined || !/^\d+$/.test(String(v))) throw new Error(`the primary's ${name} is unknown`);
    lines.push(`${name} = ${v}`);
  }
  return lines.join("\n") + "\n";
}

const num = (v) => (v === null || v === undefined ? null : Number(v));

/** "00:00:00.000512" (an interval as PostgreSQL prints it) → milliseconds; null stays null. */
export function intervalMs(text) {
  if (text === null || text === undefined) return null;
  const m = /^(?:(-?\d+) days? )?(-)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(String(text).trim());
  if (!m) return null;
  const days = Number(m[1] ?? 0);
  const sign = m[2] ? -1 : 1;
  const ms = (Number(m[3]) * 3600 + Number(m[4]) * 60 + Number(m[5])) * 1000;
  return Math.round((days * 86_400_000 + sign * ms) * 1000) / 1000;
}

/**
 * Summarises the two sides. `primary`: { current_lsn, replication: pg_stat_replication row of
 * the replica or null } (null: the primary could not be asked); `replica`: { in_recovery,
 * receive_lsn, replay_lsn, last_replay, since_last_replay, receiver_status, version } or null
 * (not answering). Lags: bytes = the primary's current WAL position − what the replica replayed;
 * replay_lag = pg_stat_replication's (time between a commit's flush on the primary and its replay
 * here, as last measured; null when nothing is moving).
 */
export function summariseStatus({ port, dir, primary, replica }) {
  const rep = primary?.replication ?? null;
  const summary = {
    port,
    dir,
    running: replica !== null,
    inRecovery: replica?.in_recovery ?? null,
    version: replica?.version ?? null,
    receiverStatus: replica?.receiver_status ?? null,
    streaming: rep?.state === "streaming",
    state: rep?.state ?? null,
    syncState: rep?.sync_state ?? null,
    primaryLsn: primary?.current_lsn ?? null,
    replayLsn: replica?.replay_lsn ?? null,
    lagBytes: num(rep?.replay_lag_bytes),
    writeLagMs: intervalMs(rep?.write_lag),
    flushLagMs: intervalMs(rep?.flush_lag),
    replayLagMs: intervalMs(rep?.replay_lag),
    lastReplay: replica?.last_replay ?? null,
    sinceLastReplayMs: intervalMs(replica?.since_last_replay),
  };
  const lines = [];
  if (!summary.running) {
    lines.push(`replica 127.0.0.1:${port} (${dir}): not answering`);
    return { summary, lines };
  }
  lines.push(
    `replica 127.0.0.1:${port} (${dir}): running, ${summary.inRecovery ? "hot standby (in recovery, read only)" : "NOT in recovery (promoted? writes go to it)"}, ${summary.version ?? "?"}; WAL receiver ${summary.receiverStatus ?? "not running"}`,
  );
  if (primary === null) lines.push(`primary: not asked (unreachable)`);
  else if (!rep) lines.push(`primary: no pg_stat_replication row for ${replicaName(port)}: the replica is not streaming from it`);
  else {
    lines.push(`primary: streaming to ${rep.application_name} from ${rep.client_addr ?? "local socket"}, state ${rep.state}, ${rep.sync_state}`);
    const ms = (v) => (v === null ? "n/a (no WAL moving)" : `${v.toFixed(1)} ms`);
    lines.push(
      `lag: ${summary.lagBytes ?? "?"} bytes of WAL behind (primary at ${summary.primaryLsn}, replayed ${summary.replayLsn}); write ${ms(summary.writeLagMs)}, flush ${ms(summary.flushLagMs)}, replay ${ms(summary.replayLagMs)} (pg_stat_replication)`,
    );
  }
  if (summary.lastReplay) {
    const ago = summary.sinceLastReplayMs === null ? "?" : `${(summary.sinceLastReplayMs / 1000).toFixed(1)} s ago`;
    lines.push(
      `last replayed commit: ${summary.lastReplay} (${ago}; pg_last_xact_replay_timestamp — this grows while the primary commits nothing, so read the bytes above for the lag)`,
    );
  } else lines.push(`last replayed commit: none since the replica started (pg_last_xact_replay_timestamp is null until the primary commits something)`);
  return { summary, lines };
}

/** p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
