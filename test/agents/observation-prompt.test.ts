import { describe, expect, it } from 'vitest';
import { estimateTokens, formatObservation } from '../../src/agents/observation-prompt.ts';
import type { HistoryEntry } from '../../src/agents/agent.ts';
import type { Observation } from '../../src/env/observation.ts';

function obs(over: Partial<Observation> = {}): Observation {
  return {
    url: 'http://shop.test/p/1',
    title: 'Blue Kettle',
    goal: 'Add the Blue Kettle to the cart',
    tabs: [{ index: 0, url: 'http://shop.test/p/1', title: 'Blue Kettle' }],
    activeTab: 0,
    axtree: "RootWebArea 'Blue Kettle'\n\t[1] link 'Home'\n\t[2] button 'Add to cart'",
    elements: [
      { id: '1', role: 'link', name: 'Home', visible: true, clickable: true },
      { id: '2', role: 'button', name: 'Add to cart', visible: true, clickable: true },
      { id: '3', role: 'combobox', name: 'Size', visible: true, options: ['S', 'M'], value: 'S', clickable: true },
      { id: '4', role: 'heading', name: 'Blue Kettle', visible: true },
    ],
    lastActionError: '',
    dialogs: [],
    downloads: [],
    truncated: false,
    ...over,
  };
}

const ctx = (history: HistoryEntry[] = []) => ({ step: history.length, remainingSteps: 10 - history.length, history });

describe('formatObservation', () => {
  it('lists goal, page, interactive elements, axtree, last action with its error and history', () => {
    const history: HistoryEntry[] = [
      { index: 0, action: { type: 'click', id: '9' }, actionText: 'click("9")', error: '' },
      { index: 1, action: { type: 'click', id: '7' }, actionText: 'click("7")', error: 'No element with id "7"' },
    ];
    const { text, truncated } = formatObservation(obs({ lastAction: 'click("7")', lastActionError: 'No element with id "7"' }), ctx(history));
    expect(truncated).toBe(false);
    expect(text).toContain('# Goal\nAdd the Blue Kettle to the cart');
    expect(text).toContain('URL: http://shop.test/p/1');
    expect(text).toContain('# Last action\nclick("7")\nError: No element with id "7"');
    expect(text).toContain('2. click("7") -> error: No element with id "7"');
    expect(text).toContain("[3] combobox 'Size' value='S' options=['S', 'M']");
    expect(text).not.toContain("[4] heading"); // non-interactive elements only appear in the axtree
    expect(text).toContain("\t[2] button 'Add to cart'");
  });

  it('shows the agent’s own failure from the history when the env saw a plain noop', () => {
    const history: HistoryEntry[] = [{ index: 0, action: { type: 'noop' }, actionText: 'noop()', error: 'parseAction: no action call found' }];
    const { text } = formatObservation(obs({ lastAction: 'noop()' }), ctx(history));
    expect(text).toContain('# Last action\nnoop()\nError: parseAction: no action call found');
  });

  it('cuts the accessibility tree first and says so, keeping elements and history', () => {
    const axtree = Array.from({ length: 2000 }, (_, i) => `\t[${i + 10}] text 'line number ${i} of a very long page'`).join('\n');
    const { text, truncated, tokens } = formatObservation(obs({ axtree }), ctx(), { maxTokens: 800 });
    expect(truncated).toBe(true);
    expect(tokens).toBeLessThanOrEqual(800);
    expect(text).toMatch(/\.\.\. \(accessibility tree cut to fit the prompt budget: \d+ more lines not shown\)/);
    expect(text).toContain("[2] button 'Add to cart'");
  });

  it('keeps the latest history when history itself must be cut', () => {
    const history: HistoryEntry[] = Array.from({ length: 300 }, (_, i) => ({ index: i, action: { type: 'scroll', dx: 0, dy: 100 }, actionText: `scroll(0, ${i})`, error: '' }));
    const { text } = formatObservation(obs(), ctx(history), { maxTokens: 400, maxHistory: 300 });
    expect(text).toContain('300. scroll(0, 299)');
    expect(text).not.toContain('1. scroll(0, 0)\n');
    expect(text).toMatch(/history cut to fit the prompt budget: \d+ earlier lines not shown/);
  });
});

describe('estimateTokens', () => {
  it('counts about four ASCII characters per token and one per other character', () => {
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('日本語')).toBe(3);
  });
});
