/**
 * The evaluator of an imported WebArena task, as plain data: what WebArena's `eval` block says,
 * with site placeholders resolved and every `func:` helper mapped to a kind coregym implements.
 * Stored in task files; the labels, the probe and the oracle are built from it.
 * @module
 */
import { z } from 'zod';

/** Which page a program_html check reads. */
export const HtmlPageSchema = z.discriminatedUnion('kind', [
  /** The agent's page as it is at the end (WebArena's url "last"). */
  z.object({ kind: z.literal('last') }),
  /** This URL, loaded afresh in the same browser context (so it shows saved state). */
  z.object({ kind: z.literal('url'), url: z.string().min(1) }),
  /** WebArena's reddit_get_post_url('__last_url__'): the post the agent's page is on (`/f/<forum>/<id>/`). */
  z.object({ kind: z.literal('forum_post_of_last_url') }),
]);
export type HtmlPage = z.infer<typeof HtmlPageSchema>;

/** What a program_html check reads from its page. */
export const HtmlLocatorSchema = z.discriminatedUnion('kind', [
  /** The page's whole HTML (an empty WebArena locator). */
  z.object({ kind: z.literal('content') }),
  /** A JavaScript expression evaluated in the page (WebArena's `document.…` locators). */
  z.object({ kind: z.literal('js'), expression: z.string().min(1) }),
  /** WebArena's gitlab_get_project_memeber_role(__page__, account): the role shown next to `@account` on a members page. */
  z.object({ kind: z.literal('gitlab_member_role'), account: z.string().min(1) }),
]);
export type HtmlLocator = z.infer<typeof HtmlLocatorSchema>;

export const HtmlCheckSchema = z.object({
  page: HtmlPageSchema,
  locator: HtmlLocatorSchema,
  /** JavaScript statements run in the page before the locator (WebArena's prep_actions). */
  prepActions: z.array(z.string()).default([]),
  /** The text the locator reads must equal this (after WebArena's answer cleaning)... */
  exactMatch: z.string().optional(),
  /** ...or include every entry, where an entry holds alternatives (WebArena's ` |OR| `). */
  mustInclude: z.array(z.array(z.string()).min(1)).optional(),
}).refine((c) => (c.exactMatch === undefined) !== (c.mustInclude === undefined), { message: 'expected exactly one of exactMatch and mustInclude' });
export type HtmlCheck = z.infer<typeof HtmlCheckSchema>;

export const StringMatchSchema = z.object({
  exactMatch: z.string().optional(),
  mustInclude: z.array(z.string()).optional(),
  mustExclude: z.array(z.string()).optional(),
  /** Needs a judge: "N/A" (the task is unachievable; the reason is compared with `stringNote`) or references the answer must mean. */
  fuzzyMatch: z.union([z.literal('N/A'), z.array(z.string())]).optional(),
  /** WebArena's string_note: why an unachievable task is unachievable. */
  stringNote: z.string().optional(),
});
export type StringMatch = z.infer<typeof StringMatchSchema>;

/** A WebArena evaluator: every part present must pass (WebArena multiplies their scores). */
export const WebArenaEvaluatorSchema = z.object({
  kind: z.literal('webarena'),
  /** The task's intent, shown to a judge as the question. */
  intent: z.string().min(1),
  stringMatch: StringMatchSchema.optional(),
  /** Rule "GOLD in PRED": the final URL contains one reference's host+path and its query values. */
  urlMatch: z.object({ referenceUrls: z.array(z.string().min(1)).min(1) }).optional(),
  programHtml: z.array(HtmlCheckSchema).optional(),
});
export type WebArenaEvaluator = z.infer<typeof WebArenaEvaluatorSchema>;

/** Whether the evaluator needs a model to reach a verdict. */
export function needsJudge(evaluator: WebArenaEvaluator): boolean {
  return evaluator.stringMatch?.fuzzyMatch !== undefined;
}
