import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserRuntime, EnvError, WebEnv, type Observation, type Rewarder, type TaskSpec } from '../../src/env/index.ts';
import { page, startSite, type TestSite } from './site.ts';

const home = page('Home', `
<h1>Test shop</h1>
<label for="user">Username</label><input id="user">
<label><input type="checkbox" id="agree"> I agree</label>
<select id="color" aria-label="Color"><option>Red</option><option value="b">Blue</option><option>Green</option></select>
<select id="sizes" aria-label="Sizes" multiple><option>S</option><option>M</option><option>L</option></select>
<button id="add" onclick="document.getElementById('status').textContent = 'Added ' + document.getElementById('user').value">Add to cart</button>
<p id="status">Empty</p>
<a href="/second">Second page</a>
<button disabled>Disabled button</button>
<div style="position:relative;margin:30px 0"><button id="under">Under</button><div id="overlay" style="position:absolute;inset:-10px;background:rgba(0,0,0,.5)">Overlay</div></div>
<button id="vanish" onclick="this.remove()">Vanish</button>
<span style="cursor:pointer" onclick="document.getElementById('status').textContent='span clicked'">Clickable span</span>
<div>Plain text to click</div>
<button onclick="window.open('/second')">Open popup</button>
<button onclick="alert('hello there')">Alert</button>
<button onclick="document.getElementById('status').textContent = confirm('sure?') ? 'confirmed' : 'cancelled'">Confirm</button>
<a href="/file.txt" download>Download file</a>
<input type="file" id="upload" aria-label="Upload" onchange="document.getElementById('status').textContent = 'files: ' + [...this.files].map(f => f.name).join(',')">
<button onclick="document.getElementById('hidden-file').click()">Choose via chooser</button>
<input type="file" id="hidden-file" style="display:none" onchange="document.getElementById('status').textContent = 'chosen: ' + this.files[0].name">
<button onclick="fetch('/slow').then(r => r.text()).then(t => document.getElementById('status').textContent = t)">Load slowly</button>
<button id="mover" style="position:relative;animation:move .1s infinite alternate">Moving</button>
<style>@keyframes move { from { left: 0 } to { left: 200px } }</style>
<input aria-label="Search" onkeydown="if (event.key === 'Enter') document.getElementById('status').textContent = 'searched ' + this.value">
<div style="height:3000px"></div><button>Far below</button>
`);

let site: TestSite;
let other: TestSite;
let runtime: BrowserRuntime;

beforeAll(async () => {
  site = await startSite({
    '/': home,
    '/second': page('Second', '<h1>Second page</h1><a href="/">Back home</a>'),
    '/file.txt': (_req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.setHeader('content-disposition', 'attachment; filename="report.txt"');
      res.end('downloaded content');
    },
    '/slow': (_req, res) => setTimeout(() => res.end('slow done'), 150),
    '/storage': page('Storage', '<script>document.cookie = "sid=1"; localStorage.setItem("k", "v"); sessionStorage.setItem("s", "1")</script><p id="out"></p>'),
    '/read-storage': page('Read', '<p id="out"></p><script>document.getElementById("out").textContent = "cookie=" + document.cookie + " local=" + localStorage.getItem("k") + " session=" + sessionStorage.getItem("s")</script>'),
    '/external': page('External', ''),
    '/links': page('Links', '<a href="/slow-page">Slow link</a> <a href="/never">Never link</a>'),
    // the main thread stops for 1.5 s as the pointer reaches the button, as on a starved machine
    '/stall': page('Stall', '<button onmouseover="const t = Date.now(); while (Date.now() < t + 1500);">Stall</button>'),
    '/slow-page': (_req, res) => setTimeout(() => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Slow page', '<h1>Arrived late</h1>'));
    }, 2500),
    // answers only when the test server closes its connections
    '/never': () => undefined,
  });
  other = await startSite({ '/img': (_req, res) => res.end('x') });
  runtime = new BrowserRuntime();
});

afterAll(async () => {
  await runtime?.close();
  await site?.close();
  await other?.close();
});

function byName(obs: Observation, name: string, role?: string): string {
  const matches = obs.elements.filter((x) => x.name === name && (!role || x.role === role));
  // a <label> shows up as text with the same name as its control: prefer the control
  const e = matches.find((x) => x.role !== 'text') ?? matches[0];
  if (!e) throw new Error(`no element named ${name} in\n${obs.axtree}`);
  return e.id;
}

function status(obs: Observation): string {
  return obs.elements.find((e) => e.name.startsWith('Empty') || e.role === 'paragraph')?.name ?? '';
}

describe('WebEnv observation', () => {
  it('lists elements with roles, names, values and stable ids in BrowserGym-style text', async () => {
    await using env = new WebEnv({ runtime });
    const { observation: obs } = await env.reset({ options: { startUrl: site.url, goal: 'test' } });
    expect(obs.goal).toBe('test');
    expect(obs.title).toBe('Home');
    expect(obs.axtree).toMatch(/^RootWebArea 'Home'/);
    expect(obs.axtree).toMatch(/\[\d+\] heading 'Test shop' level=1/);
    expect(obs.axtree).toMatch(/\[\d+\] textbox 'Username'/);
    expect(obs.axtree).toMatch(/\[\d+\] button 'Disabled button' disabled/);
    expect(obs.axtree).toMatch(/\[\d+\] combobox 'Color' value='Red'/);
    expect(obs.elements.find((e) => e.name === 'Clickable span')?.role).toBe('clickable');
    expect(obs.elements.find((e) => e.name === 'Plain text to click')?.role).toBe('text');
    expect(obs.elements.find((e) => e.name === 'Far below')?.visible).toBe(false);
    expect(obs.elements.find((e) => e.name === 'Add to cart')?.visible).toBe(true);
    expect(obs.tabs).toEqual([{ index: 0, url: site.url, title: 'Home' }]);
    const addId = byName(obs, 'Add to cart');
    const r = await env.step(`fill("${byName(obs, 'Username')}", "alice")`);
    expect(byName(r.observation, 'Add to cart')).toBe(addId);
    expect(r.observation.elements.find((e) => e.name === 'Username' && e.role === 'textbox')?.value).toBe('alice');
    expect(r.observation.lastAction).toBe(`fill("${byName(obs, 'Username')}", "alice")`);
  });

  it('truncates the tree text at maxTextChars and says so', async () => {
    await using env = new WebEnv({ runtime, maxTextChars: 300 });
    const { observation: obs } = await env.reset({ options: { startUrl: site.url } });
    expect(obs.truncated).toBe(true);
    expect(obs.axtree.length).toBeLessThanOrEqual(340);
    expect(obs.axtree).toMatch(/\n\.\.\. \(truncated: \d+ more lines\)$/);
  });

  it('leaves no attributes in the page DOM and takes screenshots and set-of-marks on request', async () => {
    await using env = new WebEnv({ runtime, screenshot: true, setOfMarks: true });
    const { observation: obs } = await env.reset({ options: { startUrl: site.url } });
    expect(Buffer.from(obs.screenshot!).subarray(1, 4).toString()).toBe('PNG');
    expect(Buffer.from(obs.setOfMarks!).subarray(1, 4).toString()).toBe('PNG');
    expect(Buffer.compare(Buffer.from(obs.screenshot!), Buffer.from(obs.setOfMarks!))).not.toBe(0);
    const html = await env.page!.content();
    expect(html).not.toMatch(/coregym|bid=|data-id/);
  });
});

describe('WebEnv actions', () => {
  it('runs click, fill, select, press, hover, check and scroll', async () => {
    await using env = new WebEnv({ runtime });
    let { observation: obs } = await env.reset({ options: { startUrl: site.url } });
    const ok = async (a: string) => {
      const r = await env.step(a);
      expect(r.observation.lastActionError).toBe('');
      obs = r.observation;
      return r;
    };
    await ok(`fill("${byName(obs, 'Username')}", "bob")`);
    await ok(`click("${byName(obs, 'Add to cart')}")`);
    expect(obs.elements.some((e) => e.name === 'Added bob')).toBe(true);
    await ok(`select_option("${byName(obs, 'Color')}", "Blue")`);
    expect(obs.elements.find((e) => e.name === 'Color')?.value).toBe('Blue');
    await ok(`select_option("${byName(obs, 'Sizes')}", ["S", "L"])`);
    expect(obs.elements.find((e) => e.name === 'Sizes')?.value).toBe('S, L');
    await ok(`click("${byName(obs, 'I agree', 'checkbox')}")`);
    expect(obs.elements.find((e) => e.name === 'I agree' && e.role === 'checkbox')?.checked).toBe(true);
    await ok(`fill("${byName(obs, 'Search')}", "shoes")`);
    await ok(`press("${byName(obs, 'Search')}", "Enter")`);
    expect(obs.elements.some((e) => e.name === 'searched shoes')).toBe(true);
    await ok('keyboard_press("Control+a")');
    await ok(`hover("${byName(obs, 'Add to cart')}")`);
    await ok(`click("${byName(obs, 'Clickable span')}")`);
    expect(obs.elements.some((e) => e.name === 'span clicked')).toBe(true);
    await ok(`click("${byName(obs, 'Plain text to click')}")`);
    await ok(`dblclick("${byName(obs, 'Add to cart')}")`);
    await ok('scroll(0, 3000)');
    expect(obs.elements.find((e) => e.name === 'Far below')?.visible).toBe(true);
    await ok('noop(10)');
  });

  it('navigates with links, goto, back and forward, and reports a missing history entry', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step(`click("${byName(observation, 'Second page')}")`);
    expect(r.observation.url).toBe(`${site.origin}/second`);
    expect(r.observation.title).toBe('Second');
    r = await env.step('go_back()');
    expect(r.observation.url).toBe(site.url);
    r = await env.step('go_forward()');
    expect(r.observation.url).toBe(`${site.origin}/second`);
    r = await env.step(`goto("${site.url}")`);
    expect(r.observation.title).toBe('Home');
    r = await env.step('go_forward()');
    expect(r.observation.lastActionError).toBe("go_forward: there is no next page in this tab's history.");
    r = await env.step('goto("not a url")');
    expect(r.observation.lastActionError).toContain('is not a valid absolute URL');
    r = await env.step('goto("http://127.0.0.1:9/")');
    expect(r.observation.lastActionError).toMatch(/^goto: navigation to http:\/\/127\.0\.0\.1:9\/ failed \(net::ERR_[A-Z_]+\)\.$/);
  });

  // Playwright's click usually returns after the popup's page event; on a machine loaded far past
  // its cores the event can come after the step settled (about 1 run in 10 at load > 8), and the
  // next step shows the tab. Retried rather than weakened: a popup never followed still fails.
  it('opens, focuses and closes tabs, and follows popups', { retry: 2 }, async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step(`click("${byName(observation, 'Open popup')}")`);
    expect(r.observation.tabs.length).toBe(2);
    expect(r.observation.activeTab).toBe(1);
    expect(r.observation.title).toBe('Second');
    r = await env.step('tab_focus(0)');
    expect(r.observation.title).toBe('Home');
    r = await env.step(`new_tab("${site.origin}/second")`);
    expect(r.observation.tabs.map((t) => t.title)).toEqual(['Home', 'Second', 'Second']);
    expect(r.observation.activeTab).toBe(2);
    r = await env.step('tab_close()');
    expect(r.observation.tabs.length).toBe(2);
    r = await env.step('tab_focus(5)');
    expect(r.observation.lastActionError).toBe('tab_focus: there is no tab 5 (open tabs: 2, indices 0-1).');
  });

  it('accepts dialogs and lists them, or dismisses them when asked', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step(`click("${byName(observation, 'Alert')}")`);
    expect(r.observation.dialogs).toEqual([{ type: 'alert', message: 'hello there', handled: 'accepted' }]);
    r = await env.step(`click("${byName(observation, 'Confirm')}")`);
    expect(r.observation.elements.some((e) => e.name === 'confirmed')).toBe(true);
    r = await env.step('noop()');
    expect(r.observation.dialogs).toEqual([]);
    await using dismissing = new WebEnv({ runtime, dialogs: 'dismiss' });
    const d = await dismissing.reset({ options: { startUrl: site.url } });
    r = await dismissing.step(`click("${byName(d.observation, 'Confirm')}")`);
    expect(r.observation.dialogs[0]?.handled).toBe('dismissed');
    expect(r.observation.elements.some((e) => e.name === 'cancelled')).toBe(true);
  });

  // Same load sensitivity as popups: the download event can trail the click's settling.
  it('saves downloads and lists them', { retry: 2 }, async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    const r = await env.step(`click("${byName(observation, 'Download file')}")`);
    expect(r.observation.downloads).toHaveLength(1);
    const d = r.observation.downloads[0]!;
    expect(d.suggestedFilename).toBe('report.txt');
    expect(readFileSync(d.path!, 'utf8')).toBe('downloaded content');
  });

  it('uploads files to a file input and through a pending file chooser', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coregym-upload-'));
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'hi');
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step(`upload_file("${byName(observation, 'Upload')}", "${file}")`);
    expect(r.observation.lastActionError).toBe('');
    expect(r.observation.elements.some((e) => e.name === 'files: a.txt')).toBe(true);
    r = await env.step(`click("${byName(observation, 'Choose via chooser')}")`);
    expect(r.observation.fileChooserPending).toBe(true);
    r = await env.step(`upload_file("${byName(observation, 'Choose via chooser')}", "${file}")`);
    expect(r.observation.lastActionError).toBe('');
    expect(r.observation.fileChooserPending).toBeUndefined();
    expect(r.observation.elements.some((e) => e.name === 'chosen: a.txt')).toBe(true);
    r = await env.step(`upload_file("${byName(observation, 'Upload')}", "/no/such/file")`);
    expect(r.observation.lastActionError).toBe('upload_file: no such file on the host: "/no/such/file".');
  });

  it('waits for requests started by the action before observing', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    const r = await env.step(`click("${byName(observation, 'Load slowly')}")`);
    expect(r.observation.elements.some((e) => e.name === 'slow done')).toBe(true);
    // The server answers 150 ms after the request arrives; on a loaded machine part of that wait
    // falls inside the click itself, so only the sum is a property of the env.
    expect(r.info.timings.actionMs + r.info.timings.settleMs).toBeGreaterThanOrEqual(140);
  });
});

describe('WebEnv agent mistakes', () => {
  it('returns lastActionError, never throws, for unknown actions, unknown ids and gone elements', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step('clikc("3")');
    expect(r.observation.lastActionError).toMatch(/^parseAction: unknown action "clikc"\. Did you mean click\(\)\?/);
    expect(env.trajectory!.steps.at(-1)!.actionText).toBe('clikc("3")');
    r = await env.step('click("99999")');
    expect(r.observation.lastActionError).toBe('click: no element with id "99999" on this page. Use an id shown in brackets in the current observation, e.g. [12].');
    const vanish = byName(observation, 'Vanish');
    r = await env.step(`click("${vanish}")`);
    expect(r.observation.lastActionError).toBe('');
    r = await env.step(`click("${vanish}")`);
    expect(r.observation.lastActionError).toBe(`click: element [${vanish}] is no longer on the page (it was removed, or the page changed since it was observed). Use an id from the current observation.`);
    expect(r.terminated).toBe(false);
  });

  it('says which element covers the target, and that a disabled one is disabled', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    let r = await env.step(`click("${byName(observation, 'Under')}")`);
    expect(r.observation.lastActionError).toBe(`click: element [${byName(observation, 'Under')}] is covered by another element, <div#overlay> "Overlay", which would receive the click. Close or move what covers it first.`);
    r = await env.step(`click("${byName(observation, 'Disabled button')}")`);
    expect(r.observation.lastActionError).toBe(`click: element [${byName(observation, 'Disabled button')}] is disabled.`);
    r = await env.step(`fill("${byName(observation, 'Add to cart')}", "x")`);
    expect(r.observation.lastActionError).toContain('is not a text field');
    r = await env.step(`select_option("${byName(observation, 'Color')}", "Purple")`);
    expect(r.observation.lastActionError).toBe(`select_option: element [${byName(observation, 'Color')}] has no option "Purple" (options: "Red", "Blue", "Green").`);
  });

  it('reports a timeout on an element that never becomes actionable', async () => {
    // Long enough for Playwright to see the element move even on a loaded machine: a timeout with no
    // verdict at all is a stalled browser (next describe), not the agent's mistake.
    await using env = new WebEnv({ runtime, actionTimeout: 1500 });
    const { observation } = await env.reset({ options: { startUrl: site.url } });
    const r = await env.step(`click("${byName(observation, 'Moving')}")`);
    expect(r.observation.lastActionError).toBe(`click: timed out after 1500ms waiting for element [${byName(observation, 'Moving')}] to be visible, stable, enabled and not covered.`);
  });
});

describe('WebEnv slow sites', () => {
  // The load (2.5 s) outlasts both the action timeout, after which Playwright gives up waiting for
  // it, and the settle bound: only the navigation timeout covers it. The action timeout leaves a
  // loaded machine time to deliver the click: one not delivered in time is a stalled browser.
  it('waits for a page load the action started beyond the action and settle bounds, up to the navigation timeout', async () => {
    await using env = new WebEnv({ runtime, actionTimeout: 1200, settleTimeout: 200, navigationTimeout: 10_000 });
    const { observation } = await env.reset({ options: { startUrl: `${site.origin}/links` } });
    const r = await env.step(`click("${byName(observation, 'Slow link', 'link')}")`);
    expect(r.info.error).toBeUndefined();
    expect(r.observation.lastActionError).toBe('');
    expect(r.observation.title).toBe('Slow page');
    expect(r.observation.url).toBe(`${site.origin}/slow-page`);
  });

  it('ends the episode with the infrastructure error site_timeout when the load never commits', async () => {
    await using env = new WebEnv({ runtime, settleTimeout: 200, navigationTimeout: 600 });
    const { observation } = await env.reset({ options: { startUrl: `${site.origin}/links` } });
    const r = await env.step(`click("${byName(observation, 'Never link', 'link')}")`);
    expect(r.terminated).toBe(true);
    expect(r.info.error?.code).toBe('site_timeout');
    expect(r.info.error?.message).toMatch(/did not answer the page load this action started within 600ms/);
    expect(env.trajectory!.outcome?.verdict).toBeUndefined();
    const again = await env.reset({ options: { startUrl: `${site.origin}/links` } });
    expect(again.observation.title).toBe('Links');
  });
});

describe('WebEnv stalled browser', () => {
  it('ends the episode with page_unresponsive when the browser does not act on a ready element in time', async () => {
    await using env = new WebEnv({ runtime, actionTimeout: 400 });
    const { observation } = await env.reset({ options: { startUrl: `${site.origin}/stall` } });
    const r = await env.step(`click("${byName(observation, 'Stall', 'button')}")`);
    expect(r.terminated).toBe(true);
    expect(r.info.error?.code).toBe('page_unresponsive');
    expect(r.info.error?.message).toMatch(/click on element \[\d+\] did not complete within 400ms although the element was ready/);
    expect(env.trajectory!.outcome?.verdict).toBeUndefined();
    const again = await env.reset({ options: { startUrl: `${site.origin}/links` } });
    expect(again.observation.title).toBe('Links');
  });
});

describe('WebEnv episodes', () => {
  const task: TaskSpec = {
    id: 'test.episode',
    maxSteps: 3,
    instantiate: (seed) => ({ goal: `goal ${seed}`, startUrl: site.url, params: { seed } }),
    probes: { url: async ({ page: p }) => p.url() },
    oracle: ({ answer }) => ({ success: answer === '42' }),
  };

  it('terminates on an answer, runs probes and the oracle, and fills the trajectory', async () => {
    const calls: string[] = [];
    const rewarder: Rewarder = {
      reset: async () => void calls.push('reset'),
      score: async (_t, step) => {
        calls.push(`score ${step.index}`);
        return { reward: 0.5, newlySatisfied: step.index === 0 ? ['k1'] : [], info: { progress: step.index } };
      },
      finish: async () => {
        calls.push('finish');
        return { success: true, labels: { k1: 0 } };
      },
      close: async () => void calls.push('close'),
    };
    const env = new WebEnv({ runtime, task, rewarder });
    const { observation, info } = await env.reset({ seed: 7 });
    expect(observation.goal).toBe('goal 7');
    expect(info.task).toEqual({ id: 'test.episode', seed: 7 });
    let r = await env.step(`fill("${byName(observation, 'Username')}", "zed")`, { thought: 'type the name' });
    expect(r.reward).toBe(0.5);
    expect(r.info.newlySatisfied).toEqual(['k1']);
    expect(r.info.reward).toEqual({ progress: 0 });
    expect(Object.keys(r.info.timings)).toEqual(expect.arrayContaining(['actionMs', 'settleMs', 'observeMs', 'rewardMs']));
    r = await env.step('send_msg_to_user("42")');
    expect(r.terminated).toBe(true);
    expect(r.truncated).toBe(false);
    const traj = env.trajectory!;
    expect(traj.steps).toHaveLength(2);
    expect(traj.steps[0]!.target).toMatchObject({ role: 'textbox', name: 'Username' });
    expect(traj.steps[0]!.probes).toEqual({ url: site.url });
    expect(traj.steps[0]!.thought).toBe('type the name');
    expect(traj.answer).toBe('42');
    expect(traj.outcome).toMatchObject({ terminated: true, truncated: false, totalReward: 1, verdict: true, labels: { k1: 0 }, oracle: { success: true } });
    await expect(env.step('noop()')).rejects.toMatchObject({ code: 'env_state' });
    await env.close();
    await env.close();
    expect(calls).toEqual(['reset', 'score 0', 'score 1', 'finish', 'close']);
    await expect(env.reset()).rejects.toBeInstanceOf(EnvError);
  });

  it('truncates at maxSteps and records the trajectory when recordDir is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coregym-rec-'));
    await using env = new WebEnv({ runtime, task, recordDir: dir });
    await env.reset({ seed: 1 });
    await env.step('noop()');
    await env.step('noop()');
    const r = await env.step('noop()');
    expect(r.truncated).toBe(true);
    expect(r.terminated).toBe(false);
    expect(r.info.outcome?.oracle).toEqual({ success: false });
    const line = JSON.parse(readFileSync(join(dir, 'trajectories.jsonl'), 'utf8').trim());
    expect(line.steps).toHaveLength(3);
  });

  it('draws episode seeds from the seeded generator, as in Gymnasium', async () => {
    await using env = new WebEnv({ runtime, task });
    await env.reset({ seed: 123 });
    const a = [(await env.reset()).info.task.seed, (await env.reset()).info.task.seed];
    await env.reset({ seed: 123 });
    const b = [(await env.reset()).info.task.seed, (await env.reset()).info.task.seed];
    expect(a).toEqual(b);
    expect(a[0]).not.toBe(a[1]);
  });

  it('throws env_state before reset', async () => {
    await using env = new WebEnv({ runtime });
    await expect(env.step('noop()')).rejects.toMatchObject({ code: 'env_state', message: 'WebEnv.step: no episode is running. Call reset() first.' });
  });

  it('starts each episode with clean cookies, storage and history', async () => {
    await using env = new WebEnv({ runtime });
    await env.reset({ options: { startUrl: `${site.origin}/storage` } });
    let { observation } = await env.reset({ options: { startUrl: `${site.origin}/read-storage` } });
    expect(observation.elements.some((e) => e.name === 'cookie= local=null session=null')).toBe(true);
    const r = await env.step('go_back()');
    expect(r.observation.url).toBe(`${site.origin}/read-storage`);
    await using strict = new WebEnv({ runtime, recycle: 'context' });
    await strict.reset({ options: { startUrl: `${site.origin}/storage` } });
    ({ observation } = await strict.reset({ options: { startUrl: `${site.origin}/read-storage` } }));
    expect(observation.elements.some((e) => e.name === 'cookie= local=null session=null')).toBe(true);
  });

  it('blocks requests to origins outside the allowlist and reports them', async () => {
    await using env = new WebEnv({ runtime, allowlist: [site.origin] });
    await env.reset({ options: { startUrl: site.url } });
    const r = await env.step(`goto("${other.origin}/img")`);
    expect(r.observation.lastActionError).toContain('net::ERR_BLOCKED_BY_CLIENT');
    expect(r.info.blockedRequests).toEqual([`${other.origin}/img`]);
  });
});
