/**
 * The Judge: a pluggable model (or person) that decides the checks string comparison cannot —
 * WebArena's fuzzy_match (does the answer mean the reference?) and its unachievable-task check
 * (does the agent's reason match the real one?). String in, verdict out.
 * @module
 */
import { InteropError } from './errors.ts';

/** One question for a judge. `prompt` is the full text to send to a model; the other fields are its parts. */
export interface JudgeRequest {
  /** `fuzzy_match`: is `answer` semantically the `reference` answer to `question`? `unachievable_reason`: is `answer` the same reason as `reference`? */
  kind: 'fuzzy_match' | 'unachievable_reason';
  /** The task's intent. */
  question: string;
  reference: string;
  answer: string;
  /** The request as one prompt that ends by asking for a `VERDICT: PASS` or `VERDICT: FAIL` line. */
  prompt: string;
}

/** A judge's decision. */
export interface JudgeVerdict {
  pass: boolean;
  /** The judge's reasoning or raw reply, kept in the oracle's reason. */
  explanation?: string;
}

/**
 * Decides what string matching cannot. Implementations must be deterministic enough for
 * benchmarking (temperature 0 for models) and throw when they cannot answer; the oracle turns a
 * throw into an episode error, never into a failed episode.
 */
export interface Judge {
  judge(request: JudgeRequest): Promise<JudgeVerdict>;
}

/** Build the request for a fuzzy_match check. */
export function fuzzyMatchRequest(question: string, reference: string, answer: string): JudgeRequest {
  const prompt = [
    'You grade an answer to a question about a website. The answer may be worded differently from the reference;',
    'what matters is whether it means the same thing. "N/A" stands for "this cannot be done".',
    '',
    `Question: ${question}`,
    `Reference answer: ${reference}`,
    `Given answer: ${answer}`,
    '',
    'A partially correct answer fails. Explain briefly, then end with exactly one line: VERDICT: PASS or VERDICT: FAIL.',
  ].join('\n');
  return { kind: 'fuzzy_match', question, reference, answer, prompt };
}

/** Build the request for an unachievable task: does the reported reason match the real one? */
export function unachievableReasonRequest(question: string, reference: string, answer: string): JudgeRequest {
  const prompt = [
    'A task on a website cannot be done. Someone tried it, said it cannot be done and gave a reason.',
    'Decide whether their reason agrees with the real reason, even if they put it differently or only imply it.',
    '',
    `Task: ${question}`,
    `Real reason: ${reference}`,
    `Reported reason: ${answer}`,
    '',
    'Explain briefly, then end with exactly one line: VERDICT: PASS (the reasons agree) or VERDICT: FAIL.',
  ].join('\n');
  return { kind: 'unachievable_reason', question, reference, answer, prompt };
}

/**
 * Read the verdict line of a model's reply (the last `VERDICT:` line wins).
 * @throws InteropError `judge_failed` when the reply has no verdict line.
 */
export function parseVerdict(reply: string, where = 'parseVerdict'): JudgeVerdict {
  const matches = [...reply.matchAll(/VERDICT\s*:\s*\**\s*(PASS|FAIL)\b/gi)];
  const last = matches.at(-1);
  if (!last) {
    throw new InteropError('judge_failed', `${where}: the judge's reply has no verdict line (expected "VERDICT: PASS" or "VERDICT: FAIL", got ${JSON.stringify(reply.slice(0, 200))}). Use a model that follows the format, or a custom Judge.`);
  }
  return { pass: last[1]!.toUpperCase() === 'PASS', explanation: reply.trim().slice(0, 2000) };
}
