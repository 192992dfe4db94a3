/**
 * Seeded randomness for agents (sampling, exploration), so a seed reproduces an episode.
 * @module
 */

/** A small seedable PRNG (mulberry32). Not for cryptography. */
export class SeededRandom {
  #state: number;
  constructor(seed: number) {
    this.#state = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Combine a base seed with an episode's identity, so each episode's stream depends only on them. */
export function episodeSeed(seed: number, taskId: string, taskSeed: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const ch of `${taskId}#${taskSeed}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h | 0;
}
