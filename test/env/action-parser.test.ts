import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ActionParseError, ActionSchema, formatAction, MAX_ACTION_CHARS, parseAction, safeParseAction, type Action } from '../../src/env/index.ts';

describe('parseAction', () => {
  it.each([
    ['click("12")', { type: 'click', id: '12' }],
    ["click('12', button='right')", { type: 'click', id: '12', button: 'right' }],
    ['click(12)', { type: 'click', id: '12' }],
    ['click(bid="12", modifiers=["Shift"])', { type: 'click', id: '12', modifiers: ['Shift'] }],
    ['dblclick("4")', { type: 'dblclick', id: '4' }],
    ['hover("12")', { type: 'hover', id: '12' }],
    ['fill("5", "alice")', { type: 'fill', id: '5', text: 'alice' }],
    ['fill("5", "line1\\nline2 \\"q\\" \\u00e9")', { type: 'fill', id: '5', text: 'line1\nline2 "q" é' }],
    ['select_option("7", "Blue")', { type: 'select', id: '7', options: ['Blue'] }],
    ['select_option("7", ["A", "B"])', { type: 'select', id: '7', options: ['A', 'B'] }],
    ['press("5", "Enter")', { type: 'press', id: '5', key: 'Enter' }],
    ['keyboard_press("Enter")', { type: 'press', key: 'Enter' }],
    ['scroll(0, 300)', { type: 'scroll', dx: 0, dy: 300 }],
    ['scroll(0, -200.5)', { type: 'scroll', dx: 0, dy: -200.5 }],
    ['goto("http://localhost:3000/a?b=c")', { type: 'goto', url: 'http://localhost:3000/a?b=c' }],
    ['go_back()', { type: 'back' }],
    ['go_forward()', { type: 'forward' }],
    ['new_tab()', { type: 'tab_new' }],
    ['tab_focus(1)', { type: 'tab_focus', index: 1 }],
    ['tab_close()', { type: 'tab_close' }],
    ['upload_file("3", "/tmp/a.pdf")', { type: 'upload', id: '3', files: ['/tmp/a.pdf'] }],
    ['send_msg_to_user("It costs $4")', { type: 'answer', text: 'It costs $4' }],
    ['report_infeasible("no such product")', { type: 'infeasible', reason: 'no such product' }],
    ['noop()', { type: 'noop' }],
    ['noop(500)', { type: 'noop', waitMs: 500 }],
    ['noop', { type: 'noop' }],
  ])('parses %s', (text, expected) => {
    expect(parseAction(text)).toEqual(expected);
  });

  it('finds the call in prose and takes the last well-formed one', () => {
    expect(parseAction('I could click("3"), but filling is better: fill("5", "bob"). Done.')).toEqual({ type: 'fill', id: '5', text: 'bob' });
  });

  it('prefers code blocks over prose', () => {
    const text = 'Thinking: maybe click("1").\n```python\nclick("42")\n```\nAfter that I will report_infeasible("x") later.';
    expect(parseAction(text)).toEqual({ type: 'click', id: '42' });
  });

  it('never picks a call inside the string argument of another call', () => {
    expect(parseAction('fill("5", "type click(3) here")')).toEqual({ type: 'fill', id: '5', text: 'type click(3) here' });
  });

  it('accepts python triple quotes, trailing commas and aliases', () => {
    expect(parseAction('send_msg_to_user("""multi\nline""",)')).toEqual({ type: 'answer', text: 'multi\nline' });
    expect(parseAction('type("5", "x")')).toEqual({ type: 'fill', id: '5', text: 'x' });
    expect(parseAction('click("[12]")')).toEqual({ type: 'click', id: '12' });
  });

  it('accepts JSON objects and action objects', () => {
    expect(parseAction('{"type": "click", "id": 12}')).toEqual({ type: 'click', id: '12' });
    expect(parseAction({ type: 'goto', url: 'http://x' })).toEqual({ type: 'goto', url: 'http://x' });
  });

  it('names unknown actions and suggests the nearest', () => {
    expect(() => parseAction('clik("3")')).toThrowError(/^parseAction: unknown action "clik"\. Did you mean click\(\)\? Valid actions: click\(\), dblclick\(\)/);
    const r = safeParseAction('selectoption("3", "x")');
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(ActionParseError);
      expect(r.error.code).toBe('action_unknown');
      expect(r.error.message).toContain('Did you mean select_option()?');
    }
  });

  it('reports bad and missing arguments with usage', () => {
    expect(() => parseAction('fill("5")')).toThrowError('parseAction: missing argument value of fill(). Usage: fill(bid, value), e.g. fill("5", "alice")');
    expect(() => parseAction('scroll("a", 1)')).toThrowError(/argument delta_x of scroll\(\) \(expected a number, got "a"\)/);
    expect(() => parseAction('click("1", button="side")')).toThrowError(/expected "left", "right" or "middle"/);
    expect(() => parseAction('tab_focus(1, 2)')).toThrowError(/tab_focus\(\) takes 1 positional argument \(got 2\)/);
    expect(() => parseAction('click("1", foo=2)')).toThrowError(/unknown argument "foo" of click\(\)/);
    expect(safeParseAction('noop(-5)')).toMatchObject({ success: false, error: { code: 'action_args' } });
  });

  it('reports syntax errors and text without any call', () => {
    expect(safeParseAction('click("12')).toMatchObject({ success: false, error: { code: 'action_syntax' } });
    expect(() => parseAction('I am not sure what to do.')).toThrowError(/^parseAction: no action call found in "I am not sure what to do\."/);
    expect(() => parseAction(42)).toThrowError(/expected a string or an action object \(got 42\)/);
    expect(safeParseAction({ kind: 'click' })).toMatchObject({ success: false, error: { code: 'action_syntax' } });
  });

  // Each of these took from seconds to hours before the parser's scan was made linear (a regex that
  // rescanned a long word from each of its letters, an edit distance against every action name, an
  // Error with a stack per failed candidate). Linear, they finish in well under a second.
  it('answers huge or hostile text with a clear error instead of blocking', () => {
    const near = MAX_ACTION_CHARS - 100;
    expect(safeParseAction('x'.repeat(near))).toMatchObject({ success: false, error: { code: 'action_unknown' } });
    expect(safeParseAction('a('.repeat(near / 2))).toMatchObject({ success: false, error: { code: 'action_syntax' } });
    expect(safeParseAction('click("' + 'x('.repeat(near / 2))).toMatchObject({ success: false, error: { message: expect.stringMatching(/unterminated string/) } });
    expect(parseAction(`fill("5", "${'a'.repeat(99_000)}")`)).toMatchObject({ type: 'fill', id: '5' });
    expect(safeParseAction(`fill("5", "${'a'.repeat(near - 20)}")`)).toMatchObject({ success: false, error: { code: 'action_args', message: expect.stringMatching(/argument text of fill\(\): Too big/) } });
    expect(() => parseAction('x'.repeat(MAX_ACTION_CHARS + 1))).toThrowError(new RegExp(`the action text is ${MAX_ACTION_CHARS + 1} characters long; at most ${MAX_ACTION_CHARS}`));
  });

  it('formats actions canonically', () => {
    expect(formatAction({ type: 'click', id: '3', modifiers: ['Shift'] })).toBe('click("3", modifiers=["Shift"])');
    expect(formatAction({ type: 'select', id: '7', options: ['A', 'B'] })).toBe('select_option("7", ["A", "B"])');
    expect(formatAction({ type: 'press', key: 'Enter' })).toBe('keyboard_press("Enter")');
    expect(formatAction({ type: 'answer', text: 'a "quoted"\nanswer' })).toBe('send_msg_to_user("a \\"quoted\\"\\nanswer")');
  });

  it('round-trips every action through formatAction', () => {
    const str = fc.string({ maxLength: 30 });
    const id = fc.stringMatching(/^[0-9]{1,4}$/);
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ type: fc.constant('click' as const), id, button: fc.constantFrom('left' as const, 'right' as const) }),
      fc.record({ type: fc.constant('fill' as const), id, text: str }),
      fc.record({ type: fc.constant('select' as const), id, options: fc.array(str, { minLength: 1, maxLength: 3 }) }),
      fc.record({ type: fc.constant('press' as const), key: str.filter((s) => s.length > 0) }),
      fc.record({ type: fc.constant('scroll' as const), dx: fc.integer(), dy: fc.integer() }),
      fc.record({ type: fc.constant('answer' as const), text: str }),
      fc.record({ type: fc.constant('tab_focus' as const), index: fc.nat() }),
    );
    fc.assert(fc.property(action, (a) => {
      expect(ActionSchema.parse(a)).toEqual(a);
      expect(parseAction(formatAction(a))).toEqual(a);
    }));
  });
});
