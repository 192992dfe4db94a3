/**
 * How close coregym's action strings and observation text are to BrowserGym's (ServiceNow/BrowserGym
 * core/action/functions.py and utils/obs.py flatten_axtree_to_str), so prompts and agents written for
 * BrowserGym work with minor changes. docs/INTEROP.md lists the differences these tests pin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionParseError, BrowserRuntime, WebEnv, describeActions, formatAction, parseAction, safeParseAction, type Action } from '../../src/env/index.ts';

/** The examples of BrowserGym's action docstrings, and what each becomes here. */
const BROWSERGYM_EXAMPLES: [string, Action][] = [
  ["click('a51')", { type: 'click', id: 'a51' }],
  ["click('b22', button=\"right\")", { type: 'click', id: 'b22', button: 'right' }],
  ["click('48', button=\"middle\", modifiers=[\"Shift\"])", { type: 'click', id: '48', button: 'middle', modifiers: ['Shift'] }],
  ["dblclick('12')", { type: 'dblclick', id: '12' }],
  ["hover('b8')", { type: 'hover', id: 'b8' }],
  ["fill('237', 'example value')", { type: 'fill', id: '237', text: 'example value' }],
  ["fill('45', \"multi-line\\nexample\")", { type: 'fill', id: '45', text: 'multi-line\nexample' }],
  ["fill('a12', \"example with \\\"quotes\\\"\")", { type: 'fill', id: 'a12', text: 'example with "quotes"' }],
  ["select_option('a48', \"blue\")", { type: 'select', id: 'a48', options: ['blue'] }],
  ["select_option('c48', [\"red\", \"green\", \"blue\"])", { type: 'select', id: 'c48', options: ['red', 'green', 'blue'] }],
  ["press('88', 'Backspace')", { type: 'press', id: '88', key: 'Backspace' }],
  ["press('a26', 'Control+a')", { type: 'press', id: 'a26', key: 'Control+a' }],
  ["keyboard_press('Meta+Shift+t')", { type: 'press', key: 'Meta+Shift+t' }],
  ['scroll(0, 200)', { type: 'scroll', dx: 0, dy: 200 }],
  ['scroll(-50.2, -100.5)', { type: 'scroll', dx: -50.2, dy: -100.5 }],
  ["goto('http://www.example.com')", { type: 'goto', url: 'http://www.example.com' }],
  ['go_back()', { type: 'back' }],
  ['go_forward()', { type: 'forward' }],
  ['new_tab()', { type: 'tab_new' }],
  ['tab_close()', { type: 'tab_close' }],
  ['tab_focus(2)', { type: 'tab_focus', index: 2 }],
  ['upload_file("572", "my_receipt.pdf")', { type: 'upload', id: '572', files: ['my_receipt.pdf'] }],
  ['upload_file("63", ["/home/bob/Documents/image.jpg", "/home/bob/Documents/file.zip"])', { type: 'upload', id: '63', files: ['/home/bob/Documents/image.jpg', '/home/bob/Documents/file.zip'] }],
  ['send_msg_to_user("Based on the results of my search, the city was built in 1751.")', { type: 'answer', text: 'Based on the results of my search, the city was built in 1751.' }],
  ['report_infeasible("I cannot follow these instructions because there is no email field in this form.")', { type: 'infeasible', reason: 'I cannot follow these instructions because there is no email field in this form.' }],
  ['noop()', { type: 'noop' }],
  ['noop(500)', { type: 'noop', waitMs: 500 }],
];

/** BrowserGym actions coregym does not have (coordinates, raw keyboard, drag and drop, focus/clear/check). */
const ABSENT = [
  'mouse_click(887.2, 68)', 'mouse_dblclick(5, 236)', 'mouse_move(65.2, 158.5)', 'mouse_down(140.2, 580.1)', 'mouse_up(250, 120)',
  'mouse_drag_and_drop(10.7, 325, 235.6, 24.54)', "mouse_upload_file(132.1, 547, 'my_receipt.pdf')", "drag_and_drop('56', '498')",
  "keyboard_type('Hello world!')", "keyboard_insert_text('Hello world!')", "keyboard_down('Shift')", "keyboard_up('Shift')",
  "focus('b455')", "clear('996')", "check('55')", "uncheck('a5289')", "get_element_html('12')",
];

const PAGE = `<!DOCTYPE html><html><head><title>Test shop</title></head><body>
<h1>Test shop</h1>
<label for="user">Username</label><input id="user">
<label><input type="checkbox" id="agree"> I agree</label>
<select aria-label="Color"><option>Red</option><option>Blue</option></select>
<button onclick="document.getElementById('status').textContent = 'Added for ' + document.getElementById('user').value">Add to cart</button>
<button disabled>Sold out</button>
<a href="/cart">Cart</a>
<p id="status">Cart is empty</p>
</body></html>`;

let server: Server;
let url: string;
let runtime: BrowserRuntime;

beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  runtime = new BrowserRuntime();
});

afterAll(async () => {
  await runtime?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('BrowserGym action strings', () => {
  it.each(BROWSERGYM_EXAMPLES)('parses %s', (text, action) => {
    expect(parseAction(text)).toEqual(action);
    // our canonical form (double quotes) parses back to the same action
    expect(parseAction(formatAction(action))).toEqual(action);
  });

  it('reads the action out of agent output in AgentLab and code-fence styles', () => {
    expect(parseAction("<think>The button is [9].</think>\n<action>\nclick('9')\n</action>")).toEqual({ type: 'click', id: '9' });
    expect(parseAction("I'll type the name.\n```python\nfill('3', 'alice')\n```")).toEqual({ type: 'fill', id: '3', text: 'alice' });
  });

  it('runs only the last of several actions (BrowserGym runs them all in order)', () => {
    expect(parseAction("fill('3', 'alice')\nclick('9')")).toEqual({ type: 'click', id: '9' });
  });

  it.each(ABSENT)('rejects %s as an unknown action', (text) => {
    const r = safeParseAction(text);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(ActionParseError);
      expect(r.error.code).toBe('action_unknown');
    }
  });

  it('takes no button or modifiers on dblclick', () => {
    expect(() => parseAction("dblclick('ca42', button=\"right\")")).toThrow('unknown argument "button" of dblclick()');
  });

  it('describes the action space under BrowserGym names', () => {
    const calls = describeActions({ examples: false }).split('\n').filter((l) => /^\w+\(/.test(l)).map((l) => l.slice(0, l.indexOf('(')));
    expect(calls).toEqual(['click', 'dblclick', 'hover', 'fill', 'select_option', 'press', 'keyboard_press', 'scroll', 'goto', 'go_back', 'go_forward', 'new_tab', 'tab_focus', 'tab_close', 'upload_file', 'send_msg_to_user', 'report_infeasible', 'noop']);
  });
});

describe('BrowserGym observation text', () => {
  it('writes axtree lines as `[bid] role \'name\'` with values and states, indented with tabs', async () => {
    await using env = new WebEnv({ runtime });
    const { observation } = await env.reset({ options: { startUrl: url, goal: 'Add to cart as alice' } });
    const lines = observation.axtree.split('\n');
    expect(lines[0]).toBe("RootWebArea 'Test shop'");
    for (const line of lines.slice(1)) expect(line).toMatch(/^\t+\[\d+\] [a-z]+ '.*'( level=\d+| value='.*'| checked| unchecked| selected| disabled)*$/);
    const bid = (pattern: RegExp) => pattern.exec(observation.axtree)?.[1];
    expect(bid(/\[(\d+)\] heading 'Test shop' level=1$/m)).toBeDefined();
    expect(bid(/\[(\d+)\] checkbox 'I agree' unchecked$/m)).toBeDefined();
    expect(bid(/\[(\d+)\] combobox 'Color' value='Red'$/m)).toBeDefined();
    expect(bid(/\[(\d+)\] button 'Sold out' disabled$/m)).toBeDefined();

    // A BrowserGym-style agent: find bids in the text with a regex and answer in single-quoted calls.
    const textbox = bid(/\[(\d+)\] textbox 'Username'/)!;
    const filled = await env.step(`fill('${textbox}', 'alice')`);
    expect(filled.observation.axtree).toContain(`[${textbox}] textbox 'Username' value='alice'`);
    const added = await env.step(`click('${bid(/\[(\d+)\] button 'Add to cart'/)}')`);
    expect(added.observation.axtree).toContain("paragraph 'Added for alice'");
    const checked = await env.step(`click('${bid(/\[(\d+)\] checkbox 'I agree'/)}')`);
    expect(checked.observation.axtree).toMatch(/checkbox 'I agree' checked$/m);
    // unlike BrowserGym's chat, the answer ends the episode
    const answered = await env.step('send_msg_to_user("Added to cart.")');
    expect(answered.terminated).toBe(true);
    expect(answered.observation.lastAction).toBe('send_msg_to_user("Added to cart.")');
  });

  it('reports a bid that is not on the page as lastActionError, not as an exception', async () => {
    await using env = new WebEnv({ runtime });
    await env.reset({ options: { startUrl: url, goal: 'x' } });
    const r = await env.step("click('a51')");
    expect(r.observation.lastActionError).not.toBe('');
    expect(r.terminated).toBe(false);
  });
});
