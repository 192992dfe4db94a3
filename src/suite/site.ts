/**
 * The frame every built-in site runs in: per-browser-context session state keyed by a cookie,
 * seeded from a number, with the control endpoints trusted task code uses
 * (`/__coregym/reset`, `/__coregym/probe`) and a fault switch for reliability tests.
 * @module
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

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

const CONTROL = '/__coregym';

/** Build the Hono app of a site around its definition. */
export function createSiteApp<S>(def: SiteDefinition<S>): SiteApp {
  const cookieName = `${def.name}_sid`;
  const sessions = new Map<string, { state: S; seed: number; touched: number }>();
  const faults: SiteFaults = {};
  const pendingHangs = new Set<() => void>();
  let counter = 0;
  // Sessions are per browser context; a long training run makes many, so old ones are evicted.
  const maxSessions = 2000;

  const newSession = (seed: number) => {
    const sid = `${Date.now().toString(36)}-${(counter++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    sessions.set(sid, { state: def.seedState(seed), seed, touched: Date.now() });
    if (sessions.size > maxSessions) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].touched - b[1].touched)[0];
      if (oldest) sessions.delete(oldest[0]);
    }
    return sid;
  };

  const app = new Hono<SiteEnv<S>>();

  app.get(`${CONTROL}/reset`, (c) => {
    const seedText = c.req.query('seed') ?? '0';
    const seed = Number(seedText);
    if (!Number.isInteger(seed)) return c.text(`reset: seed must be an integer (got ${JSON.stringify(seedText)})`, 400);
    const sid = newSession(seed);
    setCookie(c, cookieName, sid, { path: '/', httpOnly: true, sameSite: 'Lax' });
    const next = c.req.query('next');
    if (next && next.startsWith('/')) return c.redirect(next, 302);
    return c.json({ ok: true, seed });
  });

  app.get(`${CONTROL}/probe`, (c) => {
    const sid = getCookie(c, cookieName);
    const session = sid ? sessions.get(sid) : undefined;
    if (!session) return c.json({ error: 'no session: call /__coregym/reset first' }, 404);
    return c.json({ seed: session.seed, state: def.probe ? def.probe(session.state) : session.state });
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
    let session = sid ? sessions.get(sid) : undefined;
    if (!sid || !session) {
      // A visitor without a session (a person browsing `coregym suite serve`) gets seed 0.
      sid = newSession(0);
      session = sessions.get(sid)!;
      setCookie(c, cookieName, sid, { path: '/', httpOnly: true, sameSite: 'Lax' });
    }
    session.touched = Date.now();
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
