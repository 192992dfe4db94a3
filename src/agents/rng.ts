/**
 * Per-episode seeds for agents' sampling, so a seed reproduces an episode whatever ran before it.
 * @module
 */

/** Combine a base seed with an episode's identity, so each episode's stream depends only on them. */
export function episodeSeed(seed: number, taskId: string, taskSeed: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (const ch of `${taskId}#${taskSeed}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h | 0;
}
