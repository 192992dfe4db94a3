/**
 * The one definition of the action call syntax: for each action type, its BrowserGym-style call
 * name, aliases, parameters, description and example. The parser, `formatAction`, the prompt text
 * and the tool schemas are all generated from this table.
 * @module
 */
import type { ActionType } from './action-schema.ts';

/** How a call argument is read. */
export type ParamKind = 'id' | 'string' | 'number' | 'int' | 'strings' | 'button' | 'modifiers';

/** One parameter of an action call, in positional order. */
export interface ParamDef {
  /** Name in the call syntax (keyword argument), e.g. `bid`. */
  name: string;
  /** Other keyword names accepted, e.g. `id` for `bid`. */
  aliases: readonly string[];
  /** Field of the typed action it fills. */
  field: string;
  kind: ParamKind;
  optional: boolean;
  /** Keyword-only: never filled positionally. */
  keywordOnly?: boolean;
  doc: string;
}

/** One action in the call syntax. */
export interface ActionDef {
  type: ActionType;
  /** Canonical call name, e.g. `select_option`. */
  call: string;
  /** Other call names accepted by the parser (common model spellings). */
  aliases: readonly string[];
  params: readonly ParamDef[];
  description: string;
  example: string;
}

const bid = (doc = 'element id from the observation'): ParamDef => ({ name: 'bid', aliases: ['id', 'element_id'], field: 'id', kind: 'id', optional: false, doc });

/** Every action in prompt order. `press` appears twice: with an element and as `keyboard_press`. */
export const ACTION_DEFS: readonly ActionDef[] = [
  {
    type: 'click', call: 'click', aliases: ['left_click'],
    params: [
      bid(),
      { name: 'button', aliases: [], field: 'button', kind: 'button', optional: true, doc: '"left" (default), "right" or "middle"' },
      { name: 'modifiers', aliases: [], field: 'modifiers', kind: 'modifiers', optional: true, keywordOnly: true, doc: 'keys held during the click: "Alt", "Control", "Meta", "Shift"' },
    ],
    description: 'Click an element.',
    example: 'click("12")',
  },
  { type: 'dblclick', call: 'dblclick', aliases: ['double_click'], params: [bid()], description: 'Double-click an element.', example: 'dblclick("12")' },
  { type: 'hover', call: 'hover', aliases: ['mouse_over'], params: [bid()], description: 'Move the mouse over an element.', example: 'hover("12")' },
  {
    type: 'fill', call: 'fill', aliases: ['type', 'type_text', 'input_text'],
    params: [bid('id of a text field'), { name: 'value', aliases: ['text'], field: 'text', kind: 'string', optional: false, doc: 'text that replaces the field content' }],
    description: 'Clear a text field and type text into it.',
    example: 'fill("5", "alice")',
  },
  {
    type: 'select', call: 'select_option', aliases: ['select'],
    params: [bid('id of a select element'), { name: 'options', aliases: ['option', 'value', 'values'], field: 'options', kind: 'strings', optional: false, doc: 'option label or value, or a list of them for a multiple select' }],
    description: 'Choose options of a select element.',
    example: 'select_option("7", "Blue")',
  },
  {
    type: 'press', call: 'press', aliases: [],
    params: [bid('element to focus first'), { name: 'key_comb', aliases: ['key', 'keys'], field: 'key', kind: 'string', optional: false, doc: 'key or chord in Playwright syntax, e.g. "Enter", "Control+a"' }],
    description: 'Focus an element and press a key or key combination.',
    example: 'press("5", "Enter")',
  },
  {
    type: 'press', call: 'keyboard_press', aliases: ['key_press', 'press_key'],
    params: [{ name: 'key', aliases: ['key_comb', 'keys'], field: 'key', kind: 'string', optional: false, doc: 'key or chord in Playwright syntax' }],
    description: 'Press a key or key combination on whatever has focus.',
    example: 'keyboard_press("Enter")',
  },
  {
    type: 'scroll', call: 'scroll', aliases: ['mouse_wheel'],
    params: [
      { name: 'delta_x', aliases: ['dx', 'x'], field: 'dx', kind: 'number', optional: false, doc: 'horizontal pixels (positive: right)' },
      { name: 'delta_y', aliases: ['dy', 'y'], field: 'dy', kind: 'number', optional: false, doc: 'vertical pixels (positive: down)' },
    ],
    description: 'Scroll the page (mouse wheel at the viewport centre).',
    example: 'scroll(0, 300)',
  },
  { type: 'goto', call: 'goto', aliases: ['navigate', 'open_url'], params: [{ name: 'url', aliases: [], field: 'url', kind: 'string', optional: false, doc: 'absolute URL' }], description: 'Load a URL in the current tab.', example: 'goto("http://localhost:3000/cart")' },
  { type: 'back', call: 'go_back', aliases: ['back'], params: [], description: 'Go back in the tab history.', example: 'go_back()' },
  { type: 'forward', call: 'go_forward', aliases: ['forward'], params: [], description: 'Go forward in the tab history.', example: 'go_forward()' },
  { type: 'tab_new', call: 'new_tab', aliases: ['tab_new', 'open_tab'], params: [{ name: 'url', aliases: [], field: 'url', kind: 'string', optional: true, doc: 'URL to load in the new tab' }], description: 'Open a new tab and switch to it.', example: 'new_tab()' },
  { type: 'tab_focus', call: 'tab_focus', aliases: ['switch_tab', 'focus_tab'], params: [{ name: 'index', aliases: ['tab_index', 'tab'], field: 'index', kind: 'int', optional: false, doc: '0-based tab index' }], description: 'Switch to the tab with this index.', example: 'tab_focus(1)' },
  { type: 'tab_close', call: 'tab_close', aliases: ['close_tab'], params: [], description: 'Close the current tab.', example: 'tab_close()' },
  {
    type: 'upload', call: 'upload_file', aliases: ['upload', 'set_input_files'],
    params: [bid('id of a file input or of the element that opened a file chooser'), { name: 'file', aliases: ['files', 'path', 'paths'], field: 'files', kind: 'strings', optional: false, doc: 'path of the file on the host, or a list of paths' }],
    description: 'Choose files for a file input.',
    example: 'upload_file("3", "/tmp/report.pdf")',
  },
  { type: 'answer', call: 'send_msg_to_user', aliases: ['answer', 'respond', 'send_message'], params: [{ name: 'text', aliases: ['message', 'answer'], field: 'text', kind: 'string', optional: false, doc: 'the final answer' }], description: 'Give the final answer to the user; ends the episode.', example: 'send_msg_to_user("The order total is $42.10")' },
  { type: 'infeasible', call: 'report_infeasible', aliases: ['infeasible'], params: [{ name: 'reason', aliases: ['text', 'message'], field: 'reason', kind: 'string', optional: false, doc: 'why the task cannot be done' }], description: 'Report that the task cannot be done; ends the episode.', example: 'report_infeasible("The product is out of stock")' },
  { type: 'noop', call: 'noop', aliases: ['wait', 'no_op'], params: [{ name: 'wait_ms', aliases: ['ms', 'timeout'], field: 'waitMs', kind: 'int', optional: true, doc: 'milliseconds to wait (0-60000)' }], description: 'Do nothing (optionally wait) and observe again.', example: 'noop(500)' },
];

const byName = new Map<string, ActionDef>();
for (const def of ACTION_DEFS) for (const name of [def.call, ...def.aliases]) byName.set(name, def);

/** The definition for a call name or alias, if any. */
export function findActionDef(name: string): ActionDef | undefined {
  return byName.get(name);
}

/** All canonical call names, in prompt order. */
export const CALL_NAMES: readonly string[] = ACTION_DEFS.map((d) => d.call);

/** All accepted call names and aliases. */
export const ALL_CALL_NAMES: readonly string[] = [...byName.keys()];
