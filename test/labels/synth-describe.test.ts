import { describe, expect, it } from 'vitest';
import { describeAction, describeTrajectory } from '../../src/labels/describe.ts';
import { diffProbes } from '../../src/labels/probe-diff.ts';
import { addToCartDemo, commentAndVoteDemo, forumState, priceAnswerDemo } from './synth-fixtures.ts';

describe('describeTrajectory', () => {
  it('describes typing, key presses, navigation and backend changes with names resolved', () => {
    const texts = describeTrajectory(addToCartDemo()).map((d) => d.text);
    expect(texts).toEqual([
      "Type 'trail runner' into the field 'Search products'",
      "Press Enter in the field 'Search products' (url: /search?q=trail+runner)",
      "Click the link 'Trail Runner 2' (url: /products/17)",
      "Select 'M' in the dropdown 'Size'",
      "Click the button 'Add to cart' (message 'Added Trail Runner 2 to your cart'; cart: +1 item 'Trail Runner 2' size M colour Black quantity 1)",
    ]);
  });

  it('leaves bookkeeping (clocks, id counters) out and describes record keys that appear', () => {
    const texts = describeTrajectory(commentAndVoteDemo()).map((d) => d.text);
    expect(texts[2]).toBe("Click the button 'Post comment' (comments: +1 comment 'Arborio works fine too!' author alice score 1)");
    expect(texts[3]).toBe("Click the button 'Upvote' (votes.p3: unset -> 1)");
  });

  it('describes answers and failed actions', () => {
    expect(describeTrajectory(priceAnswerDemo()).at(-1)!.text).toBe("Answer '$129.50'");
    const d = describeTrajectory({ ...priceAnswerDemo(), steps: [{ ...priceAnswerDemo().steps[0]!, error: 'element 5 is gone\nmore' }] });
    expect(d[0]!.text).toContain('failed: element 5 is gone');
  });

  it('says check or uncheck for checkbox clicks from the state after the click', () => {
    const text = describeAction({
      action: { type: 'click', id: '4' }, target: { id: '4', role: 'checkbox', name: 'Subscribe to the newsletter' },
      elements: [{ id: '4', role: 'checkbox', name: 'Subscribe to the newsletter', checked: false }],
    });
    expect(text).toBe("Uncheck the checkbox 'Subscribe to the newsletter'");
  });
});

describe('diffProbes', () => {
  it('locates changes of array elements by their identifying field, not by position', () => {
    const before = { forum: { seed: 1, state: forumState() } };
    const afterState = forumState();
    afterState.posts.reverse();
    afterState.posts[0]!.title = 'Sourdough starter help!';
    const changes = diffProbes(before, { forum: { seed: 1, state: afterState } });
    expect(changes).toEqual([{
      kind: 'changed',
      path: [{ key: 'forum' }, { key: 'state' }, { key: 'posts' }, { find: { field: 'id', value: 4 } }, { key: 'title' }],
      before: 'Sourdough starter help', after: 'Sourdough starter help!',
    }]);
  });

  it('compares arrays of scalars as multisets', () => {
    const changes = diffProbes({ s: { tags: ['a', 'b', 'b'] } }, { s: { tags: ['b', 'c', 'a'] } });
    expect(changes.map((c) => [c.kind, 'element' in c ? c.element : undefined])).toEqual([['removed', 'b'], ['added', 'c']]);
  });
});
