/**
 * The environment's random number generator (mulberry32): seeded by `reset({ seed })`, it draws
 * the seeds of later episodes that are reset without one.
 * @module
 */

/** A small deterministic PRNG. */
export class SeedRng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Next integer seed in [0, 2^31). */
  nextSeed(): number {
    return Math.floor(this.next() * 2 ** 31);
  }
}
