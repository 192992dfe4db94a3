/**
 * Form plumbing shared by the tracker's handlers: reading posted fields and one-shot flash
 * messages carried across a POST-redirect-GET.
 * @module
 */
import type { Context } from 'hono';
import type { SiteEnv } from '../../site.ts';
import type { TrackerState } from './state.ts';

export type TrackerContext = Context<SiteEnv<TrackerState>>;

/** Posted form fields; repeated fields (checkbox groups) as arrays. */
export interface FormFields {
  one(name: string): string;
  all(name: string): string[];
}

export async function readForm(c: TrackerContext): Promise<FormFields> {
  const body = await c.req.parseBody({ all: true });
  const values = (name: string): string[] => {
    const v = body[name];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === 'string');
  };
  return { one: (name) => values(name)[0] ?? '', all: values };
}

export interface Flash {
  kind: 'notice' | 'error';
  text: string;
}

/**
 * Flash messages kept outside the backend state so probes see only what the user changed.
 * Keyed by session id; read once.
 */
export class FlashStore {
  #bySession = new Map<string, Flash>();
  set(c: TrackerContext, text: string, kind: Flash['kind'] = 'notice'): void {
    this.#bySession.set(c.get('sid'), { kind, text });
    // Sessions are evicted by the site frame; bound this map the same rough way.
    if (this.#bySession.size > 2000) this.#bySession.delete(this.#bySession.keys().next().value!);
  }
  take(c: TrackerContext): Flash | undefined {
    const sid = c.get('sid');
    const flash = this.#bySession.get(sid);
    this.#bySession.delete(sid);
    return flash;
  }
}
