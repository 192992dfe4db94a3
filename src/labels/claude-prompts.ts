/**
 * The prompts and tool definitions ClaudeSynthesizer sends: the demo in words (described steps
 * with their exact backend changes), the label API documentation, and two tools, one to submit
 * every key step's label at once and one to resubmit a single label after a validation failure.
 * docs/SYNTHESIS.md quotes this text; keep them in step.
 * @module
 */
import type { Trajectory } from '../env/trajectory.ts';
import type { StepDescription } from './describe.ts';
import { urlPath } from './describe.ts';
import { isPlainObject, pathText } from './probe-diff.ts';
import type { ProbeChange } from './probe-diff.ts';

/** Bumped whenever prompt text or tool schemas change (part of the synthesis cache key). */
export const PROMPT_VERSION = 'synth-prompts/1';

export const SYSTEM_PROMPT = `You write label functions for coregym, a library that trains and benchmarks web agents.
A label function is the JavaScript source of one arrow function \`(traj, api) => boolean\`. It runs in a sandbox on every prefix of a trajectory and must return true exactly when the trajectory so far contains one key step of the task.

Rules for key steps:
- A key step is a step that really moves the task forward: a change to the site's backend state that still holds at the end of the demonstration, the final answer of an information-seeking task, a report that the task is infeasible, or (when nothing else changed) reaching the page the task asked for. Searching, scrolling and clicking through to a page are not key steps by themselves.
- Give each key step the 0-based index of the demonstration step after which it first holds.

Rules for label code:
- Prefer checks on backend state (api.probe / api.probeFind) and on the final answer over checks of which element was clicked, so that any valid strategy passes, not only the demonstrated one.
- Check the values that identify what the user asked for (which product, size, colour, quantity, which post, the exact text typed). Never check volatile values: generated ids of new objects, timestamps, counters, totals.
- A label must be false on every step before its key step, true from the key step to the end of the demonstration, and false on trajectories that lack the key step (for example the same episode with that step removed).
- The code is a single arrow function expression. No imports, no async, no side effects, no access to anything but \`traj\` and \`api\`. Guard against missing data (\`?.\`, Array.isArray) instead of throwing.`;

/** Tool for the first call: every key step with its label. */
export const SUBMIT_LABELS_TOOL = {
  name: 'submit_label_functions',
  description: 'Submit the key steps of the demonstration, in order, each with a label function that verifies it.',
  input_schema: {
    type: 'object' as const,
    properties: {
      key_steps: {
        type: 'array',
        description: 'The key steps, in the order they happen in the demonstration.',
        items: {
          type: 'object',
          properties: {
            step_index: { type: 'integer', description: '0-based index of the demonstration step after which the key step first holds.' },
            description: { type: 'string', description: 'The key step in words, e.g. "The cart contains Trail Runner 2 in size M".' },
            code: { type: 'string', description: 'JavaScript source of (traj, api) => boolean.' },
          },
          required: ['step_index', 'description', 'code'],
        },
      },
    },
    required: ['key_steps'],
  },
};

/** Tool for a retry: one corrected label. */
export const SUBMIT_LABEL_TOOL = {
  name: 'submit_label_function',
  description: 'Submit a corrected label function for one key step.',
  input_schema: {
    type: 'object' as const,
    properties: {
      code: { type: 'string', description: 'JavaScript source of (traj, api) => boolean.' },
    },
    required: ['code'],
  },
};

const MAX_JSON = 600;

function compactJson(v: unknown, max = MAX_JSON): string {
  const text = JSON.stringify(v) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function changeLine(c: ProbeChange): string {
  const where = pathText(c.path);
  switch (c.kind) {
    case 'added': return `added to ${where}: ${compactJson(c.element)}`;
    case 'removed': return `removed from ${where}: ${compactJson(c.element)}`;
    case 'changed': return `${where}: ${compactJson(c.before, 200)} -> ${compactJson(c.after, 200)}`;
  }
}

/** The shape of the probe state: top-level keys with an example element of each array. */
export function probeOutline(probes: unknown): string {
  if (!isPlainObject(probes)) return '(this task has no probes)';
  const lines: string[] = [];
  for (const [name, value] of Object.entries(probes)) {
    const state = isPlainObject(value) && isPlainObject(value.state) ? value.state : value;
    const prefix = isPlainObject(value) && isPlainObject(value.state) ? `${name}.state` : name;
    if (!isPlainObject(state)) {
      lines.push(`${prefix}: ${compactJson(state, 200)}`);
      continue;
    }
    for (const [key, v] of Object.entries(state)) {
      if (Array.isArray(v)) lines.push(`${prefix}.${key}: array of ${v.length}${v.length ? `, e.g. ${compactJson(v[0], 300)}` : ''}`);
      else lines.push(`${prefix}.${key}: ${compactJson(v, 300)}`);
    }
  }
  return lines.join('\n');
}

/** The demonstration in words, shared by both prompts. */
export function demoSection(demo: Trajectory, descriptions: readonly StepDescription[]): string {
  const steps = descriptions.map((d) => {
    const backend = d.changes.map((c) => `     backend: ${changeLine(c)}`);
    const url = `     url after: ${urlPath(demo.steps[d.index]?.url ?? '')}`;
    return [`${d.index}. ${d.text}`, url, ...backend].join('\n');
  });
  const end = demo.answer !== undefined ? `The demonstration ended by answering: ${JSON.stringify(demo.answer)}`
    : demo.infeasible !== undefined ? `The demonstration ended by reporting the task infeasible: ${JSON.stringify(demo.infeasible)}`
      : 'The demonstration ended without an answer.';
  return [
    `<goal>\n${demo.goal}\n</goal>`,
    `<start_page>${urlPath(demo.startUrl)}</start_page>`,
    `<probe_state_at_start>\n${probeOutline(demo.initial.probes)}\n</probe_state_at_start>`,
    `<demonstration steps="${demo.steps.length}">\n${steps.join('\n')}\n${end}\n</demonstration>`,
  ].join('\n\n');
}

/** The first prompt: find the key steps and write a label for each. */
export function proposePrompt(demo: Trajectory, descriptions: readonly StepDescription[], labelApiDoc: string): string {
  return [
    `<label_api>\n${labelApiDoc}\n</label_api>`,
    demoSection(demo, descriptions),
    'Identify the key steps of this demonstration and write one label function for each. Call submit_label_functions once with all of them.',
  ].join('\n\n');
}

/** The retry prompt: one key step, every failed attempt and why it failed. */
export function retryPrompt(
  demo: Trajectory, descriptions: readonly StepDescription[], labelApiDoc: string,
  keyStep: { index: number; description: string }, failures: ReadonlyArray<{ code: string; reason: string }>,
): string {
  const tries = failures.map((f, i) => `<attempt number="${i + 1}">\n<code>\n${f.code}\n</code>\n<validation_error>\n${f.reason}\n</validation_error>\n</attempt>`);
  return [
    `<label_api>\n${labelApiDoc}\n</label_api>`,
    demoSection(demo, descriptions),
    `<key_step step_index="${keyStep.index}">\n${keyStep.description}\n</key_step>`,
    `<failed_attempts>\n${tries.join('\n')}\n</failed_attempts>`,
    `The label function for this key step failed validation: it must be false on every step before step ${keyStep.index}, true from step ${keyStep.index} to the end, and false on trajectories without the key step. Fix the problem the validation error names and call submit_label_function with the corrected code.`,
  ].join('\n\n');
}
