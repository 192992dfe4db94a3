import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserRuntime, WebEnv, type Observation, type StepResult } from '../../src/env/index.ts';
import { LabelRewarder } from '../../src/labels/index.ts';
import { importWebArena, type Judge, type JudgeRequest, type WebArenaImport } from '../../src/interop/index.ts';
import { forumPostUrl } from '../../src/interop/webarena-html.ts';
import { startSuite, type RunningSuite } from '../../src/suite/index.ts';
import { seedForumState } from '../../src/suite/sites/forum/index.ts';
import { formatMoney, seedState as seedShopState } from '../../src/suite/sites/shop/index.ts';

// Sessions without a reset cookie get seed 0, so these are the pages the agent sees.
const product = seedShopState(0).products[0]!;
const price = formatMoney(product.priceCents);
const post = seedForumState(0).posts[0]!;
const COMMENT = 'Thanks for sharing, this helped me a lot.';

const configs = [
  {
    task_id: 'price', intent: `What is the price of ${product.name}?`, start_url: `__SHOPPING__/p/${product.slug}`, sites: ['shopping'],
    eval: { eval_types: ['string_match'], reference_answers: { must_include: [price] } },
  },
  {
    task_id: 'cart', intent: 'Open my shopping cart.', start_url: '__SHOPPING__/', sites: ['shopping'], require_login: true, storage_state: './.auth/shopping_state.json',
    eval: {
      eval_types: ['url_match', 'program_html'], reference_url: '__SHOPPING__/cart', url_note: 'GOLD in PRED',
      program_html: [{ url: 'last', locator: 'document.cookie', required_contents: { must_include: ['wa_user=emma'] } }],
    },
  },
  {
    task_id: 'comment', intent: `Comment "${COMMENT}" on the post "${post.title}".`, start_url: `__REDDIT__/f/${post.forum}/${post.id}`, sites: ['reddit'],
    eval: {
      eval_types: ['program_html'],
      program_html: [
        { url: 'last', locator: "document.querySelector('h1').outerText", required_contents: { exact_match: post.title } },
        { url: `__REDDIT__/f/${post.forum}/${post.id}`, locator: "document.querySelector('#comments').outerText", required_contents: { must_include: [`${COMMENT} |OR| ${COMMENT.toUpperCase()}`] } },
      ],
    },
  },
  {
    task_id: 'fuzzy', intent: `Is ${product.name} cheaper than $1,000,000?`, start_url: `__SHOPPING__/p/${product.slug}`, sites: ['shopping'],
    eval: { eval_types: ['string_match'], reference_answers: { fuzzy_match: ['Yes, it is cheaper'] } },
  },
];

/** A judge for tests: passes answers that start with the reference's first word. */
class FirstWordJudge implements Judge {
  readonly requests: JudgeRequest[] = [];
  async judge(request: JudgeRequest) {
    this.requests.push(request);
    return { pass: request.answer.toLowerCase().startsWith(request.reference.split(/[ ,]/)[0]!.toLowerCase()) };
  }
}

let suite: RunningSuite;
let runtime: BrowserRuntime;
let dir: string;
let imported: WebArenaImport;
let env: WebEnv;
const judge = new FirstWordJudge();

beforeAll(async () => {
  suite = await startSuite({ register: false });
  runtime = new BrowserRuntime();
  dir = await mkdtemp(join(tmpdir(), 'coregym-wa-run-'));
  await writeFile(join(dir, 'shopping_state.json'), JSON.stringify({ cookies: [{ name: 'wa_user', value: 'emma', domain: '127.0.0.1', path: '/' }], origins: [] }));
  imported = await importWebArena(configs, { sites: { shopping: suite.urls.shop, reddit: suite.urls.forum }, judge, authDir: dir, prefix: 'wa-run' });
  env = new WebEnv({ runtime, rewarder: new LabelRewarder(imported.labels) });
});

afterAll(async () => {
  await env?.close();
  await runtime?.close();
  await suite?.close();
  await rm(dir, { recursive: true, force: true });
});

const find = (obs: Observation, role: string, name: RegExp) => obs.elements.find((e) => e.role === role && name.test(e.name))?.id;

/** Reset, run the actions (a function may build one from the observation), and return every step result. */
async function play(task: string, actions: (string | ((o: Observation) => string))[]): Promise<StepResult[]> {
  let { observation } = await env.reset({ task, seed: 0 });
  const results: StepResult[] = [];
  for (const a of actions) {
    const r = await env.step(typeof a === 'string' ? a : a(observation));
    expect(r.observation.lastActionError).toBe('');
    observation = r.observation;
    results.push(r);
  }
  expect(results.at(-1)!.terminated).toBe(true);
  return results;
}

describe('imported WebArena tasks on the built-in suite', () => {
  it('imports all four, the fuzzy one needing the judge', () => {
    expect(imported.report).toMatchObject({ tasks: 4, imported: 4, fully_converted: 3, needs_judge: 1, unsupported: [] });
  });

  it('string_match: the right price passes the label and the oracle, a wrong one fails both', async () => {
    const right = await play('wa-run.price', [`send_msg_to_user("It costs ${price}.")`]);
    expect(right[0]!.reward).toBe(1);
    expect(right[0]!.info.outcome).toMatchObject({ verdict: true, oracle: { success: true } });
    const wrong = await play('wa-run.price', ['send_msg_to_user("It costs $0.01.")']);
    expect(wrong[0]!.reward).toBe(0);
    expect(wrong[0]!.info.outcome).toMatchObject({ verdict: false, oracle: { success: false, reason: `string_match: answer lacks ${JSON.stringify(price)}` } });
  });

  it('url_match: ending on the cart passes, staying home fails; the login cookie comes from authDir', async () => {
    const right = await play('wa-run.cart', [(o) => `click("${find(o, 'link', /^Cart/)}")`, 'send_msg_to_user("Done")']);
    expect(right.map((r) => r.info.newlySatisfied ?? [])).toEqual([['url-match', 'program-html-0'], []]);
    expect(right.at(-1)!.info.outcome).toMatchObject({ verdict: true, oracle: { success: true } });
    const wrong = await play('wa-run.cart', ['send_msg_to_user("Done")']);
    expect(wrong[0]!.info.outcome).toMatchObject({ verdict: false, labels: { 'url-match': null, 'program-html-0': 0 }, oracle: { success: false } });
    expect(wrong[0]!.info.outcome!.oracle!.reason).toMatch(/^url_match: http:\/\/127\.0\.0\.1:\d+\/ is not http/);
  });

  it('program_html: a submitted comment passes when the post page is reloaded; an unsent one does not', async () => {
    const right = await play('wa-run.comment', [
      (o) => `fill("${find(o, 'textbox', /^Add a comment/)}", "${COMMENT}")`,
      (o) => `click("${find(o, 'button', /^Post comment/)}")`,
      'send_msg_to_user("Commented")',
    ]);
    expect(right.map((r) => r.reward)).toEqual([0.5, 0.5, 0]);
    // the probe's scratch tab is gone before the agent looks again
    expect(right.map((r) => r.observation.tabs.length)).toEqual([1, 1, 1]);
    expect(right.map((r) => r.info.newlySatisfied ?? [])).toEqual([['program-html-0'], ['program-html-1'], []]);
    expect(right.at(-1)!.info.outcome).toMatchObject({ verdict: true, oracle: { success: true, reason: 'all checks passed' } });
    const wrong = await play('wa-run.comment', [(o) => `fill("${find(o, 'textbox', /^Add a comment/)}", "${COMMENT}")`, 'send_msg_to_user("Commented")']);
    expect(wrong.at(-1)!.info.outcome).toMatchObject({ verdict: false, labels: { 'program-html-0': 0, 'program-html-1': null }, oracle: { success: false } });
    expect(wrong.at(-1)!.info.outcome!.oracle!.reason).toMatch(/^program_html\[1\]: http:\/\/127\.0\.0\.1:\d+\/f\/.+ read "/);
  });

  it('fuzzy_match: the oracle asks the judge, the label only checks that the agent answered', async () => {
    const right = await play('wa-run.fuzzy', ['send_msg_to_user("yes, far cheaper")']);
    expect(right[0]!.info.outcome).toMatchObject({ verdict: true, oracle: { success: true, reason: 'all checks passed; judge accepted (fuzzy_match)' } });
    expect(judge.requests.at(-1)).toMatchObject({ kind: 'fuzzy_match', reference: 'Yes, it is cheaper', answer: 'yes, far cheaper', question: configs[3]!.intent });
    expect(judge.requests.at(-1)!.prompt).toContain('VERDICT: PASS or VERDICT: FAIL');
    const wrong = await play('wa-run.fuzzy', ['send_msg_to_user("no")']);
    expect(wrong[0]!.info.outcome).toMatchObject({ verdict: true, oracle: { success: false } });
  });

  it('maps a forum comment URL to its post URL like reddit_get_post_url', () => {
    expect(forumPostUrl('http://h:9/f/books/59421/some-title/-/comment/12')).toBe('http://h:9/f/books/59421/');
    expect(forumPostUrl('http://h:9/search?q=x')).toBe('http://h:9/search?q=x');
  });
});
