/**
 * The trusted verdict of an imported WebArena task: WebArena's evaluators run on the host over
 * the finished episode — the answer, the final URL, the fresh program_html readings — with a
 * Judge for the checks that need a model.
 * @module
 */
import type { OracleInput, OracleVerdict } from '../env/index.ts';
import { exactMatch, includesAll, mustExclude, mustInclude, urlGoldInPred } from './webarena-match.ts';
import { fuzzyMatchRequest, unachievableReasonRequest, type Judge } from './judge.ts';
import type { HtmlReading } from './webarena-html.ts';
import { WEBARENA_PROBE } from './webarena-labels.ts';
import type { WebArenaEvaluator } from './webarena-evaluator.ts';

function readings(probes: Record<string, unknown>): HtmlReading[] {
  const p = probes[WEBARENA_PROBE] as { html?: HtmlReading[] } | undefined;
  return p?.html ?? [];
}

/**
 * The oracle for an evaluator. Without a judge, an evaluator with fuzzy_match has no oracle
 * (see `needsJudge`): the caller leaves the task's `oracle` unset rather than guess.
 */
export function webArenaOracle(evaluator: WebArenaEvaluator, judge?: Judge): (input: OracleInput) => Promise<OracleVerdict> {
  return async ({ trajectory, probes, answer, infeasible }) => {
    const failures: string[] = [];
    const notes: string[] = [];
    const pred = answer ?? (infeasible !== undefined ? 'N/A' : undefined);
    const sm = evaluator.stringMatch;
    if (sm) {
      if (pred === undefined) failures.push('string_match: the agent gave no answer');
      else {
        if (sm.exactMatch !== undefined && !exactMatch(sm.exactMatch, pred)) failures.push(`string_match: answer is not ${JSON.stringify(sm.exactMatch)}`);
        for (const r of sm.mustInclude ?? []) if (!mustInclude(r, pred, sm.mustInclude!.length === 1)) failures.push(`string_match: answer lacks ${JSON.stringify(r)}`);
        for (const r of sm.mustExclude ?? []) if (!mustExclude(r, pred)) failures.push(`string_match: answer contains ${JSON.stringify(r)}`);
        if (sm.fuzzyMatch !== undefined) {
          if (!judge) throw new Error('webArenaOracle: this task needs a judge for fuzzy_match; import it with { judge }.');
          const requests = sm.fuzzyMatch === 'N/A'
            ? exactMatch('N/A', pred) ? [] : [unachievableReasonRequest(evaluator.intent, sm.stringNote ?? '', pred)]
            : sm.fuzzyMatch.map((ref) => fuzzyMatchRequest(evaluator.intent, ref, pred));
          for (const request of requests) {
            let verdict;
            try {
              verdict = await judge.judge(request);
            } catch (e) {
              // A plain Error, so WebEnv records an episode error (infrastructure) instead of a failed episode.
              throw new Error(`webArenaOracle: the judge failed: ${(e as Error).message}`, { cause: e });
            }
            if (!verdict.pass) failures.push(`string_match: the judge rejected ${JSON.stringify(request.answer.slice(0, 200))} against ${JSON.stringify(request.reference.slice(0, 200))}`);
            else notes.push(`judge accepted (${request.kind})`);
          }
        }
      }
    }
    if (evaluator.urlMatch) {
      const url = trajectory.steps.at(-1)?.url ?? trajectory.initial.url;
      if (!urlGoldInPred(evaluator.urlMatch.referenceUrls, url)) failures.push(`url_match: ${url} is not ${evaluator.urlMatch.referenceUrls.join(' or ')}`);
    }
    const html = readings(probes);
    evaluator.programHtml?.forEach((check, i) => {
      const r = html[i];
      const value = r?.value ?? '';
      const ok = check.exactMatch !== undefined ? exactMatch(check.exactMatch, value) : includesAll(check.mustInclude!, value);
      if (!ok) failures.push(`program_html[${i}]: ${r?.url ?? 'page'} read ${JSON.stringify(value.slice(0, 120))}${r?.error ? ` (${r.error})` : ''}`);
    });
    if (failures.length > 0) return { success: false, reason: failures.join('; ') };
    return { success: true, reason: notes.length ? `all checks passed; ${notes.join('; ')}` : 'all checks passed' };
  };
}
