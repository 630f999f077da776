/**
 * A short-lived in-memory cache for reference lists (towns, schools, departments, categories) that every
 * register page shows as filter choices. They change rarely; an administrator's change clears the cache
 * of this process at once, and other processes (Workers isolates) see it within the TTL.
 */
const TTL_MS = 30_000;
const entries = new Map<string, { value: unknown; until: number; generation: number }>();
let generation = 0;

/** The cached value of `key`, loaded again when expired, cleared, or `stale` says it lacks something. */
export async function cachedReference<T>(key: string, load: () => Promise<T>, stale?: (value: T) => boolean): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.until > Date.now() && hit.generation === generation && !stale?.(hit.value as T)) return hit.value as T;
  const value = await load();
  entries.set(key, { value, until: Date.now() + TTL_MS, generation });
  return value;
}

/** Called after any change to the organisation's records. */
export function invalidateReferenceCache(): void {
  generation++;
  entries.clear();
}
