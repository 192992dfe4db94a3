/**
 * Label functions for a WebArena evaluator: one per check, so the LabelRewarder pays for each as
 * the agent gets it right, and the episode succeeds when all hold on the final state — WebArena's
 * verdict, computed in the sandbox over the answer, the URL and the program_html probe readings.
 * @module
 */
import { LABEL_SCHEMA_VERSION, type LabelFunction, type LabelSet } from '../labels/index.ts';
import { MATCH_SOURCE } from './webarena-match.ts';
import { needsJudge, type HtmlCheck, type StringMatch, type WebArenaEvaluator } from './webarena-evaluator.ts';

/** Name of the probe that holds the program_html readings (`probes.webarena.html[i].value`). */
export const WEBARENA_PROBE = 'webarena';

const lit = (v: unknown) => JSON.stringify(v);

/**
 * The answer as WebArena sees it: the text of send_msg_to_user, or "N/A" after report_infeasible
 * (BrowserGym maps its infeasibility action to WebArena's "N/A" answer the same way).
 */
const PRED = `const pred = traj.answer !== undefined ? traj.answer : traj.infeasible !== undefined ? 'N/A' : undefined;`;

function stringMatchCode(m: StringMatch): string {
  const parts: string[] = [];
  if (m.exactMatch !== undefined) parts.push(`exactMatch(${lit(m.exactMatch)}, pred)`);
  if (m.mustInclude?.length) parts.push(`${lit(m.mustInclude)}.every((r) => mustInclude(r, pred, ${m.mustInclude.length === 1}))`);
  if (m.mustExclude?.length) parts.push(`${lit(m.mustExclude)}.every((r) => mustExclude(r, pred))`);
  return `(traj, api) => {${MATCH_SOURCE}  ${PRED}\n  if (pred === undefined) return false;\n  return ${parts.join(' && ')};\n}`;
}

function describeStringMatch(m: StringMatch): string {
  const parts: string[] = [];
  if (m.exactMatch !== undefined) parts.push(`is ${lit(m.exactMatch)}`);
  if (m.mustInclude?.length) parts.push(`mentions ${m.mustInclude.map(lit).join(', ')}`);
  if (m.mustExclude?.length) parts.push(`does not mention ${m.mustExclude.map(lit).join(', ')}`);
  return `The final answer ${parts.join(' and ')}`;
}

function htmlCheckCode(check: HtmlCheck, index: number): string {
  const test = check.exactMatch !== undefined ? `exactMatch(${lit(check.exactMatch)}, v)` : `includesAll(${lit(check.mustInclude)}, v)`;
  return `(traj, api) => {${MATCH_SOURCE}  const v = api.probe(${lit(`${WEBARENA_PROBE}.html.${index}.value`)});\n  if (typeof v !== 'string') return false;\n  return ${test};\n}`;
}

function describeHtmlCheck(check: HtmlCheck): string {
  const where = check.page.kind === 'last' ? 'the final page' : check.page.kind === 'url' ? check.page.url : 'the post the agent ended on';
  const what = check.locator.kind === 'content' ? 'its HTML' : check.locator.kind === 'js' ? `\`${check.locator.expression.slice(0, 200)}\`` : `the role of @${check.locator.account}`;
  const want = check.exactMatch !== undefined ? `is ${lit(check.exactMatch)}` : `includes ${check.mustInclude!.map((alts) => alts.map(lit).join(' or ')).join(', ')}`;
  return `On ${where}, ${what} ${want}`;
}

const label = (id: string, description: string, code: string, taskId: string): LabelFunction => ({
  id, description: description.slice(0, 2000), code, origin: 'imported', provenance: { taskId, synthesizer: 'webarena-import' },
});

/**
 * The label set of an imported task. A check that needs a judge (fuzzy_match) becomes the weaker
 * label "the agent answered": a necessary step whose verdict the task's oracle completes.
 */
export function webArenaLabels(taskId: string, evaluator: WebArenaEvaluator): LabelSet {
  const labels: LabelFunction[] = [];
  const sm = evaluator.stringMatch;
  if (sm && (sm.exactMatch !== undefined || sm.mustInclude?.length || sm.mustExclude?.length)) {
    labels.push(label('string-match', describeStringMatch(sm), stringMatchCode(sm), taskId));
  }
  if (needsJudge(evaluator)) {
    labels.push(label('answered', 'The agent gave a final answer (its meaning is judged by the oracle)', `(traj, api) => api.answered() || api.reportedInfeasible()`, taskId));
  }
  if (evaluator.urlMatch) {
    const refs = evaluator.urlMatch.referenceUrls;
    labels.push(label('url-match', `The final page is ${refs.join(' or ')}`, `(traj, api) => {${MATCH_SOURCE}  const s = api.state('last');\n  return s !== null && urlGoldInPred(${lit(refs)}, s.url);\n}`, taskId));
  }
  evaluator.programHtml?.forEach((check, i) => labels.push(label(`program-html-${i}`, describeHtmlCheck(check), htmlCheckCode(check, i), taskId)));
  return { schema: LABEL_SCHEMA_VERSION, taskId, labels, attempts: [] };
}
