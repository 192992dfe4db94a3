/**
 * Prompt text and tool definitions for the action space, generated from the one action
 * definition (action-defs.ts) and the ActionSchema, so the three never drift apart.
 * @module
 */
import { z } from 'zod';
import { ActionSchema, type Action } from './action-schema.ts';
import { ACTION_DEFS, findActionDef, type ActionDef } from './action-defs.ts';
import { ActionParseError, quote } from './errors.ts';
import { objectToAction, unknownAction } from './action-parser.ts';

/** Options of `describeActions`. */
export interface DescribeActionsOptions {
  /** Only these call names (e.g. `['click', 'fill', 'send_msg_to_user']`). @default every action */
  include?: readonly string[];
  /** Include an example per action. @default true */
  examples?: boolean;
}

function selected(include?: readonly string[]): ActionDef[] {
  return include ? ACTION_DEFS.filter((d) => include.includes(d.call)) : [...ACTION_DEFS];
}

/**
 * Text describing the action syntax for a prompt: one line per action with its signature, what it
 * does and an example, followed by the limits an agent should know.
 */
export function describeActions(options: DescribeActionsOptions = {}): string {
  const lines = ['Reply with exactly one action call, in this syntax (element ids are the numbers in brackets in the page tree, e.g. [12]):', ''];
  for (const d of selected(options.include)) {
    const sig = `${d.call}(${d.params.map((p) => (p.keywordOnly ? `${p.name}=...` : p.optional ? `${p.name}?` : p.name)).join(', ')})`;
    lines.push(`${sig}: ${d.description}${options.examples === false ? '' : ` Example: ${d.example}`}`);
    for (const p of d.params) lines.push(`    ${p.name}: ${p.doc}${p.optional ? ' (optional)' : ''}`);
  }
  lines.push(
    '',
    'Limits:',
    '- One action per reply; if several calls appear, the last one is run (inside ``` code blocks when there are any).',
    '- Strings take double or single quotes with backslash escapes; element ids may be given as "12" or 12.',
    '- Ids are valid only for elements in the current page tree; an element that disappeared gives an error, not a click elsewhere.',
    '- Dialogs (alert/confirm/prompt) are answered automatically and listed in the observation.',
    '- Downloads are saved by the environment; you cannot open files on the computer other than through upload_file.',
    '- send_msg_to_user and report_infeasible end the episode: use them once, at the end.',
  );
  return lines.join('\n');
}

/** A tool definition for the Anthropic Messages API. */
export interface AnthropicTool {
  name: string;
  description: string;
  input_schema: { type: 'object'; properties: Record<string, unknown>; required?: string[]; [key: string]: unknown };
}

/** A tool definition for the OpenAI chat completions API. */
export interface OpenAITool {
  type: 'function';
  function: { name: string; description: string; parameters: { type: 'object'; properties: Record<string, unknown>; required?: string[]; [key: string]: unknown } };
}

function inputSchema(def: ActionDef): AnthropicTool['input_schema'] {
  const option = ActionSchema.options.find((o) => o.shape.type.value === def.type)!;
  const json = z.toJSONSchema(option) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const fields = new Set(def.params.map((p) => p.field));
  const properties: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(json.properties ?? {})) {
    if (!fields.has(key)) continue;
    const p = def.params.find((x) => x.field === key)!;
    properties[key] = { ...schema, description: p.doc };
  }
  const required = (json.required ?? []).filter((k) => fields.has(k) && !def.params.find((p) => p.field === k)!.optional);
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

/** Tool definitions for every action (one tool per call name), for the Anthropic and OpenAI APIs. */
export function actionToolSchemas(options: { include?: readonly string[] } = {}): { anthropic: AnthropicTool[]; openai: OpenAITool[] } {
  const defs = selected(options.include);
  const anthropic = defs.map((d) => ({ name: d.call, description: `${d.description} Example: ${d.example}`, input_schema: inputSchema(d) }));
  const openai = anthropic.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.input_schema } }));
  return { anthropic, openai };
}

/**
 * The action of a tool call: the tool name is the call name (`click`, `select_option` ...), the
 * input holds the action's fields (`{ id: "12" }`); the call syntax's parameter names are accepted too.
 * @throws ActionParseError `action_unknown` for an unknown tool, `action_args` for a bad input.
 */
export function actionFromToolCall(name: string, input: unknown): Action {
  const api = 'actionFromToolCall';
  const def = findActionDef(name);
  if (!def) throw unknownAction(api, name);
  let obj = input;
  if (typeof obj === 'string') {
    try {
      obj = obj.trim() === '' ? {} : JSON.parse(obj);
    } catch {
      throw new ActionParseError('action_args', `${api}: input of ${def.call} is not JSON (got ${quote(input)}). Pass an object such as ${JSON.stringify(inputExample(def))}.`);
    }
  }
  if (obj === undefined || obj === null) obj = {};
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    throw new ActionParseError('action_args', `${api}: input of ${def.call} must be an object (got ${quote(input)}).`);
  }
  const fields: Record<string, unknown> = { type: def.type };
  for (const [key, value] of Object.entries(obj as Record<string, unknown>)) {
    const p = def.params.find((x) => x.field === key || x.name === key || x.aliases.includes(key));
    if (!p) throw new ActionParseError('action_args', `${api}: unknown field ${quote(key)} for ${def.call} (expected ${def.params.map((x) => x.field).join(', ') || 'no fields'}).`);
    fields[p.field] = p.kind === 'strings' && typeof value === 'string' ? [value] : value;
  }
  return objectToAction(api, fields);
}

function inputExample(def: ActionDef): Record<string, unknown> {
  const { type: _type, ...rest } = objectToAction('example', { type: def.type, ...exampleFields(def) }) as Record<string, unknown>;
  return rest;
}

function exampleFields(def: ActionDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of def.params) {
    if (p.optional) continue;
    out[p.field] = p.kind === 'id' ? '12' : p.kind === 'strings' ? ['value'] : p.kind === 'number' || p.kind === 'int' ? 0 : 'text';
  }
  return out;
}
