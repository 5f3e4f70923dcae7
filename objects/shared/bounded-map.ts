/**
 * A Map that forgets its oldest entries: a cache whose size cannot grow with traffic. It always remembers the
 * newest `max` insertions and never holds more than 2 × `max`.
 *
 * Two generations instead of evicting one key at a time: deleting a Map's oldest key leaves a hole at the front of
 * V8's hash table, and finding the next oldest walks every hole, so a full one-by-one cache cost 5-7 µs per insert
 * (measured) in a busy room. Here, when the young generation reaches `max`, the old one is dropped whole and the
 * young one becomes old: every operation is O(1).
 */
export class BoundedMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    // Not `??`: a cached null is an answer too.
    return v === undefined ? this.old.get(key) : v;
  }

  has(key: K): boolean {
    return this.young.has(key) || this.old.has(key);
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.young.set(key, value);
    if (this.young.size >= this.max) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  delete(key: K): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
