import { rm } from "node:fs/promises";
import { dataDir } from "../playwright.config";

/** The embedded database of the run is thrown away with it. */
export default async function teardown() {
  await rm(dataDir, { recursive: true, force: true });
}
