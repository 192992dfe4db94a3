/**
 * The action space: one zod schema for the typed union of everything an agent can do.
 * Parsing from BrowserGym-style strings lives in action-parser.ts; prompt text and tool
 * definitions are generated from this one definition in action-docs.ts.
 * @module
 */
import { z } from 'zod';

const elementId = z.string().min(1).max(64).describe('Element id from the observation, e.g. "12"');

/** Every action, by its `type`. Element-targeting actions carry `id`. */
export const ActionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('click'),
    id: elementId,
    button: z.enum(['left', 'right', 'middle']).optional(),
    modifiers: z.array(z.enum(['Alt', 'Control', 'Meta', 'Shift'])).optional(),
  }),
  z.object({ type: z.literal('dblclick'), id: elementId }),
  z.object({ type: z.literal('hover'), id: elementId }),
  z.object({ type: z.literal('fill'), id: elementId, text: z.string().max(100_000) }),
  z.object({ type: z.literal('select'), id: elementId, options: z.array(z.string()).min(1) }),
  z.object({
    type: z.literal('press'),
    /** Element to focus first; when absent the key goes to whatever has focus. */
    id: elementId.optional(),
    key: z.string().min(1).max(64).describe('Key or chord in Playwright syntax, e.g. "Enter", "Control+a"'),
  }),
  z.object({ type: z.literal('scroll'), dx: z.number(), dy: z.number() }),
  z.object({ type: z.literal('goto'), url: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('back') }),
  z.object({ type: z.literal('forward') }),
  z.object({ type: z.literal('tab_new'), url: z.string().max(4096).optional() }),
  z.object({ type: z.literal('tab_focus'), index: z.number().int().min(0) }),
  z.object({ type: z.literal('tab_close') }),
  z.object({ type: z.literal('upload'), id: elementId, files: z.array(z.string()).min(1) }),
  z.object({ type: z.literal('answer'), text: z.string().max(100_000) }),
  z.object({ type: z.literal('infeasible'), reason: z.string().max(100_000) }),
  z.object({ type: z.literal('noop'), waitMs: z.number().int().min(0).max(60_000).optional() }),
]);

/** A typed action. */
export type Action = z.infer<typeof ActionSchema>;
/** The names of the action types. */
export type ActionType = Action['type'];
/** All action type names, in the order the prompt lists them. */
export const ACTION_TYPES: readonly ActionType[] = ActionSchema.options.map((o) => o.shape.type.value);
