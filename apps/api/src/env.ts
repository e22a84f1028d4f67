import { z } from "zod";

const port = z.coerce
  .number()
  .int()
  .min(1, "cổng phải từ 1 đến 65535 / port must be 1–65535")
  .max(65535, "cổng phải từ 1 đến 65535 / port must be 1–65535");

const envSchema = z.object({
  API_PORT: port.default(4000),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined)),
  DATA_DIR: z.string().min(1).default(".data"),
  /** Seed the demo data on start; defaults to on for the embedded database only. */
  SEED_DEMO: z.enum(["0", "1", "true", "false"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
    throw new EnvError(`Biến môi trường ${issue.path.join(".")} không hợp lệ: ${issue.message} / Invalid environment variable ${issue.path.join(".")}: ${issue.message}`);
  }
  const seed = parsed.data.SEED_DEMO;
  return { ...parsed.data, seedDemo: seed === undefined ? parsed.data.DATABASE_URL === undefined : seed === "1" || seed === "true" };
}
