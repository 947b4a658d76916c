/**
 * Collects the keys asked for during one tick and loads them with a single call, so a list of N
 * patients with their allergies costs two queries, not N + 1. One loader lives per request (see
 * `requestScoped`): results are cached for that request only.
 */
export class BatchLoader<K, V> {
  private readonly cache = new Map<K, Promise<V>>();
  private pending: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];

  /** `batch` receives distinct keys and returns a map; keys it leaves out resolve to `missing`. */
  constructor(
    private readonly batch: (keys: K[]) => Promise<Map<K, V>>,
    private readonly missing: () => V,
  ) {}

  load(key: K): Promise<V> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V>((resolve, reject) => {
      this.pending.push({ key, resolve, reject });
      if (this.pending.length === 1) process.nextTick(() => this.dispatch());
    });
    this.cache.set(key, promise);
    return promise;
  }

  private dispatch(): void {
    const waiting = this.pending;
    this.pending = [];
    this.batch(waiting.map((w) => w.key)).then(
      (found) => waiting.forEach((w) => w.resolve(found.has(w.key) ? (found.get(w.key) as V) : this.missing())),
      (error: unknown) => waiting.forEach((w) => w.reject(error)),
    );
  }
}
