import { z } from "zod";

const port = z.coerce.number().int().min(1, "cổng phải từ 1 đến 65535 / port must be 1–65535").max(65535, "cổng phải từ 1 đến 65535 / port must be 1–65535");

const envSchema = z.object({
  API_PORT: port.default(4000),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined)),
  /**
   * A read-only copy of DATABASE_URL (a streaming replica) for dashboards and lists; writes and
   * reads that must see them stay on DATABASE_URL. Ignored with the embedded database.
   */
  DATABASE_READ_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined)),
  /**
   * `off`: every signed-in request asks better-auth and reads the roles (no in-memory session
   * cache). Default `on`; the cache is emptied on every change to users, sessions or roles.
   */
  SESSION_CACHE: z.enum(["on", "off"]).default("on"),
  /** The dashboard's answers kept in memory until the figures change (off: computed every time). */
  FIGURES_CACHE: z.enum(["on", "off"]).default("on"),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Seed the demo data on start; defaults to on for the embedded database only. */
  SEED_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  /** The origin users open (the admin app); cookies and sign-in origins follow it. */
  PUBLIC_URL: z.url({ message: "phải là URL, ví dụ http://127.0.0.1:3000 / must be a URL such as http://127.0.0.1:3000" }).default("http://127.0.0.1:3000"),
  /** Signs session cookies; required with DATABASE_URL, kept in DATA_DIR for the embedded demo. */
  AUTH_SECRET: z.string().min(32, "cần ít nhất 32 ký tự / needs at least 32 characters").optional(),
  TRUSTED_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [],
    ),
  /**
   * Who may tell the API the client's address (X-Forwarded-For): comma-separated IPs or CIDR
   * ranges, or loopback (the default: the admin app's forwarder on this machine); none trusts
   * nobody. A request from any other address is counted by its own socket address.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === ""
        ? ["loopback"]
        : v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .refine(
      (list) =>
        list.every(
          (s) => ["loopback", "linklocal", "uniquelocal", "none"].includes(s) || z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]).safeParse(s).success,
        ),
      "danh sách IP/CIDR, loopback hoặc none / a list of IPs or CIDR ranges, loopback or none",
    )
    .transform((list): string[] | false => (list.includes("none") ? false : list)),
  /**
   * How long an import job taken by this process stays its own without renewal (renewed after
   * every committed chunk): after a crash, another start takes the job again once it runs out.
   * Milliseconds, 1,000–3,600,000; default 60,000. Tests of a killed server set it short.
   */
  JOB_LEASE_MS: z.coerce
    .number()
    .int()
    .min(1000, "từ 1000 đến 3600000 / 1000 to 3600000")
    .max(3_600_000, "từ 1000 đến 3600000 / 1000 to 3600000")
    .default(60_000),
  /**
   * Voluntary lists on PostgreSQL are imported by the bulk path (COPY into a staging table,
   * set-based checks, one merge per chunk; docs/import.md): `on` (default) or `off` (every line
   * through the write path one by one).
   */
  IMPORT_BULK: z.enum(["on", "off"]).default("on"),
  /**
   * Lines the bulk path merges per transaction (a crash loses at most these): 100–200,000; default
   * 2,000 — measured faster than 20,000 (the merge's joins and the aggregates' refresh grow faster
   * than linearly with the chunk; docs/scaling.md).
   */
  IMPORT_BULK_CHUNK: z.coerce.number().int().min(100, "từ 100 đến 200000 / 100 to 200000").max(200_000, "từ 100 đến 200000 / 100 to 200000").default(2_000),
  /**
   * `on`: the bulk path skips the dashboard aggregates' triggers and rebuilds them all once a batch
   * is done (the dashboard lags behind meanwhile); `off` (default): kept in each chunk's transaction.
   */
  IMPORT_BULK_DEFER_AGGREGATES: z.enum(["on", "off"]).default("off"),
  /**
   * API processes sharing the port (Node's cluster module), 1–64; default 1. Above 1 they need
   * PostgreSQL (DATABASE_URL): the processes share nothing but the database.
   */
  API_PROCESSES: z.coerce.number().int().min(1, "từ 1 đến 64 / 1 to 64").max(64, "từ 1 đến 64 / 1 to 64").default(1),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /**
   * Bearer token that opens `GET /metrics` (Prometheus text format); unset, /metrics answers 404.
   * At least 32 characters (docs/operations.md).
   */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .refine((v) => v === undefined || v.length >= 32, "cần ít nhất 32 ký tự / needs at least 32 characters"),
  /** Connections in the API's PostgreSQL pool (per process), 1–200; default 10. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1, "từ 1 đến 200 / 1 to 200").max(200, "từ 1 đến 200 / 1 to 200").default(10),
  /**
   * The longest a request may take (waiting for a connection of the pool included) before it is
   * answered 503 "busy, nothing saved": milliseconds, 1,000–600,000; default 30,000.
   */
  REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000, "từ 1000 đến 600000 / 1000 to 600000")
    .max(600_000, "từ 1000 đến 600000 / 1000 to 600000")
    .default(30_000),
  /**
   * The longest one statement of a list may run on PostgreSQL (reads cannot load the
   * database): milliseconds, 100–600,000; default 15,000. At most a second past the
   * request's deadline (REQUEST_TIMEOUT_MS). Writes and imports are not bounded by it.
   */
  READ_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100, "từ 100 đến 600000 / 100 to 600000")
    .max(600_000, "từ 100 đến 600000 / 100 to 600000")
    .default(15_000),
  /** Where `ansinh backup` writes when given a folder, and what `ansinh doctor` checks. */
  BACKUP_DIR: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined)),
  /** Where pg_dump and pg_restore of the server's major version are (else /usr/lib/postgresql/<major>/bin, then PATH). */
  PG_BINDIR: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined)),
});

export type Env = z.infer<typeof envSchema> & { seedDemo: boolean };

export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Reads and validates the environment once; a bad value is one clear line, never a stack. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EnvError(
      `Biến môi trường ${issue.path.join(".")} không hợp lệ: ${issue.message} / Invalid environment variable ${issue.path.join(".")}: ${issue.message}`,
    );
  }
  const seed = parsed.data.SEED_DEMO;
  if (parsed.data.DATABASE_URL && !parsed.data.AUTH_SECRET) {
    throw new EnvError("Cần đặt AUTH_SECRET (≥ 32 ký tự) khi dùng DATABASE_URL / AUTH_SECRET (≥ 32 characters) is required with DATABASE_URL");
  }
  if (parsed.data.API_PROCESSES > 1 && !parsed.data.DATABASE_URL) {
    throw new EnvError(
      "API_PROCESSES > 1 cần DATABASE_URL (cơ sở dữ liệu nhúng chỉ dùng được cho một tiến trình) / API_PROCESSES > 1 needs DATABASE_URL (the embedded database serves one process)",
    );
  }
  return { ...parsed.data, seedDemo: seed === undefined ? parsed.data.DATABASE_URL === undefined : seed === "1" || seed === "true" };
}
