/**
 * The system prompt of model-backed agents, and turning a model's reply into an AgentStep without
 * ever throwing on bad output.
 * @module
 */
import { ActionParseError } from '../env/errors.ts';
import { actionFromToolCall, describeActions, safeParseAction } from '../env/index.ts';
import type { AgentStep } from './agent.ts';
import { failedStep } from './agent.ts';

/** How the model is asked to give its action. */
export type ActionMode = 'tools' | 'text';

/** Options of `systemPrompt`. */
export interface SystemPromptOptions {
  /** @default 'tools' */
  mode?: ActionMode;
  /** Extra instructions appended at the end (site conventions, persona ...). */
  instructions?: string;
}

/**
 * The system prompt: the agent's job, how the page is shown, every action (from `describeActions()`),
 * and how to reply in the chosen mode.
 */
export function systemPrompt(options: SystemPromptOptions = {}): string {
  const mode = options.mode ?? 'tools';
  const reply =
    mode === 'tools'
      ? 'The actions are also given to you as tools with the same names and fields. Reply by calling exactly one tool, the next action, instead of writing the call as text. Think briefly in text first if it helps.'
      : 'Reply with at most a few sentences of reasoning, then exactly one action call on the last line, for example:\nclick("12")';
  return [
    'You are a web agent. You operate a real web browser, one action per turn, to achieve the goal the user gives.',
    'Each turn shows the goal, the current page (URL, tabs, interactive elements and an accessibility tree where every element has an id in brackets, like [12]), the last action and its error if it failed, and the history of your past actions.',
    'Refer to elements only by the ids shown on the current page; ids of earlier pages may no longer exist.',
    'When the goal asks for information, give it with send_msg_to_user. When the goal asks for no information, finish with send_msg_to_user("done") once the task is complete. When the goal cannot be achieved on this site, use report_infeasible instead of guessing. Both end the episode.',
    `# Actions\n${describeActions()}`,
    `# How to reply\n${reply}`,
    options.instructions ? `# Instructions\n${options.instructions}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** Parse a text reply into an action; a reply without a valid action becomes a noop that carries the parse error and the raw text. */
export function stepFromText(text: string, fields: Omit<AgentStep, 'action' | 'error' | 'raw'> = {}): AgentStep {
  const parsed = safeParseAction(text);
  if (parsed.success) return { ...fields, action: parsed.action, raw: text, thought: fields.thought ?? (text.trim() || undefined) };
  return failedStep(parsed.error.message, { ...fields, raw: text });
}

/** Turn a tool call into a step; a call with an unknown name or bad arguments becomes a noop that carries the error. */
export function stepFromToolCall(name: string, input: unknown, fields: Omit<AgentStep, 'action' | 'error' | 'raw'> & { raw: string }): AgentStep {
  try {
    return { ...fields, action: actionFromToolCall(name, input) };
  } catch (error) {
    if (error instanceof ActionParseError) return failedStep(error.message, fields);
    throw error;
  }
}
