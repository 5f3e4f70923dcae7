/** Runs `fn` over `items`, `size` at a time (each batch finishes before the next starts): a bounded fan-out of calls. */
export async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}
