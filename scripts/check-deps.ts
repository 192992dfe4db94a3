/**
 * Checks that imports between src/ areas flow one way (DESIGN.md):
 * cli -> train/report -> agents, graph, labels -> env; suite depends only on env.
 * Run by `npm test`; prints each offending import and exits 1.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(import.meta.dirname, '..', 'src');
// Which areas each area may import from (besides itself).
const allowed: Record<string, string[]> = {
  env: [],
  models: ['env'],
  suite: ['env'],
  labels: ['models', 'env'],
  graph: ['labels', 'env'],
  agents: ['models', 'env'],
  interop: ['labels', 'models', 'env'],
  train: ['agents', 'graph', 'labels', 'models', 'env', 'suite', 'interop'],
  report: ['agents', 'graph', 'labels', 'models', 'env', 'suite', 'train'],
  cli: ['train', 'report', 'agents', 'graph', 'labels', 'models', 'env', 'suite', 'interop'],
  '.': ['cli', 'train', 'report', 'agents', 'graph', 'labels', 'models', 'env', 'suite', 'interop'],
};

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

const areaOf = (path: string) => {
  const rel = relative(root, path);
  return rel.includes('/') ? rel.split('/')[0]! : '.';
};

const problems: string[] = [];
for (const file of files(root)) {
  const from = areaOf(file);
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), match[1]!);
    if (!target.startsWith(root)) {
      problems.push(`${relative(root, file)}: imports outside src/ (${match[1]})`);
      continue;
    }
    const to = areaOf(target);
    if (to === from) continue;
    if (!(allowed[from] ?? []).includes(to)) {
      problems.push(`${relative(root, file)}: ${from} must not import from ${to} (${match[1]})`);
    }
  }
}
if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} import(s) break the one-way layering (see docs/ARCHITECTURE.md):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('check-deps: imports flow one way');
