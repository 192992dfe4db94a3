/**
 * What the trajectory viewer embeds: each episode's steps (action, model output, reward, key
 * steps), screenshots as data URLs or relative links, and the task's strategy graph page with the
 * path taken highlighted.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { toHtml } from '../graph/index.ts';
import { graphFor } from './instance-graph-rewarder.ts';
import type { LoadedRun } from './load-run.ts';
import { screenshotDir } from './results.ts';

/** How screenshots reach the report: inlined (self-contained) or linked relative to the report file. */
export type ScreenshotMode = 'embed' | 'link';

export interface ViewerStep {
  action: string;
  /** The element the action touched, e.g. `button "Add to cart"`. */
  target?: string;
  raw?: string;
  thought?: string;
  reward: number;
  newly: string[];
  error: string;
  url: string;
  shot: string | null;
}

export interface ViewerEpisode {
  key: string;
  task: string;
  seed: number;
  goal: string;
  status: string;
  success: boolean | null;
  graph: boolean | null;
  reason?: string;
  answer?: string;
  reward: number | null;
  seconds: number | null;
  infra: string;
  labelled: boolean;
  graphRef: string | null;
  steps: ViewerStep[];
}

export interface ViewerData {
  runs: { name: string; episodes: ViewerEpisode[] }[];
  keySteps: Record<string, string>;
  graphs: Record<string, string>;
}

const MAX_TEXT = 4000;
const clip = (s: string | undefined) => (s === undefined ? undefined : s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}… (${s.length} chars)` : s);
const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

/** Build the viewer's data for `runs`; `reportDir` is where the report is written (for linked screenshots). */
export function viewerData(runs: readonly LoadedRun[], options: { screenshots: ScreenshotMode; reportDir: string }): ViewerData {
  const keySteps: Record<string, string> = {};
  const graphs: Record<string, string> = {};
  const graphRefs = new Map<string, string>();
  for (const run of runs) for (const g of run.graphs.values()) for (const n of g.nodes()) keySteps[n.id] = n.description;

  const shot = (run: LoadedRun, task: string, seed: number, index: number): string | null => {
    const file = join(run.dir, screenshotDir(task, seed), `${index}.png`);
    if (!existsSync(file)) return null;
    if (options.screenshots === 'embed') return `data:image/png;base64,${readFileSync(file).toString('base64')}`;
    return relative(options.reportDir, file).split(sep).map(encodeURIComponent).join('/');
  };

  return {
    runs: runs.map((run) => ({
      name: run.name,
      episodes: run.results.episodes
        .filter((row) => row.status !== 'pending')
        .map((row): ViewerEpisode => {
          const trajectory = run.trajectories.get(row.key);
          const graph = graphFor(run.graphs, row.task_id, row.seed);
          let graphRef: string | null = null;
          if (graph && trajectory) {
            const path = (row.path ?? []).filter((id) => id === 'START' || id === 'END' || graph.node(id));
            const cacheKey = `${run.dir}\n${graph.taskId}\n${path.join(',')}`;
            graphRef = graphRefs.get(cacheKey) ?? null;
            if (graphRef === null) {
              graphRef = `g${graphRefs.size}`;
              graphRefs.set(cacheKey, graphRef);
              graphs[graphRef] = toHtml(graph, { highlightPath: path, title: `Strategy graph: ${graph.taskId}` });
            }
          }
          return {
            key: row.key,
            task: row.task_id,
            seed: row.seed,
            goal: trajectory?.goal ?? '',
            status: row.status,
            success: row.success,
            graph: row.graph_success,
            ...(row.oracle_reason !== undefined && { reason: row.oracle_reason }),
            ...(trajectory?.answer !== undefined && { answer: trajectory.answer }),
            reward: round(row.reward),
            seconds: round(row.seconds),
            infra: row.infra_errors.map((e) => `${e.code}: ${e.message}`).join('; '),
            labelled: row.has_labels,
            graphRef,
            steps: (trajectory?.steps ?? []).map((s) => ({
              action: s.actionText,
              ...(s.target && { target: `${s.target.role} ${JSON.stringify(s.target.name)}` }),
              ...(s.raw !== undefined && { raw: clip(s.raw) }),
              ...(s.thought !== undefined && { thought: clip(s.thought) }),
              reward: round(s.reward) ?? 0,
              newly: s.newlySatisfied,
              error: s.error,
              url: s.url,
              shot: shot(run, row.task_id, row.seed, s.index),
            })),
          };
        }),
    })),
    keySteps,
    graphs,
  };
}
