/**
 * Linux /proc helpers: find the Chromium that Playwright spawned and measure its process tree.
 * Elsewhere these return undefined / 0, and callers treat the numbers as unavailable.
 * @module
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

interface ProcInfo {
  pid: number;
  ppid: number;
  rssPages: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** cutime + cstime: CPU of the children this process has reaped, in clock ticks. */
  reapedCpuTicks: number;
}

function readProcs(): ProcInfo[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcInfo[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields start after the last ')'
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(e), ppid: Number(rest[1]), rssPages: Number(rest[21]), cpuTicks: Number(rest[11]) + Number(rest[12]), reapedCpuTicks: Number(rest[13]) + Number(rest[14]) });
    } catch {
      // the process exited while we were reading: it is simply not part of the tree
    }
  }
  return out;
}

/** Pids of direct children of this process running `executable`, newest first. */
export function childPidsOf(executable: string): number[] {
  const mine = readProcs().filter((p) => p.ppid === process.pid);
  const out: number[] = [];
  for (const p of mine) {
    try {
      if (readlinkSync(`/proc/${p.pid}/exe`) === executable) out.push(p.pid);
    } catch {
      // exited or not readable
    }
  }
  return out.sort((a, b) => b - a);
}

function treeOf(pid: number, procs = readProcs()): number[] {
  const out = procs.some((p) => p.pid === pid) ? [pid] : [];
  for (let i = 0; i < out.length; i++) for (const p of procs) if (p.ppid === out[i]) out.push(p.pid);
  return out;
}

/** Proportional set size of a process and its descendants, in MB: shared pages split between sharers. */
export function processTreePssMb(pid: number): number {
  let kb = 0;
  for (const p of treeOf(pid)) {
    try {
      kb += Number(/Pss:\s+(\d+)/.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited while reading, or smaps_rollup unavailable
    }
  }
  return kb / 1024;
}

/**
 * CPU time used so far by a Chromium and its descendants, in ms, by process type (`browser`,
 * `renderer`, `gpu-process`, `utility` ...). Processes that already exited (the renderers of
 * closed contexts) count through the times their parent reaped: a zygote reaps renderers.
 * Assumes Linux's usual 100 clock ticks per second.
 */
export function processTreeCpuMs(pid: number): Record<string, number> {
  const procs = readProcs();
  const tree = new Set(treeOf(pid, procs));
  const out: Record<string, number> = {};
  const add = (type: string, ticks: number) => {
    if (ticks > 0) out[type] = (out[type] ?? 0) + ticks * 10;
  };
  for (const p of procs) {
    if (!tree.has(p.pid)) continue;
    let type = 'browser';
    try {
      type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${p.pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
    } catch {
      // exited while reading: its time is in its parent's reaped times from now on
    }
    add(type === 'zygote' ? 'renderer' : type, p.cpuTicks);
    add(type === 'zygote' ? 'renderer' : type, p.reapedCpuTicks);
  }
  return out;
}

/** Resident memory of a process and all its descendants, in MB (0 when unknown). */
export function processTreeRssMb(pid: number): number {
  const procs = readProcs();
  const children = new Map<number, ProcInfo[]>();
  for (const p of procs) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const root = procs.find((p) => p.pid === pid);
  if (!root) return 0;
  let pages = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    pages += p.rssPages;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return (pages * 4096) / (1024 * 1024);
}
