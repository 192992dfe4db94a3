import { LabelRuntime } from '../src/labels/index.ts';
const rt = new LabelRuntime();
const init = { url: 'http://x/', title: 't', elements: [], text: 'hello' };
rt.reset([{ id: 'a', description: 'd', code: '(t, api) => api.pageHasText("hello")', origin: 'human', provenance: {} }], { taskId: 't', goal: 'g', initial: init });
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const r = rt.score();
  console.log(performance.now() - t0, r.values, Object.values(r.errors).map(e => e.message));
}
const t0 = performance.now();
const r = rt.step({ ...init, index: 0, action: { type: 'click', id: '1' }, actionText: 'click("1")', error: '' });
console.log(performance.now() - t0, r);
