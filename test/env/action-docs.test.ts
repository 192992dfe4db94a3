import { describe, expect, it } from 'vitest';
import { actionFromToolCall, actionToolSchemas, describeActions, ACTION_TYPES } from '../../src/env/index.ts';

describe('action docs', () => {
  it('describes every action with an example and states limits', () => {
    const text = describeActions();
    for (const call of ['click', 'fill', 'select_option', 'keyboard_press', 'send_msg_to_user', 'report_infeasible', 'noop']) expect(text).toContain(`${call}(`);
    expect(text).toContain('Example: fill("5", "alice")');
    expect(text).toContain('Limits:');
    expect(describeActions({ include: ['click'] })).not.toContain('fill(');
  });

  it('gives Anthropic and OpenAI tool definitions from the action schema', () => {
    const { anthropic, openai } = actionToolSchemas();
    expect(new Set(anthropic.map((t) => t.name)).size).toBe(anthropic.length);
    expect(anthropic.length).toBe(ACTION_TYPES.length + 1);
    const fill = anthropic.find((t) => t.name === 'fill')!;
    expect(fill.input_schema).toMatchObject({ type: 'object', required: ['id', 'text'], properties: { id: { type: 'string' }, text: { type: 'string' } } });
    const kp = anthropic.find((t) => t.name === 'keyboard_press')!;
    expect(Object.keys(kp.input_schema.properties)).toEqual(['key']);
    expect(openai.find((t) => t.function.name === 'fill')).toEqual({ type: 'function', function: { name: 'fill', description: fill.description, parameters: fill.input_schema } });
  });

  it('turns tool calls into actions and rejects bad ones', () => {
    expect(actionFromToolCall('fill', { id: '5', text: 'x' })).toEqual({ type: 'fill', id: '5', text: 'x' });
    expect(actionFromToolCall('select_option', '{"id": "7", "options": "Blue"}')).toEqual({ type: 'select', id: '7', options: ['Blue'] });
    expect(actionFromToolCall('go_back', undefined)).toEqual({ type: 'back' });
    expect(() => actionFromToolCall('fil', {})).toThrowError(/unknown action "fil"\. Did you mean fill\(\)\?/);
    expect(() => actionFromToolCall('fill', { id: '5', colour: 'x' })).toThrowError('actionFromToolCall: unknown field "colour" for fill (expected id, text).');
    expect(() => actionFromToolCall('click', { id: 5 })).not.toThrow();
    expect(() => actionFromToolCall('fill', { id: '5' })).toThrowError(/field text of a fill action/);
  });
});
