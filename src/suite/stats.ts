/**
 * Counting what the suite offers: templates by kind, split and site, and the demos shipped.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DEMO_DIR } from './demo-store.ts';
import type { TaskTemplate } from './template.ts';

/** Template counts of the suite (the static half of `coregym suite stats`). */
export interface TemplateCounts {
  sites: number;
  templates: number;
  multi_strategy_templates: number;
  info_seeking: number;
  infeasible: number;
  long_horizon: number;
  heldout_templates: number;
  demos: number;
}

/** Count templates by tag and split, and demo files in `demoDir`. */
export function countTemplates(templates: readonly TaskTemplate[], demoDir = DEFAULT_DEMO_DIR): TemplateCounts {
  const has = (t: TaskTemplate, tag: string) => t.tags?.includes(tag) ?? false;
  let demos = 0;
  if (existsSync(demoDir)) {
    for (const task of readdirSync(demoDir)) {
      const dir = join(demoDir, task);
      if (existsSync(dir) && !task.endsWith('.json')) demos += readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.json.gz')).length;
    }
  }
  return {
    sites: new Set(templates.map((t) => t.site)).size,
    templates: templates.length,
    multi_strategy_templates: templates.filter((t) => Object.keys(t.solvers).length >= 2).length,
    info_seeking: templates.filter((t) => has(t, 'info-seeking')).length,
    infeasible: templates.filter((t) => has(t, 'infeasible')).length,
    long_horizon: templates.filter((t) => has(t, 'long-horizon')).length,
    heldout_templates: templates.filter((t) => t.split === 'heldout').length,
    demos,
  };
}
