/**
 * Writing report.html for one or more run directories.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RunError } from '../env/index.ts';
import { compareRuns } from './compare-runs.ts';
import type { RunComparison } from './compare-runs.ts';
import { loadRun } from './load-run.ts';
import { renderReport } from './report-html.ts';
import type { RenderReportOptions } from './report-html.ts';

/** Options of `writeReport`. */
export interface WriteReportOptions extends Omit<RenderReportOptions, 'reportDir'> {
  /** Where to write. @default `<run>/report.html` for one run, `report.html` in the working folder for several */
  out?: string;
}

/**
 * Load runs, render their report and write it.
 * @throws RunError `run_invalid` when no run is given or one is not a benchmark run.
 * @example
 * const { path, comparison } = writeReport(['runs/yesterday', 'runs/today'], { out: 'compare.html' });
 */
export function writeReport(dirs: readonly string[], options: WriteReportOptions = {}): { path: string; comparison: RunComparison } {
  if (dirs.length === 0) throw new RunError('run_invalid', 'writeReport: no run given (expected one or more benchmark run folders). Pass the --out folders of `coregym bench`.');
  const runs = dirs.map((d) => loadRun(d));
  const path = resolve(options.out ?? (dirs.length === 1 ? join(dirs[0]!, 'report.html') : 'report.html'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(runs, { ...options, reportDir: dirname(path) }));
  return { path, comparison: compareRuns(runs) };
}
