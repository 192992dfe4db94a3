/**
 * Find a Chromium executable, installing Debian's headless shell when allowed and possible.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BrowserNotFoundError } from './errors.ts';

/** Options of `findChromium`. */
export interface FindChromiumOptions {
  /** Install `chromium-headless-shell` with apt-get when nothing is found (root only). Also disabled by env `COREGYM_NO_INSTALL=1`. @default true */
  install?: boolean;
  /** Environment to read `CHROMIUM_PATH` and `COREGYM_NO_INSTALL` from. @default process.env */
  env?: NodeJS.ProcessEnv;
}

const SYSTEM_PATHS = ['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const INSTALL_COMMAND = 'apt-get update && apt-get install -y chromium-headless-shell';

function playwrightCacheCandidates(): string[] {
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const dirs = readdirSync(root).filter((d) => d.startsWith('chromium')).sort().reverse();
  for (const dir of dirs) {
    for (const rel of ['chrome-linux/headless_shell', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux64/chrome', 'chrome-linux/chrome']) {
      out.push(join(root, dir, rel));
    }
  }
  return out;
}

/** Every path `findChromium` tries, in order. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  return [...(env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : []), ...SYSTEM_PATHS, ...playwrightCacheCandidates()];
}

/**
 * Path of a Chromium to launch: `CHROMIUM_PATH`, then Debian's headless shell and chromium, then
 * Playwright's browser cache. When none exists and we run as root with apt-get, installs
 * `chromium-headless-shell` (printing what it does to stderr).
 * @throws BrowserNotFoundError `browser_not_found`, with the command that fixes it.
 */
export function findChromium(options: FindChromiumOptions = {}): string {
  const env = options.env ?? process.env;
  if (env.CHROMIUM_PATH && !existsSync(env.CHROMIUM_PATH)) {
    throw new BrowserNotFoundError('browser_not_found', `findChromium: CHROMIUM_PATH points to a missing file (got ${JSON.stringify(env.CHROMIUM_PATH)}). Fix the path or unset CHROMIUM_PATH.`);
  }
  const found = chromiumCandidates(env).find((p) => existsSync(p));
  if (found) return found;
  const installAllowed = options.install !== false && env.COREGYM_NO_INSTALL !== '1';
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (installAllowed && isRoot && hasApt) {
    process.stderr.write(`coregym: no Chromium found; installing Debian's headless shell: ${INSTALL_COMMAND}\n`);
    const r = spawnSync('sh', ['-c', INSTALL_COMMAND], { stdio: ['ignore', 'inherit', 'inherit'] });
    const after = SYSTEM_PATHS.find((p) => existsSync(p));
    if (r.status === 0 && after) return after;
  }
  const fix = hasApt
    ? `${isRoot ? '' : 'sudo '}sh -c '${INSTALL_COMMAND}'`
    : 'npx playwright install chromium';
  throw new BrowserNotFoundError(
    'browser_not_found',
    `findChromium: no Chromium executable found (tried ${chromiumCandidates(env).slice(0, 4).join(', ')}${installAllowed ? '' : '; automatic install disabled'}). Run:\n  ${fix}\nor set CHROMIUM_PATH to a Chromium or chrome-headless-shell binary.`,
  );
}
