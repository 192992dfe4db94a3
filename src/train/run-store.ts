/**
 * The run directory: everything a training or benchmark run produces, written so that a kill -9
 * at any moment loses at most the episodes in flight. Episodes are appended to JSONL files as
 * each ends (one write + fsync per line); a torn last line from a kill is detected and cut on open.
 * @module
 */
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { RunError } from '../env/errors.ts';
import { TrajectorySchema } from '../env/trajectory.ts';
import type { Trajectory } from '../env/trajectory.ts';

/** One line of an episodes file: a finished episode, or an infrastructure error for one attempt. */
export const EpisodeRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('episode'),
    /** Identifies the episode within the run, e.g. `r1/shop.add-to-cart/s3/k2`; resume skips keys already recorded. */
    key: z.string(),
    attempt: z.number().int().min(1),
    trajectory: TrajectorySchema,
  }),
  z.object({
    kind: z.literal('error'),
    key: z.string(),
    attempt: z.number().int().min(1),
    code: z.string(),
    message: z.string(),
    /** Steps taken before the failure. */
    steps: z.number().int().min(0),
  }),
]);
export type EpisodeRecord = z.infer<typeof EpisodeRecordSchema>;

/** What reading an episodes file found. */
export interface EpisodeLog {
  records: EpisodeRecord[];
  /** Bytes of a torn final line that were cut off (0 when the file was clean). */
  tornBytes: number;
  /** Lines that were complete but did not parse (corruption, not a torn write). */
  corruptLines: number;
}

/**
 * Read an episodes JSONL file. A final line without its newline is a write torn by a kill: it is
 * cut from the file (when `repair` is true) so appends continue cleanly.
 * @throws RunError `run_io` when the path cannot be read (a directory, no permission).
 */
export function readEpisodeLog(path: string, options: { repair?: boolean } = {}): EpisodeLog {
  if (!existsSync(path)) return { records: [], tornBytes: 0, corruptLines: 0 };
  const records: EpisodeRecord[] = [];
  let corruptLines = 0;
  const parseLine = (line: string) => {
    if (!line.trim()) return;
    try {
      const parsed = EpisodeRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else corruptLines++;
    } catch {
      corruptLines++;
    }
  };
  let size: number;
  let tornBytes: number;
  try {
    ({ size, tornBytes } = forEachLine(path, parseLine));
  } catch (error) {
    throw new RunError('run_io', `readEpisodeLog: cannot read ${path} (${(error as Error).message}). Pass the path of an episodes .jsonl file.`, { cause: error });
  }
  if (tornBytes > 0 && options.repair) truncateSync(path, size - tornBytes);
  return { records, tornBytes, corruptLines };
}

const READ_CHUNK = 16 * 1024 * 1024;

/**
 * Call `onLine` with each newline-terminated line of a file, reading it in chunks: a long run's log
 * outgrows what one string (512 MB) or one readFileSync (2 GB) can hold. Returns the file's size
 * and the bytes after its last newline. A single line too long for a string counts as unparsable.
 */
function forEachLine(path: string, onLine: (line: string) => void): { size: number; tornBytes: number } {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let carry = Buffer.alloc(0);
    for (let pos = 0; pos < size; ) {
      const chunk = Buffer.allocUnsafe(Math.min(READ_CHUNK, size - pos));
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      pos += n;
      const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
        let line: string;
        try {
          line = data.toString('utf8', start, nl);
        } catch {
          line = '\u0000'; // longer than a string can be: not JSON, so counted as corrupt
        }
        onLine(line);
        start = nl + 1;
      }
      carry = Buffer.from(data.subarray(start));
    }
    return { size, tornBytes: carry.length };
  } finally {
    closeSync(fd);
  }
}

/** Appends records to an episodes file durably: one write and one fsync per record. */
export class EpisodeWriter {
  readonly path: string;
  #fd: number | undefined;
  constructor(path: string) {
    this.path = path;
    mkdirSync(dirname(path), { recursive: true });
    readEpisodeLog(path, { repair: true });
    this.#fd = openSync(path, 'a');
  }
  append(record: EpisodeRecord): void {
    if (this.#fd === undefined) throw new RunError('run_io', `EpisodeWriter.append: ${this.path} is closed.`);
    writeSync(this.#fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.#fd);
  }
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** Write a JSON file atomically (write to a temp file, then rename), so a kill never leaves half a file. */
export function writeJsonAtomic(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const text = `${JSON.stringify(value, null, 2)}\n`;
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (error) {
    // A failed write or rename (disk full, the target is a folder) must not leave the temp file behind.
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** Read a JSON file, or undefined when it does not exist. @throws RunError `run_invalid` when it is not valid JSON. */
export function readJson(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RunError('run_invalid', `readJson: ${path} is not valid JSON (${(error as Error).message}). Delete it or restore it from a backup.`);
  }
}

/** The finished trajectories of a log, last attempt per key. */
export function finishedEpisodes(log: EpisodeLog): Map<string, Trajectory> {
  const out = new Map<string, Trajectory>();
  for (const record of log.records) if (record.kind === 'episode') out.set(record.key, record.trajectory);
  return out;
}

/** Paths inside a run directory. */
export function runPaths(dir: string) {
  return {
    dir,
    config: join(dir, 'config.json'),
    summary: join(dir, 'summary.json'),
    round: (r: number) => {
      const base = join(dir, `round-${r}`);
      return {
        dir: base,
        episodes: join(base, 'episodes.jsonl'),
        eval: join(base, 'eval.jsonl'),
        labels: join(base, 'labels'),
        graphs: join(base, 'graphs'),
        dataset: join(base, 'dataset'),
        tasks: join(base, 'tasks.json'),
        metrics: join(base, 'metrics.json'),
        policy: join(base, 'policy.json'),
        expansions: join(base, 'expansions.json'),
      };
    },
    screenshots: join(dir, 'screenshots'),
  };
}
