/**
 * The ordered pass test and progress of a trajectory against a strategy graph, as pure functions
 * over label scores (no sandbox needed).
 * @module
 */
import { END, START, type StrategyGraph } from './strategy-graph.ts';
import { finalOf, firstOf, type TrajectoryScores } from './scores.ts';

/** Result of `passTest`. */
export interface PassResult {
  pass: boolean;
  /** The witnessing path (START and END included), or null when the trajectory fails. */
  path: string[] | null;
  /** Id of the witnessing stored path; null when failing, or in union mode when the walk is not stored. */
  pathId: string | null;
}

/** Options of `passTest`. */
export interface PassTestOptions {
  /**
   * `paths`: only stored paths count, so only strategies some trajectory showed.
   * `union`: any START->END walk of the union graph counts (the paper's reading; it can combine
   * halves of two strategies into a path nobody took). The order and final-state rules apply to both.
   * @default 'paths'
   */
  mode?: 'paths' | 'union';
}

/** How far a trajectory got along one stored path. */
export interface PathProgress {
  pathId: string;
  /** Length of the satisfied ordered prefix (see `pathProgress`). */
  satisfied: number;
  /** Key steps on the path. */
  total: number;
}

/** Result of `progress`. */
export interface GraphProgress {
  /** Best share of satisfied key steps over stored paths, in [0, 1]; 0 for a graph without paths. */
  value: number;
  /** The path that achieves it, or null for a graph without paths. */
  best: PathProgress | null;
}

/**
 * The satisfied ordered prefix of a path: the largest m such that key steps 1..m are all satisfied
 * and each was first satisfied no earlier than the one before it (ties allowed: one step may
 * complete several key steps). The last key step counts only when it also holds on the final
 * state, so an undone last step (added to cart, then removed) does not complete the path.
 * A key step satisfied out of order ends the prefix: it shows a different order than this path's.
 */
export function pathProgress(nodes: readonly string[], scores: TrajectoryScores): number {
  const steps = nodes.filter((id) => id !== START && id !== END);
  let previous = -1;
  for (const [i, id] of steps.entries()) {
    const first = firstOf(scores, id);
    if (first === null || first < previous) return i;
    if (i === steps.length - 1 && !finalOf(scores, id)) return i;
    previous = first;
  }
  return steps.length;
}

/**
 * Does the trajectory pass the graph? It does when some START->END path has every key step
 * satisfied, each first satisfied no earlier than the previous one on the path, and the key step
 * next to END true on the final state. Among passing stored paths the witness is the one with the
 * most key steps (the most specific strategy), ties broken by path id.
 */
export function passTest(graph: StrategyGraph, scores: TrajectoryScores, options: PassTestOptions = {}): PassResult {
  let best: { id: string; nodes: string[] } | null = null;
  for (const path of graph.paths()) {
    if (pathProgress(path.nodes, scores) !== path.nodes.length - 2) continue;
    if (!best || path.nodes.length > best.nodes.length) best = path;
  }
  if (best) return { pass: true, path: best.nodes, pathId: best.id };
  if ((options.mode ?? 'paths') === 'union') {
    const walk = unionWalk(graph, scores);
    if (walk) return { pass: true, path: walk, pathId: null };
  }
  return { pass: false, path: null, pathId: null };
}

/**
 * Progress of a trajectory: the best stored path's satisfied ordered prefix as a share of its key
 * steps (`pathProgress` / key steps). Best means the highest share, then the longer prefix, then
 * the smaller path id. It is 1 exactly when `passTest` (paths mode) passes on that path.
 */
export function progress(graph: StrategyGraph, scores: TrajectoryScores): GraphProgress {
  let best: PathProgress | null = null;
  for (const path of graph.paths()) {
    const candidate = { pathId: path.id, satisfied: pathProgress(path.nodes, scores), total: path.nodes.length - 2 };
    if (!best) best = candidate;
    else {
      const [a, b] = [candidate.satisfied / candidate.total, best.satisfied / best.total];
      if (a > b || (a === b && candidate.satisfied > best.satisfied)) best = candidate;
    }
  }
  return { value: best ? best.satisfied / best.total : 0, best };
}

// Whether a key step may follow another depends only on the two nodes' first-satisfied steps,
// so a breadth-first search over edges that respect the order finds a valid walk if one exists.
function unionWalk(graph: StrategyGraph, scores: TrajectoryScores): string[] | null {
  const g = graph.graphology;
  const parent = new Map<string, string>([[START, '']]);
  const queue = [START];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const currentFirst = current === START ? -1 : firstOf(scores, current)!;
    for (const next of g.outNeighbors(current).sort()) {
      if (parent.has(next)) continue;
      if (next === END) {
        if (current === START || !finalOf(scores, current)) continue;
      } else {
        const first = firstOf(scores, next);
        if (first === null || first < currentFirst) continue;
      }
      parent.set(next, current);
      if (next === END) {
        const walk = [END];
        while (walk[0] !== START) walk.unshift(parent.get(walk[0]!)!);
        return walk;
      }
      queue.push(next);
    }
  }
  return null;
}
