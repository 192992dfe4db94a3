/**
 * Host-side calls of the in-page helpers of page-script.ts, installing them first in documents
 * that do not have them yet (pages created before the init script, or after it failed).
 * @module
 */
import type { ElementHandle, Page } from 'playwright-core';
import { PAGE_HELPERS_SCRIPT, type SnapshotOptions, type TargetStatus } from './page-script.ts';

type CheckArgs = { id: string; idLimit: number; kind: 'click' | 'hover' | 'fill' | 'select' | 'press' | 'upload'; options?: string[] };
interface Helpers {
  snapshot: [SnapshotOptions, string];
  check: [CheckArgs, TargetStatus];
  quiet: [{ quietMs: number; timeout: number }, number];
}
const MISSING = '__coregym_missing__';

/** Call a helper by name in the page. */
export async function callHelper<K extends keyof Helpers>(page: Page, name: K, arg: Helpers[K][0]): Promise<Helpers[K][1]> {
  const call = ([n, a, missing]: [string, unknown, string]) => {
    const h = (window as unknown as Record<symbol, Record<string, ((x: unknown) => unknown) | undefined> | undefined>)[Symbol.for('coregym.page')];
    const f = h?.[n];
    return f ? f(a) : missing;
  };
  let r = await page.evaluate(call, [name, arg, MISSING] as [string, unknown, string]);
  if (r === MISSING) {
    await page.evaluate(PAGE_HELPERS_SCRIPT);
    r = await page.evaluate(call, [name, arg, MISSING] as [string, unknown, string]);
  }
  return r as Helpers[K][1];
}

/** Check the target and get its handle in one round trip: the element, or why it cannot be acted on. */
export async function targetHandle(page: Page, arg: CheckArgs): Promise<ElementHandle | TargetStatus> {
  const find = ([a, missing]: [CheckArgs, string]) => {
    const h = (window as unknown as Record<symbol, { check?: (x: unknown) => TargetStatus; byId?: Map<string, WeakRef<Element>> } | undefined>)[Symbol.for('coregym.page')];
    if (!h?.check) return missing;
    const s = h.check(a);
    return s.status === 'ok' ? h.byId!.get(a.id)!.deref()! : s;
  };
  let handle = await page.evaluateHandle(find, [arg, MISSING] as [CheckArgs, string]);
  let el = handle.asElement();
  if (!el) {
    let v = (await handle.jsonValue()) as TargetStatus | string;
    if (v === MISSING) {
      await page.evaluate(PAGE_HELPERS_SCRIPT);
      handle = await page.evaluateHandle(find, [arg, MISSING] as [CheckArgs, string]);
      el = handle.asElement();
      if (el) return el as ElementHandle;
      v = (await handle.jsonValue()) as TargetStatus;
    }
    return v as TargetStatus;
  }
  return el as ElementHandle;
}
