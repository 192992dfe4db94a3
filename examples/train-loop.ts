/**
 * The CORE loop as library code: a small pool of built-in tasks, one self-training round with the
 * offline synthesizer and the learnable policy, and the round metrics.
 * Run: npx node --no-node-snapshot examples/train-loop.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserRuntime, HeuristicSynthesizer, LinearPolicyUpdater, SelfTrainer, startSuite } from '../src/index.ts';
import { KeyStepInstructor, builtinPool } from '../src/train/index.ts';

await using suite = await startSuite();
const runtime = new BrowserRuntime();
try {
  // One instance of each of three templates (with their shipped demos), evaluated on unseen seeds.
  const { pool, eval: evalTasks } = builtinPool(suite, {
    filter: (t) => ['shop.add-to-wishlist', 'forum.upvote-post', 'tracker.close-issue'].includes(t.id),
    poolSeeds: [1],
    heldoutSeeds: [2001],
    heldoutTemplateSeeds: [],
  });
  const trainer = new SelfTrainer({
    runDir: mkdtempSync(join(tmpdir(), 'coregym-example-')),
    runtime,
    pool,
    eval: evalTasks,
    synthesizer: new HeuristicSynthesizer(),
    instructor: new KeyStepInstructor(),
    policy: new LinearPolicyUpdater({ seed: 1 }),
    rounds: 1,
    rolloutsPerTask: 2,
    parallel: 2,
    onEvent: (e) => {
      if (e.type === 'phase') console.log(`round ${e.round}: ${e.phase}`);
    },
  });
  const result = await trainer.run();
  for (const r of result.rounds) {
    console.log(`round ${r.round}: train ${r.train_success.toFixed(2)}, held-out ${r.heldout_success.toFixed(2)}, label-verified ${r.label_verified_success ?? '-'}, strategies ${r.strategies}, dataset rows ${r.dataset_rows}`);
  }
  console.log(`run directory: ${result.runDir}`);
} finally {
  await runtime.close();
}
