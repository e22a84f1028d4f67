import { createDb, seedDemo } from "@ansinh/db";
import { readEnv } from "./env.js";
import { exitWith, UserError } from "./fatal.js";
import { buildServer } from "./server.js";

async function main() {
  const env = readEnv();
  const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  if (env.seedDemo) {
    const { seeded } = await seedDemo(handle.db);
    if (seeded) console.log("ansinh: demo data seeded (Kiên Giang, 2020)");
  }
  const app = await buildServer({ handle, logLevel: env.LOG_LEVEL });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close().catch(() => {});
    await handle.close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    await app.listen({ port: env.API_PORT, host: env.API_HOST });
  } catch (e) {
    await handle.close().catch(() => {});
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new UserError(
        `Cổng ${env.API_PORT} đang được dùng; đặt API_PORT khác / Port ${env.API_PORT} is already in use; set another API_PORT`,
      );
    }
    throw e;
  }
  console.log(`ansinh: API on http://${env.API_HOST}:${env.API_PORT} (database: ${handle.kind} ${handle.location})`);
}

main().catch(exitWith);
