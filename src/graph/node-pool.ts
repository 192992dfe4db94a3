/**
 * The node pool: key-step nodes shared across tasks' strategy graphs, deduplicated by normalized
 * code hash or by how their labels judge a bank of trajectories.
 * @module
 */
import { GraphError, quote } from '../env/errors.ts';
import type { LabelFunction } from '../labels/label.ts';
import { codeHash } from './code-hash.ts';
import type { TrajectoryScores } from './scores.ts';

/** A key step in a strategy graph: one label function, under a content-derived id. */
export interface GraphNode {
  /**
   * `<labelId>:<first 8 hex of codeHash>`. In a graph, this is also the id the node's label is
   * scored under, so scores are keyed by node id.
   */
  id: string;
  /** Id of the label function as its synthesizer named it. */
  labelId: string;
  /** The key step in words. */
  description: string;
  /** SHA-256 of the label's normalized code (see `normalizeCode`). */
  codeHash: string;
  /** The label function itself, with its original id. */
  label: LabelFunction;
}

/** Why a label was mapped to an existing node: same normalized code, or same verdicts on the bank. */
export type ReuseReason = 'code' | 'signature';

/** Result of `NodePool.resolve`. */
export interface ResolvedNode {
  node: GraphNode;
  /** Why an existing node was reused; null when the node is new to the pool. */
  reused: ReuseReason | null;
}

/** Options of `NodePool.resolve`. */
export interface ResolveOptions {
  /** The label's bank signature (see `bankSignature`); null or absent: no signature dedupe. */
  signature?: string | null;
  /** Bank signatures of existing pool nodes, computed over the same bank; nodes absent here are not compared. */
  nodeSignatures?: ReadonlyMap<string, string | null>;
  /** Task the label belongs to, recorded as a user of the node. */
  taskId?: string;
}

/** Builds the node a label would become, without adding it anywhere. */
export function nodeFromLabel(label: LabelFunction): GraphNode {
  const hash = codeHash(label.code);
  return { id: `${label.id}:${hash.slice(0, 8)}`, labelId: label.id, description: label.description, codeHash: hash, label };
}

/**
 * Key-step nodes shared across tasks. A label resolves to an existing node when its normalized code
 * hash matches, or when its bank signature equals an existing node's; otherwise it becomes a node.
 */
export class NodePool {
  #nodes = new Map<string, GraphNode>();
  #byHash = new Map<string, string>();
  #tasks = new Map<string, Set<string>>();

  /** Maps a label to a pool node, adding a new node when no existing one dedupes with it. */
  resolve(label: LabelFunction, options: ResolveOptions = {}): ResolvedNode {
    const candidate = nodeFromLabel(label);
    let node: GraphNode | undefined;
    let reused: ReuseReason | null = null;
    const sameCode = this.#byHash.get(candidate.codeHash);
    if (sameCode !== undefined) {
      node = this.#nodes.get(sameCode);
      reused = 'code';
    } else if (options.signature != null && options.nodeSignatures) {
      const matches = [...options.nodeSignatures].filter(([id, sig]) => sig === options.signature && this.#nodes.has(id));
      matches.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      if (matches.length > 0) {
        node = this.#nodes.get(matches[0]![0]);
        reused = 'signature';
      }
    }
    if (!node) {
      node = candidate;
      this.add(node);
    }
    if (options.taskId !== undefined) this.#use(node.id, options.taskId);
    return { node, reused };
  }

  /**
   * Adds a node as is (used when loading graphs). Adding a node that is already present is a no-op.
   * @throws GraphError `graph_invalid` when a different node has the same id or the same code hash.
   */
  add(node: GraphNode, taskId?: string): void {
    const existing = this.#nodes.get(node.id) ?? this.#nodes.get(this.#byHash.get(node.codeHash) ?? '');
    if (existing) {
      if (existing.id !== node.id || existing.codeHash !== node.codeHash) {
        throw new GraphError(
          'graph_invalid',
          `NodePool.add: node ${quote(node.id)} clashes with pool node ${quote(existing.id)} (expected distinct ids for distinct code, got code hashes ${existing.codeHash.slice(0, 8)} and ${node.codeHash.slice(0, 8)}). Resolve labels through pool.resolve instead of adding nodes built elsewhere.`,
        );
      }
    } else {
      this.#nodes.set(node.id, node);
      this.#byHash.set(node.codeHash, node.id);
    }
    if (taskId !== undefined) this.#use(node.id, taskId);
  }

  get(id: string): GraphNode | undefined {
    return this.#nodes.get(id);
  }

  /** Every node, sorted by id. */
  nodes(): GraphNode[] {
    return [...this.#nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Ids of the tasks whose graphs use a node, sorted. */
  tasksOf(id: string): string[] {
    return [...(this.#tasks.get(id) ?? [])].sort();
  }

  #use(id: string, taskId: string): void {
    let tasks = this.#tasks.get(id);
    if (!tasks) this.#tasks.set(id, (tasks = new Set()));
    tasks.add(taskId);
  }
}

/** One trajectory of a bank and its scores (which must include every label being compared). */
export interface BankEntry {
  trajectoryId: string;
  scores: TrajectoryScores;
}

/** Options of `bankSignature`. */
export interface BankSignatureOptions {
  /** Fewer trajectories than this make the bank too small to tell labels apart. @default 3 */
  minBankSize?: number;
}

/**
 * How a label judges a bank of trajectories: the vector of (final value, first-satisfied step) per
 * trajectory, sorted by trajectory id, as a string. Two labels with equal signatures are taken to
 * check the same key step.
 *
 * Returns null when the bank is trivial for this label, so that no dedupe happens on weak evidence:
 * fewer than `minBankSize` trajectories, the label raised an error or was not scored on one of them,
 * or its vector is constant (for example false everywhere, which any two unrelated labels share).
 */
export function bankSignature(labelId: string, bank: readonly BankEntry[], options: BankSignatureOptions = {}): string | null {
  const minBankSize = options.minBankSize ?? 3;
  if (bank.length < minBankSize) return null;
  const entries: [string, boolean, number | null][] = [];
  for (const { trajectoryId, scores } of bank) {
    if ((scores.errors[labelId]?.length ?? 0) > 0 || !(labelId in scores.final)) return null;
    entries.push([trajectoryId, scores.final[labelId] === true, scores.firstSatisfied[labelId] ?? null]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const distinct = new Set(entries.map(([, final, first]) => `${final}/${first}`));
  if (distinct.size < 2) return null;
  return JSON.stringify(entries);
}
