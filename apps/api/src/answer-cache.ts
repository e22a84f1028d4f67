/**
 * Answers of read procedures kept in memory (the dashboard's), keyed by the procedure's input and
 * the caller's scope. Like the session cache, correctness rests on invalidation, not on the TTL:
 * the whole cache is emptied on every `ansinh_figures` notification (migration 0008: any change
 * to the aggregates, the reported figures, populations, targets, outreach events or the units, in
 * any process, in the transaction that made it), and it is only used while the LISTEN connection
 * is up. An answer computed while a change arrived is served but not kept (the generation counter).
 * Not used when reads go to a replica (DATABASE_READ_URL): the notification comes from the primary
 * and could arrive before the replica has replayed the change.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  private generation = 0;
  private up = false;
  readonly stats = { hits: 0, misses: 0, clears: 0 };

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 2_000,
    private readonly now: () => number = Date.now,
  ) {}

  setActive(up: boolean): void {
    this.up = up;
    this.clear();
  }

  get active(): boolean {
    return this.up;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.stats.clears++;
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.up) return load();
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      this.stats.hits++;
      return hit.value as T;
    }
    if (hit) this.entries.delete(key);
    this.stats.misses++;
    const generation = this.generation;
    const value = await load();
    if (this.up && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    }
    return value;
  }
}
