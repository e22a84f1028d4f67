// Types of scripts/replica-lib.mjs, for its test (apps/api/test/replica-script.test.ts).
export const DEFAULT_PORT: number;
export const REPLICATION_HBA_LINE: string;
export const STANDBY_MINIMUMS: string[];
export class UsageError extends Error {}
export interface ReplicaOptions {
  command: "start" | "stop" | "status" | "demo";
  port: number;
  dir: string;
  primaryHost: string;
  primaryPort: number;
  user: string;
  bindir: string | null;
  configurePrimary: boolean;
  json: boolean;
  database: string;
  rows: number;
  probes: number;
  keep: boolean;
}
export function parseArgs(argv: string[], tmpdir?: string): ReplicaOptions;
export function replicaName(port: number): string;
export interface HbaRule {
  line_number: number;
  type: string;
  database: string[] | null;
  user_name: string[] | null;
  address: string | null;
  netmask: string | null;
  auth_method: string | null;
  error: string | null;
}
export function addressCovers(rule: Pick<HbaRule, "address" | "netmask">, client: string): boolean | null;
export interface HbaCheck {
  verdict: "allowed" | "rejected" | "missing";
  rule: HbaRule | null;
  errors: HbaRule[];
  unsure: HbaRule[];
}
export function hbaVerdict(rows: HbaRule[], who: { user: string; client?: string }): HbaCheck;
export function hbaAdvice(check: HbaCheck, where: { hbaFile: string; user: string; host: string; port: number }): string;
export function standbyConf(input: { port: number; dir: string; settings: Record<string, string | number>; primary: string }): string;
export function intervalMs(text: string | null | undefined): number | null;
export interface ReplicaSummary {
  port: number;
  dir: string;
  running: boolean;
  inRecovery: boolean | null;
  version: string | null;
  receiverStatus: string | null;
  streaming: boolean;
  state: string | null;
  syncState: string | null;
  primaryLsn: string | null;
  replayLsn: string | null;
  lagBytes: number | null;
  writeLagMs: number | null;
  flushLagMs: number | null;
  replayLagMs: number | null;
  lastReplay: string | null;
  sinceLastReplayMs: number | null;
}
export function summariseStatus(input: {
  port: number;
  dir: string;
  primary: { current_lsn: string; replication: Record<string, unknown> | null } | null;
  replica: Record<string, unknown> | null;
}): { summary: ReplicaSummary; lines: string[] };
export function percentile(values: number[], p: number): number | null;
