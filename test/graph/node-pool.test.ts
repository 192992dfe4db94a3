import { describe, expect, it } from 'vitest';
import { NodePool, StrategyGraph, bankSignature, nodeFromLabel } from '../../src/graph/index.ts';
import { label, labelSet, scoresAt } from './fixtures.ts';

describe('NodePool', () => {
  it('shares a node between tasks whose labels are the same code up to formatting', () => {
    const pool = new NodePool();
    const a = StrategyGraph.fromLabelSet('shop.buy', labelSet('shop.buy', [label('k1', `(t, api) => api.clicked('button', 'Add to cart')`)]), 'demo-a', { pool });
    const b = StrategyGraph.fromLabelSet(
      'shop.gift',
      labelSet('shop.gift', [label('add-cart', `(t,api)=>api.clicked("button","Add to cart") // same check`, 'Added to cart')]),
      'demo-b',
      { pool },
    );
    expect(a.nodeIds()).toEqual(b.nodeIds());
    expect(pool.nodes()).toHaveLength(1);
    expect(pool.tasksOf(a.nodeIds()[0]!)).toEqual(['shop.buy', 'shop.gift']);
    expect(b.node(b.nodeIds()[0]!)!.labelId).toBe('k1');
  });

  it('keeps different code apart and names nodes by label id and code hash', () => {
    const pool = new NodePool();
    const x = pool.resolve(label('k1', `() => 1 === 1`));
    const y = pool.resolve(label('k1', `() => 2 === 2`));
    expect(x.reused).toBeNull();
    expect(y.reused).toBeNull();
    expect(x.node.id).toMatch(/^k1:[0-9a-f]{8}$/);
    expect(x.node.id).not.toBe(y.node.id);
    expect(pool.resolve(label('other', ` () => 1===1 `)).reused).toBe('code');
  });

  it('reuses a node whose bank signature equals the new label’s', () => {
    const pool = new NodePool();
    const old = pool.resolve(label('cart-state', `(t, api) => api.probe('shop.cart.length') > 0`)).node;
    const fresh = label('cart-click', `(t, api) => api.clicked('button', 'Add to cart')`);
    const freshId = nodeFromLabel(fresh).id;
    const bank = [
      { trajectoryId: 'a', scores: scoresAt({ [old.id]: 2, [freshId]: 2 }) },
      { trajectoryId: 'b', scores: scoresAt({ [old.id]: null, [freshId]: null }) },
      { trajectoryId: 'c', scores: scoresAt({ [old.id]: 5, [freshId]: 5 }) },
    ];
    const nodeSignatures = new Map([[old.id, bankSignature(old.id, bank)]]);
    const resolved = pool.resolve(fresh, { signature: bankSignature(freshId, bank), nodeSignatures });
    expect(resolved).toEqual({ node: old, reused: 'signature' });

    const differs = label('checkout', `(t, api) => api.visited('/checkout')`);
    const differsId = nodeFromLabel(differs).id;
    const bank2 = [
      { trajectoryId: 'a', scores: scoresAt({ [differsId]: 2 }) },
      { trajectoryId: 'b', scores: scoresAt({ [differsId]: null }) },
      { trajectoryId: 'c', scores: scoresAt({ [differsId]: 6 }) },
    ];
    const sig = bankSignature(differsId, bank2);
    expect(sig).not.toBeNull();
    expect(pool.resolve(differs, { signature: sig, nodeSignatures }).reused).toBeNull();
  });
});

describe('bankSignature', () => {
  const bank = (values: (number | null)[]) => values.map((at, i) => ({ trajectoryId: `t${i}`, scores: scoresAt({ k: at }) }));

  it('is null for a bank smaller than minBankSize', () => {
    expect(bankSignature('k', bank([1, null]))).toBeNull();
    expect(bankSignature('k', bank([1, null]), { minBankSize: 2 })).not.toBeNull();
  });

  it('is null when the label judges every trajectory alike, errs, or was not scored', () => {
    expect(bankSignature('k', bank([null, null, null]))).toBeNull();
    expect(bankSignature('k', bank([2, 2, 2]))).toBeNull();
    const erring = bank([1, null, 3]);
    erring[1]!.scores.errors.k = ['TypeError: x is undefined'];
    expect(bankSignature('k', erring)).toBeNull();
    expect(bankSignature('missing', bank([1, null, 3]))).toBeNull();
  });

  it('does not depend on the order of the bank', () => {
    const b = bank([1, null, 3]);
    expect(bankSignature('k', [...b].reverse())).toBe(bankSignature('k', b));
  });
});
