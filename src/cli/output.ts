/**
 * Terminal output of the CLI: tables (cli-table3), progress bars (cli-progress) that stay quiet
 * when output is JSON or not a terminal, and the exit codes every command uses.
 * @module
 */
import cliProgress from 'cli-progress';
import Table from 'cli-table3';

/** Exit codes of `coregym`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** A bug or an unexpected failure (stack trace printed). */
  internal: 1,
  /** Bad input: a flag, a task file, a label file, an unknown task id. The message says what to fix. */
  usage: 2,
  /** The environment is missing something: no browser, no API key. The message says what to run. */
  setup: 3,
  /** The run finished but some episodes failed for infrastructure reasons (they are recorded). */
  partial: 4,
} as const;

/** A progress bar on stderr that does nothing when `enabled` is false. */
export interface Progress {
  tick(label?: string): void;
  total(n: number): void;
  stop(): void;
}

/** Start a progress bar (stderr, TTY only, off with --json). */
export function progress(title: string, total: number, enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { tick() {}, total() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} {label}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick: (label = '') => bar.increment(1, { label }),
    total: (n) => bar.setTotal(n),
    stop: () => bar.stop(),
  };
}

/** Render rows as a table string. */
export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

/** Format a share as a percentage. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '-' : `${(value * 100).toFixed(1)}%`;
}

/** Print JSON to stdout (the one output of --json). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
