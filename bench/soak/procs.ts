/**
 * /proc readings for the soak: which Chromium processes this run started (so leftovers can be
 * found after the run, even once a SIGKILL reparented them away from us) and resident memory.
 * @module
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  /** Start time in clock ticks since boot: a pid plus its start time names one process even after pid reuse. */
  start: number;
  rssPages: number;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: the fields we want come after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(rest[1]), start: Number(rest[19]), rssPages: Number(rest[21]) };
  } catch {
    return undefined; // exited while we looked
  }
}

function allProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) out.push(p);
  }
  return out;
}

function exeOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

function descendants(root: number, procs: Proc[]): Proc[] {
  const byParent = new Map<number, Proc[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: Proc[] = [];
  const stack = [...(byParent.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...(byParent.get(p.pid) ?? []));
  }
  return out;
}

/** Resident memory of a process and its descendants, in MB (0 when it is gone). */
export function treeRssMb(pid: number): number {
  const procs = allProcs();
  const root = procs.find((p) => p.pid === pid);
  if (!root) return 0;
  const pages = [root, ...descendants(pid, procs)].reduce((n, p) => n + p.rssPages, 0);
  return (pages * 4096) / (1024 * 1024);
}

/**
 * Remembers every Chromium process that ever ran below this process (browser servers, their
 * renderers, the training child's browser). Sample it often: a process killed with SIGKILL takes
 * its children out of our tree at once, and only a remembered (pid, start) pair finds them again.
 */
export class ChromiumCensus {
  readonly executable: string;
  readonly #seen = new Map<number, number>();

  constructor(executable: string) {
    this.executable = executable;
  }

  /** Record the Chromium processes below us now; returns how many there are. */
  sample(): number {
    const mine = descendants(process.pid, allProcs()).filter((p) => exeOf(p.pid) === this.executable);
    for (const p of mine) this.#seen.set(p.pid, p.start);
    return mine.length;
  }

  /** Processes seen so far. */
  get seen(): number {
    return this.#seen.size;
  }

  /** Remembered Chromium processes that are still alive (same pid and start time): leftovers once everything was closed. */
  survivors(): number[] {
    const out: number[] = [];
    for (const [pid, start] of this.#seen) {
      const p = readProc(pid);
      if (p && p.start === start && exeOf(pid) === this.executable) out.push(pid);
    }
    return out;
  }
}

/** Resident memory of this process in MB. */
export function selfRssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}
