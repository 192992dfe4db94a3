import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { BrowserRuntime, WebEnv } from '../../src/env/index.ts';
import type { ContextLease, OracleInput, Trajectory } from '../../src/env/index.ts';
import { serveSites } from '../../src/suite/server.ts';
import type { ServedSites } from '../../src/suite/server.ts';
import { runSolver } from '../../src/suite/solver-context.ts';
import { openWorkload, seedState, toProbe, trackerMutations as m, trackerSite } from '../../src/suite/sites/tracker/index.ts';
import type { Issue, TrackerProbe, TrackerState } from '../../src/suite/sites/tracker/index.ts';
import { trackerTemplates } from '../../src/suite/tasks/tracker.ts';
import type { TaskTemplate } from '../../src/suite/template.ts';

let served: ServedSites;
let url: string;
let runtime: BrowserRuntime;
let templates: TaskTemplate[];
const leases: ContextLease[] = [];

beforeAll(async () => {
  served = await serveSites([trackerSite]);
  url = served.sites[0]!.url;
  templates = trackerTemplates({ shop: 'http://127.0.0.1:9', forum: 'http://127.0.0.1:9', tracker: url });
  // Generous timeouts: this file shares two cores with other test runs.
  runtime = new BrowserRuntime({ executablePath: '/usr/lib/chromium/chromium-headless-shell', actionTimeout: 30_000, navigationTimeout: 60_000 });
});

afterAll(async () => {
  for (const lease of leases) await lease.release();
  await runtime?.close();
  await served?.close();
});

async function newContext(): Promise<BrowserContext> {
  const lease = await runtime.acquire();
  leases.push(lease);
  return lease.context;
}

async function probe(context: BrowserContext): Promise<{ seed: number; state: TrackerProbe }> {
  return (await context.request.get(`${url}/__coregym/probe`)).json();
}

async function openAt(context: BrowserContext, seed: number, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/__coregym/reset?seed=${seed}&next=${encodeURIComponent(path)}`);
  return page;
}

const issuePath = (i: Pick<Issue, 'project' | 'number'>) => `/projects/${i.project}/issues/${i.number}`;
const template = (id: string) => templates.find((t) => t.id === id)!;

describe('tracker seeded state', () => {
  it('builds the same state for the same seed and a different one for another seed', () => {
    expect(JSON.stringify(seedState(11))).toBe(JSON.stringify(seedState(11)));
    const a = seedState(11);
    const b = seedState(12);
    expect(a.issues.map((i) => `${i.title}|${i.state}|${i.assignee}|${i.labels}`)).not.toEqual(b.issues.map((i) => `${i.title}|${i.state}|${i.assignee}|${i.labels}`));
    expect(a.users.map((u) => u.username)).not.toEqual(b.users.map((u) => u.username));
  });

  it('seeds five projects, 120 issues, twelve people, ten labels and a single busiest person', () => {
    for (const seed of [0, 1, 2, 99, 2 ** 31 - 1]) {
      const st = seedState(seed);
      expect(st.projects).toHaveLength(5);
      expect(st.issues).toHaveLength(120);
      expect(st.users).toHaveLength(12);
      expect(st.labels).toHaveLength(10);
      expect(new Set(st.issues.map((i) => `${i.project}#${i.number}`)).size).toBe(120);
      expect(st.issues.some((i) => i.state === 'closed')).toBe(true);
      const counts = [...openWorkload(st).values()].sort((x, y) => y - x);
      expect(counts[0]).toBeGreaterThan(counts[1]!);
    }
  });
});

describe('tracker sessions', () => {
  it('reset restores the seeded state exactly, and another seed gives another state', async () => {
    const context = await newContext();
    const page = await openAt(context, 7, '/');
    const first = await probe(context);
    expect(first.seed).toBe(7);
    expect(JSON.stringify(first.state)).toBe(JSON.stringify(toProbe(seedState(7))));

    const open = first.state.issues.find((i) => i.state === 'open')!;
    await page.goto(url + issuePath(open));
    await page.getByRole('button', { name: 'Close issue' }).click();
    await page.getByText('Issue closed.').waitFor();
    expect((await probe(context)).state).not.toEqual(first.state);

    await page.goto(`${url}/__coregym/reset?seed=7`);
    expect(JSON.stringify((await probe(context)).state)).toBe(JSON.stringify(first.state));
    await page.goto(`${url}/__coregym/reset?seed=8`);
    expect(JSON.stringify((await probe(context)).state)).not.toBe(JSON.stringify(first.state));
    await page.close();
  });

  it('keeps four parallel contexts on the same seed apart while each changes something', async () => {
    const seed = 21;
    const open = seedState(seed).issues.filter((i) => i.state === 'open').slice(0, 4);
    const contexts = await Promise.all(open.map(() => newContext()));
    await Promise.all(
      contexts.map(async (context, k) => {
        const page = await openAt(context, seed, issuePath(open[k]!));
        await page.getByLabel('Add a comment').fill(`note from context ${k}`);
        await page.getByRole('button', { name: 'Comment' }).click();
        await page.getByText('Comment added.').waitFor();
        await page.getByRole('button', { name: 'Close issue' }).click();
        await page.getByText('Issue closed.').waitFor();
        await page.close();
      }),
    );
    for (const [k, context] of contexts.entries()) {
      const { state } = await probe(context);
      const closed = state.issues.filter((i) => open.some((o) => o.id === i.id) && i.state === 'closed').map((i) => i.id);
      expect(closed).toEqual([open[k]!.id]);
      const notes = state.issues.flatMap((i) => i.comments.filter((c) => c.body.startsWith('note from')).map((c) => c.body));
      expect(notes).toEqual([`note from context ${k}`]);
    }
  });
});

describe('tracker pages', () => {
  it('rejects an empty new issue with messages and keeps what was typed', async () => {
    const context = await newContext();
    const page = await openAt(context, 3, '/');
    await page.getByRole('link', { name: 'New issue' }).first().click();
    await page.getByLabel('Description').fill('Steps are in the ticket.');
    await page.getByRole('checkbox', { name: 'security' }).check();
    const response = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Create issue' }).click();
    expect((await response).status()).toBe(422);
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('Choose a project.');
    await expect(alert.textContent()).resolves.toContain('Title is required.');
    await expect(page.getByLabel('Description').inputValue()).resolves.toBe('Steps are in the ticket.');
    await expect(page.getByRole('checkbox', { name: 'security' }).isChecked()).resolves.toBe(true);

    await page.getByLabel('Project').selectOption({ label: 'Orbit Web' });
    await page.getByLabel('Title', { exact: true }).fill('Focus ring missing on tabs');
    await page.getByRole('button', { name: 'Create issue' }).click();
    await page.getByText(/Issue #\d+ created\./).waitFor();
    const created = (await probe(context)).state.issues.at(-1)!;
    expect(created).toMatchObject({ project: 'orbit-web', title: 'Focus ring missing on tabs', labels: ['security'], state: 'open' });
    await page.close();
  });

  it('pages through a long list and filters by clicking a label chip', async () => {
    const context = await newContext();
    const st = seedState(5);
    const all = st.issues.filter((i) => i.project === 'atlas-api');
    const page = await openAt(context, 5, '/projects/atlas-api/issues?state=all');
    await expect(page.getByText(`Showing 1–10 of ${all.length}`).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page.getByText(`Showing 11–20 of ${all.length}`).count()).resolves.toBe(1);

    await page.getByRole('link', { name: 'Open', exact: false }).first().click();
    const chip = page.locator('table a.chip', { hasText: /^bug$/ }).first();
    await chip.click();
    const openBugs = all.filter((i) => i.state === 'open' && i.labels.includes('bug')).length;
    await expect(page.getByRole('link', { name: `Open ${openBugs}` }).count()).resolves.toBe(1);
    await page.close();
  });

  it('edits labels in the modal dialog and shows history only on its tab', async () => {
    const context = await newContext();
    const issue = seedState(9).issues.find((i) => i.state === 'open' && !i.labels.includes('regression'))!;
    const page = await openAt(context, 9, issuePath(issue));
    await expect(page.getByRole('checkbox', { name: 'regression' }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Edit labels' }).click();
    await page.getByRole('dialog').waitFor();
    await page.getByRole('checkbox', { name: 'regression' }).check();
    await page.getByRole('button', { name: 'Apply labels' }).click();
    await page.getByText('Labels updated.').waitFor();
    const after = (await probe(context)).state.issues.find((i) => i.id === issue.id)!;
    expect(after.labels).toEqual([...issue.labels, 'regression']);

    await expect(page.getByText('added label regression').isVisible()).resolves.toBe(false);
    await page.getByRole('tab', { name: /^History/ }).click();
    await expect(page.getByText('added label regression').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('bulk-labels the selected rows and refuses a bulk action with nothing selected', async () => {
    const context = await newContext();
    const page = await openAt(context, 4, '/projects/relay-mobile/issues');
    await page.getByRole('button', { name: 'Close selected' }).click();
    await page.getByText('Select at least one issue first.').waitFor();

    const boxes = page.getByRole('checkbox', { name: /^Select (?!all)/ });
    const titles = [(await boxes.nth(0).getAttribute('aria-label'))!.slice(7), (await boxes.nth(1).getAttribute('aria-label'))!.slice(7)];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await expect(page.locator('#selected-count').textContent()).resolves.toBe('2 selected');
    await page.getByLabel('Label to add').selectOption({ label: 'needs triage' });
    await page.getByRole('button', { name: 'Add label to selected' }).click();
    await page.getByText('Added label needs triage to 2 issues.').waitFor();
    const { state } = await probe(context);
    for (const title of titles) expect(state.issues.find((i) => i.title === title)!.labels).toContain('needs triage');
    await page.close();
  });

  it('rejects an empty comment and a blank title edit', async () => {
    const context = await newContext();
    const issue = seedState(6).issues[0]!;
    const page = await openAt(context, 6, issuePath(issue));
    await page.getByRole('button', { name: 'Comment' }).click();
    await page.getByText('Comment cannot be empty.').waitFor();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Title').fill('   ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Title is required.').waitFor();
    expect(JSON.stringify((await probe(context)).state)).toBe(JSON.stringify(toProbe(seedState(6))));
    await page.close();
  });
});

describe('tracker templates', () => {
  it('has the required mix of templates', () => {
    const ids = templates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(templates.length).toBeGreaterThanOrEqual(15);
    const tagged = (tag: string) => templates.filter((t) => t.tags?.includes(tag));
    expect(tagged('multi-strategy').length).toBeGreaterThanOrEqual(5);
    for (const t of tagged('multi-strategy')) expect(Object.keys(t.solvers).length, t.id).toBeGreaterThanOrEqual(2);
    expect(tagged('info-seeking').length).toBeGreaterThanOrEqual(4);
    expect(tagged('infeasible').length).toBeGreaterThanOrEqual(1);
    expect(tagged('long-horizon').length).toBeGreaterThanOrEqual(4);
    const heldout = templates.filter((t) => t.split === 'heldout').length / templates.length;
    expect(heldout).toBeGreaterThan(0.2);
    expect(heldout).toBeLessThan(0.35);
  });

  it('instantiates every template for seeds 0..4 with params that match the seeded state', () => {
    for (const t of templates) {
      for (const seed of [0, 1, 2, 3, 4]) {
        const inst = t.instantiate(seed);
        expect(inst).toEqual(t.instantiate(seed));
        expect(inst.startUrl.startsWith(`${url}/__coregym/reset?seed=${seed}&next=`)).toBe(true);
        expect(inst.goal.length).toBeGreaterThan(20);
        const st = seedState(seed);
        const p = inst.params as Record<string, unknown>;
        if (typeof p.key === 'string') {
          const issue = st.issues.find((i) => `${i.project}#${i.number}` === p.key);
          expect(issue?.title, `${t.id} seed ${seed}`).toBe(p.title);
          expect(inst.goal).toContain(issue!.title);
        }
        for (const key of (p.keys as string[] | undefined) ?? []) expect(st.issues.some((i) => `${i.project}#${i.number}` === key)).toBe(true);
        if (typeof p.username === 'string' && t.id !== 'tracker.assign-nonexistent-user') expect(st.users.some((u) => u.username === p.username)).toBe(true);
        if (typeof p.ghost === 'string') expect(st.users.some((u) => u.name === p.ghost)).toBe(false);
      }
    }
  });

  it('instantiates for many seeds, including the extremes, and varies with the seed', () => {
    const instances = new Map(templates.map((t) => [t.id, new Set<string>()]));
    // Seeds outermost: each seed's state is built once and shared by every template.
    for (const seed of [...Array.from({ length: 40 }, (_, k) => k * 7919), 2 ** 31 - 1, 2 ** 31]) {
      for (const t of templates) instances.get(t.id)!.add(JSON.stringify(t.instantiate(seed).params));
    }
    // delete-project can only vary over the five projects.
    for (const [id, seen] of instances) expect(seen.size, id).toBeGreaterThanOrEqual(5);
  });
});

describe('tracker oracles', () => {
  const seed = 1;
  const input = (t: TaskTemplate, state: TrackerState, extra: Partial<OracleInput> = {}): OracleInput => ({
    instance: { taskId: t.id, seed, maxSteps: t.maxSteps, ...t.instantiate(seed) },
    trajectory: {} as Trajectory,
    probes: { tracker: { seed, state } },
    ...extra,
  });
  const verdict = (id: string, edit: (st: TrackerState, p: Record<string, unknown>) => void, extra: Partial<OracleInput> = {}) => {
    const t = template(id);
    const st = seedState(seed);
    edit(st, t.instantiate(seed).params);
    return t.oracle!(input(t, st, extra)) as { success: boolean; reason?: string };
  };
  const byKey = (st: TrackerState, key: unknown) => st.issues.find((i) => `${i.project}#${i.number}` === key)!;
  const other = (st: TrackerState, key: unknown, where: (i: Issue) => boolean = () => true) => st.issues.find((i) => `${i.project}#${i.number}` !== key && where(i))!;
  const otherUser = (st: TrackerState, username: unknown) => st.users.find((u) => u.username !== username)!.username;

  it('close-issue: right issue passes, wrong or extra issue fails', () => {
    const id = 'tracker.close-issue';
    expect(verdict(id, (st, p) => m.setIssueState(st, byKey(st, p.key), 'closed')).success).toBe(true);
    expect(verdict(id, (st, p) => m.setIssueState(st, other(st, p.key, (i) => i.state === 'open'), 'closed')).success).toBe(false);
    const both = verdict(id, (st, p) => {
      m.setIssueState(st, byKey(st, p.key), 'closed');
      m.setIssueState(st, other(st, p.key, (i) => i.state === 'open'), 'closed');
    });
    expect(both.success).toBe(false);
    expect(both.reason).toContain('unrequested changes');
    expect(verdict(id, (st, p) => m.setIssueState(st, byKey(st, p.key), 'closed'), { infeasible: 'cannot' }).success).toBe(false);
  });

  it('assign-issue and triage: the wrong person fails', () => {
    expect(verdict('tracker.assign-issue', (st, p) => m.setAssignee(st, byKey(st, p.key), p.username as string)).success).toBe(true);
    expect(verdict('tracker.assign-issue', (st, p) => m.setAssignee(st, byKey(st, p.key), otherUser(st, p.username))).success).toBe(false);
    const keys = (p: Record<string, unknown>) => p.keys as string[];
    expect(verdict('tracker.triage-unassigned-bugs', (st, p) => keys(p).forEach((k) => m.setAssignee(st, byKey(st, k), p.username as string))).success).toBe(true);
    expect(
      verdict('tracker.triage-unassigned-bugs', (st, p) =>
        keys(p).forEach((k, n) => m.setAssignee(st, byKey(st, k), n === 0 ? otherUser(st, p.username) : (p.username as string))),
      ).success,
    ).toBe(false);
  });

  it('add-label-to-labelled: missing one issue or labelling a closed one fails', () => {
    const id = 'tracker.add-label-to-labelled';
    const all = (st: TrackerState, p: Record<string, unknown>) => (p.expected as { key: string }[]).forEach((e) => m.addLabel(st, byKey(st, e.key), p.to as string));
    expect(verdict(id, all).success).toBe(true);
    expect(verdict(id, (st, p) => (p.expected as { key: string }[]).slice(1).forEach((e) => m.addLabel(st, byKey(st, e.key), p.to as string))).success).toBe(false);
    const closedToo = verdict(id, (st, p) => {
      all(st, p);
      m.addLabel(st, st.issues.find((i) => i.state === 'closed' && !i.labels.includes(p.to as string))!, p.to as string);
    });
    expect(closedToo.success).toBe(false);
  });

  it('create-issue: exact fields pass, a missing label or a second issue fails', () => {
    const id = 'tracker.create-issue';
    const create = (st: TrackerState, p: Record<string, unknown>, labels = p.labels as string[]) =>
      m.createIssue(st, { project: p.slug as string, title: p.title as string, description: p.description as string, labels, assignee: p.username as string, milestone: null });
    expect(verdict(id, (st, p) => create(st, p)).success).toBe(true);
    expect(verdict(id, (st, p) => create(st, p, (p.labels as string[]).slice(0, 1))).success).toBe(false);
    expect(verdict(id, (st, p) => (create(st, p), create(st, p))).success).toBe(false);
  });

  it('comment, milestone, title and label removal: near misses fail', () => {
    expect(verdict('tracker.comment-on-issue', (st, p) => m.addComment(st, byKey(st, p.key), p.text as string)).success).toBe(true);
    expect(verdict('tracker.comment-on-issue', (st, p) => m.addComment(st, byKey(st, p.key), `${p.text as string}!!`)).success).toBe(false);
    expect(verdict('tracker.comment-on-issue', (st, p) => m.addComment(st, other(st, p.key), p.text as string)).success).toBe(false);

    expect(verdict('tracker.change-milestone', (st, p) => m.setMilestone(st, byKey(st, p.key), p.milestone as string)).success).toBe(true);
    expect(verdict('tracker.change-milestone', (st, p) => m.setMilestone(st, byKey(st, p.key), null)).success).toBe(false);

    const rename = (st: TrackerState, p: Record<string, unknown>, description?: string) => {
      const i = byKey(st, p.key);
      m.editIssue(st, i, p.newTitle as string, description ?? i.description);
    };
    expect(verdict('tracker.edit-title', (st, p) => rename(st, p)).success).toBe(true);
    expect(verdict('tracker.edit-title', (st, p) => rename(st, p, 'wiped')).success).toBe(false);

    expect(verdict('tracker.remove-label', (st, p) => m.removeLabel(st, byKey(st, p.key), p.label as string)).success).toBe(true);
    expect(verdict('tracker.remove-label', (st, p) => m.setLabels(st, byKey(st, p.key), [])).success).toBe(false);
  });

  it('close-milestone-issues: leaving one open fails', () => {
    const id = 'tracker.close-milestone-issues';
    expect(verdict(id, (st, p) => (p.keys as string[]).forEach((k) => m.setIssueState(st, byKey(st, k), 'closed'))).success).toBe(true);
    expect(verdict(id, (st, p) => (p.keys as string[]).slice(1).forEach((k) => m.setIssueState(st, byKey(st, k), 'closed'))).success).toBe(false);
  });

  it('information answers: wrong, hedged or missing answers fail', () => {
    const ask = (id: string, answer: string) => verdict(id, () => undefined, { answer }).success;
    const p = (id: string) => template(id).instantiate(seed).params as Record<string, unknown>;
    const st = seedState(seed);
    const nameOf = (username: unknown) => st.users.find((u) => u.username === username)!.name;

    const count = p('tracker.count-open-labelled').count as number;
    expect(ask('tracker.count-open-labelled', `There are ${count} open issues.`)).toBe(true);
    expect(ask('tracker.count-open-labelled', String(count + 1))).toBe(false);
    expect(ask('tracker.count-open-labelled', `${count} or ${count + 1}`)).toBe(false);

    for (const id of ['tracker.who-is-assigned', 'tracker.most-assigned-user', 'tracker.who-closed-issue']) {
      const username = p(id).username;
      const someoneElse = nameOf(otherUser(st, username));
      expect(ask(id, nameOf(username).toUpperCase()), id).toBe(true);
      expect(ask(id, `@${username as string}`), id).toBe(true);
      expect(ask(id, someoneElse), id).toBe(false);
      expect(ask(id, `${nameOf(username)} or ${someoneElse}`), id).toBe(false);
    }

    const bug = p('tracker.oldest-open-bug');
    expect(ask('tracker.oldest-open-bug', `"${bug.title as string}".`)).toBe(true);
    expect(ask('tracker.oldest-open-bug', (bug.others as string[])[0]!)).toBe(false);
    expect(verdict('tracker.oldest-open-bug', () => undefined, {}).success).toBe(false);
  });

  it('infeasible tasks pass only when reported infeasible without changes', () => {
    for (const id of ['tracker.assign-nonexistent-user', 'tracker.add-missing-label', 'tracker.delete-project']) {
      expect(verdict(id, () => undefined, { infeasible: 'not possible' }).success, id).toBe(true);
      expect(verdict(id, () => undefined, { answer: 'done' }).success, id).toBe(false);
      expect(verdict(id, (st) => m.setIssueState(st, st.issues.find((i) => i.state === 'open')!, 'closed'), { infeasible: 'not possible' }).success, id).toBe(false);
    }
  });
});

describe('tracker solvers', () => {
  const seeds = [1, 2, 3];
  const ids = trackerTemplates({ shop: '', forum: '', tracker: '' }).map((t) => t.id);
  let envs: WebEnv[] = [];
  beforeAll(() => {
    // One env per (strategy, seed) pair of a two-strategy template, so a template's runs go in parallel.
    envs = Array.from({ length: 6 }, () => new WebEnv({ runtime, settleTimeout: 20_000 }));
  });
  afterAll(async () => {
    for (const env of envs) await env.close();
  });

  it.each(ids)('%s: every solver passes its oracle on seeds 1..3 within the step budget', async (id) => {
    const t = template(id);
    let fewest = Infinity;
    const jobs = Object.keys(t.solvers).flatMap((strategy) => seeds.map((seed) => ({ strategy, seed })));
    expect(jobs.length).toBeLessThanOrEqual(envs.length);
    // allSettled: a failing run must not leave its env busy for the next template.
    const settled = await Promise.allSettled(jobs.map((job, k) => runSolver(envs[k]!, t, job.seed, { strategy: job.strategy })));
    for (const [k, result] of settled.entries()) {
      const label = `${jobs[k]!.strategy} on seed ${jobs[k]!.seed}`;
      if (result.status === 'rejected') throw new Error(`${label}: ${String(result.reason)}`);
      expect(result.value.outcome?.oracle, label).toMatchObject({ success: true });
      expect(result.value.steps.length, label).toBeLessThanOrEqual(t.maxSteps);
      fewest = Math.min(fewest, result.value.steps.length);
    }
    if (t.tags?.includes('long-horizon')) expect(fewest).toBeGreaterThanOrEqual(8);
  }, 240_000);
});
