/**
 * `pnpm ansinh generate`: the synthetic national dataset written as import files (./files) and/or
 * straight into the database (./db). See ./model for what is generated and how.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Scheme } from "@ansinh/domain/eligibility";
import { agentOf, FileSink, type FileEntry } from "./files.js";
import { generate, type GenAgent, type GenCounts, type GenSink } from "./model.js";
import type { GenUnits } from "./units.js";

export interface GenerateFilesOptions {
  participants: number;
  seed: string;
  units: GenUnits;
  province: string | null;
  only?: Scheme | null;
  fromYear: number;
  toYear: number;
  out: string;
  log?: (line: string) => void;
}

export interface Manifest {
  generator: "ansinh generate";
  seed: string;
  participants: number;
  fromYear: number;
  toYear: number;
  province: string | null;
  only: string | null;
  units: string;
  /** The units must be in force over every generated date (import them with --valid-from <fromYear>-01-01). */
  areasValidFrom: string;
  counts: GenCounts & { agents: number; campaigns: number; outreachEvents: number };
  agents: FileEntry["agent"][];
  /** In import order. */
  files: FileEntry[];
}

/** A sink that hands every call to several sinks. */
export function teeSink(sinks: GenSink[]): GenSink {
  return {
    wantsBreakdown: sinks.some((s) => s.wantsBreakdown),
    household: (h) => sinks.forEach((s) => s.household(h)),
    participant: (p) => sinks.forEach((s) => s.participant(p)),
    enrolment: (e) => sinks.forEach((s) => s.enrolment(e)),
  };
}

export function manifestOf(
  o: Omit<GenerateFilesOptions, "out" | "log">,
  result: { agents: GenAgent[]; campaigns: unknown[]; events: unknown[]; counts: GenCounts },
  files: FileEntry[],
): Manifest {
  return {
    generator: "ansinh generate",
    seed: o.seed,
    participants: o.participants,
    fromYear: o.fromYear,
    toYear: o.toYear,
    province: o.province,
    only: o.only ?? null,
    units: o.units.source,
    areasValidFrom: `${o.fromYear}-01-01`,
    counts: { ...result.counts, agents: result.agents.length, campaigns: result.campaigns.length, outreachEvents: result.events.length },
    agents: result.agents.map(agentOf),
    files,
  };
}

/** Writes the import files and manifest.json into `out`; returns the manifest. */
export async function generateFiles(o: GenerateFilesOptions): Promise<{ manifest: Manifest; seconds: number }> {
  const t0 = performance.now();
  const sink = new FileSink(o.out);
  const log = o.log ?? (() => {});
  let lastLog = t0;
  const result = await generate(
    { participants: o.participants, seed: o.seed, units: o.units, fromYear: o.fromYear, toYear: o.toYear, only: o.only ?? null },
    sink,
    {
      pause: () => sink.drain(),
      onProgress: (done) => {
        const now = performance.now();
        if (now - lastLog > 5000) {
          lastLog = now;
          log(`  ${done.toLocaleString("en-US")} / ${o.participants.toLocaleString("en-US")} người tham gia / participants`);
        }
      },
    },
  );
  const files = await sink.close();
  const manifest = manifestOf(o, result, files);
  await writeFile(path.join(o.out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return { manifest, seconds: (performance.now() - t0) / 1000 };
}
