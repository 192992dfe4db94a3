/**
 * The frame every built-in site runs in: per-browser-context session state keyed by a cookie,
 * seeded from a number, with the control endpoints trusted task code uses
 * (`/__coregym/reset`, `/__coregym/probe`, `/__coregym/release`) and a fault switch for
 * reliability tests.
 * @module
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** A built-in site: how to seed its state and which routes it serves. */
export interface SiteDefinition<S> {
  /** Short name: `shop`, `forum`, `tracker`. Also the cookie prefix. */
  name: string;
  /** Build the whole backend state for a seed. Deterministic in the seed; returns fresh objects. */
  seedState: (seed: number) => S;
  /** Register the site's pages and form handlers. Read and mutate state through `c.get('state')`. */
  routes: (app: Hono<SiteEnv<S>>) => void;
  /** What the probe endpoint returns; defaults to the whole state. Must be JSON-serializable. */
  probe?: (state: S) => unknown;
}

/** Hono environment of a site: every handler sees its session's state and id. */
export interface SiteEnv<S> {
  Variables: { state: S; sid: string; seed: number };
}

/** Faults a reliability test can switch on for a site. */
export interface SiteFaults {
  /** Hold every page request open until the fault is cleared. */
  hang?: boolean;
  /** Answer every page request with HTTP 500. */
  error500?: boolean;
}

/** A site app plus its fault switch. */
export interface SiteApp {
  name: string;
  app: Hono;
  faults: SiteFaults;
  /** Number of live sessions (for leak checks). */
  sessionCount(): number;
}

/** Limits on the sessions a site keeps. */
export interface SessionLimits {
  /** Sessions idle this long (ms) are dropped when the next one starts. @default 1_800_000 (30 min) */
  idleMs?: number;
  /** Most sessions kept; past it the least recently used goes. @default 2000 */
  max?: number;
}

const CONTROL = '/__coregym';

/** Build the Hono app of a site around its definition. */
export function createSiteApp<S>(def: SiteDefinition<S>, limits: SessionLimits = {}): SiteApp {
  const cookieName = `${def.name}_sid`;
  // Insertion order is recency order: a touched session is moved to the end, so the first entries
  // are the ones to expire. Episodes release theirs (the suite's task teardown); expiry catches
  // contexts that died before they could.
  const sessions = new Map<string, { state: S; seed: number; touched: number }>();
  const faults: SiteFaults = {};
  const pendingHangs = new Set<() => void>();
  let counter = 0;
  const idleMs = limits.idleMs ?? 30 * 60_000;
  const maxSessions = limits.max ?? 2000;

  const touch = (sid: string) => {
    const session = sessions.get(sid);
    if (!session) return undefined;
    session.touched = Date.now();
    sessions.delete(sid);
    sessions.set(sid, session);
    return session;
  };
  const newSession = (seed: number) => {
    const now = Date.now();
    for (const [sid, session] of sessions) {
      if (sessions.size < maxSessions && now - session.touched < idleMs) break;
      sessions.delete(sid);
    }
    const sid = `${now.toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    sessions.set(sid, { state: def.seedState(seed), seed, touched: now });
    return sid;
  };

  const app = new Hono<SiteEnv<S>>();

  app.get(`${CONTROL}/reset`, (c) => {
    const seedText = c.req.query('seed') ?? '0';
    const seed = Number(seedText);
    if (!Number.isInteger(seed)) return c.text(`reset: seed must be an integer (got ${JSON.stringify(seedText)})`, 400);
    // The browser is replacing its session: the old one cannot be reached again.
    const previous = getCookie(c, cookieName);
    if (previous !== undefined) sessions.delete(previous);
    const sid = newSession(seed);
    setCookie(c, cookieName, sid, { path: '/', httpOnly: true, sameSite: 'Lax' });
    const next = c.req.query('next');
    if (next && next.startsWith('/')) return c.redirect(next, 302);
    return c.json({ ok: true, seed });
  });

  app.get(`${CONTROL}/probe`, (c) => {
    const sid = getCookie(c, cookieName);
    const session = sid ? touch(sid) : undefined;
    if (!session) return c.json({ error: 'no session: call /__coregym/reset first' }, 404);
    return c.json({ seed: session.seed, state: def.probe ? def.probe(session.state) : session.state });
  });

  // The episode is over: drop its state now rather than when it expires.
  app.get(`${CONTROL}/release`, (c) => {
    const sid = getCookie(c, cookieName);
    const released = sid !== undefined && sessions.delete(sid);
    deleteCookie(c, cookieName, { path: '/' });
    return c.json({ released });
  });

  app.get(`${CONTROL}/health`, (c) => c.json({ ok: true, sessions: sessions.size }));

  app.use('*', async (c: Context<SiteEnv<S>>, next) => {
    if (faults.hang) {
      await new Promise<void>((resolve) => {
        pendingHangs.add(resolve);
        c.req.raw.signal?.addEventListener('abort', () => resolve());
      });
    }
    if (faults.error500) return c.text('Internal Server Error (fault injected)', 500);
    let sid = getCookie(c, cookieName);
    let session = sid ? touch(sid) : undefined;
    if (sid && !session) {
      // Not a fresh seed-0 session: an episode whose state vanished would go on against another
      // seed's data and be scored on it. A 5xx is what the env reports as the site's failure.
      deleteCookie(c, cookieName, { path: '/' });
      return c.text(`Session expired: this browser's ${def.name} session was released, idle for over ${Math.round(idleMs / 60_000)} min, or dropped as the least recently used of ${maxSessions}, or the server restarted. Start again at ${CONTROL}/reset?seed=0&next=/`, 503);
    }
    if (!sid || !session) {
      // A visitor without a session (a person browsing `coregym suite serve`) gets seed 0.
      sid = newSession(0);
      session = sessions.get(sid)!;
      setCookie(c, cookieName, sid, { path: '/', httpOnly: true, sameSite: 'Lax' });
    }
    c.set('state', session.state);
    c.set('sid', sid);
    c.set('seed', session.seed);
    await next();
  });

  def.routes(app);

  const releaseHangs = () => {
    for (const resolve of pendingHangs) resolve();
    pendingHangs.clear();
  };
  const faultProxy = new Proxy(faults, {
    set(target, key, value) {
      (target as Record<string | symbol, unknown>)[key] = value;
      if (key === 'hang' && !value) releaseHangs();
      return true;
    },
  });

  return { name: def.name, app: app as unknown as Hono, faults: faultProxy, sessionCount: () => sessions.size };
}
