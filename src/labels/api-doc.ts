/**
 * The label API documentation: one source for docs/LABEL-API.md and for the synthesizer prompts
 * that teach models to write labels. Every example is a label that tests run in the sandbox.
 * @module
 */

/** One documented api function. */
export interface LabelApiEntry {
  group: 'Text' | 'Actions' | 'State';
  signature: string;
  summary: string;
  /** A complete label using the function (true on the sample trajectory in test/labels). */
  example: string;
}

/** Every api function, in the order the documentation lists them. */
export const LABEL_API_ENTRIES: readonly LabelApiEntry[] = [
  { group: 'Text', signature: 'api.norm(s) -> string', summary: 'Normalizes text the way every comparison does: lower case, Unicode NFKD without diacritics, anything but letters and digits to one space, trimmed.', example: `(traj, api) => api.norm('Café  Crème!') === 'cafe creme'` },
  { group: 'Text', signature: 'api.similar(a, b) -> number', summary: 'Similarity of the normalized texts in [0, 1] (edit distance; token overlap for long texts).', example: `(traj, api) => api.similar('Add to cart', 'ADD TO CART!') === 1` },
  { group: 'Text', signature: 'api.fuzzy(a, b, threshold = 0.85) -> boolean', summary: 'True when api.similar(a, b) >= threshold.', example: `(traj, api) => api.fuzzy('Place your order', 'Place order', 0.6)` },
  { group: 'Text', signature: 'api.includes(haystack, needle) -> boolean', summary: 'Normalized substring test.', example: `(traj, api) => api.includes(traj.answer ?? '', '42.50')` },
  { group: 'Actions', signature: 'api.clicked(role, name) -> boolean', summary: "Some successful click or dblclick targeted an element with this role whose name (or text) matches.", example: `(traj, api) => api.clicked('button', 'Add to cart')` },
  { group: 'Actions', signature: 'api.typed(text, field?) -> boolean', summary: 'Some successful fill typed matching text, into a field whose name matches `field` when given.', example: `(traj, api) => api.typed('red shirt', 'Search')` },
  { group: 'Actions', signature: 'api.pressed(key, field?) -> boolean', summary: "Some successful press of this key (case-insensitive, e.g. 'Enter', 'Control+a'), on `field` when given.", example: `(traj, api) => api.pressed('Enter', 'Search')` },
  { group: 'Actions', signature: 'api.selected(option, field?) -> boolean', summary: 'Some successful select chose a matching option, in `field` when given.', example: `(traj, api) => api.selected('M', 'Size')` },
  { group: 'Actions', signature: 'api.visited(pattern) -> boolean', summary: "Some state's URL (the initial one included) matches the URL pattern.", example: `(traj, api) => api.visited('*/orders/*')` },
  { group: 'Actions', signature: 'api.answered(matcher?) -> boolean', summary: 'The agent gave a final answer, matching `matcher` when given.', example: `(traj, api) => api.answered((a) => api.includes(a, '42.50'))` },
  { group: 'Actions', signature: 'api.reportedInfeasible() -> boolean', summary: 'The agent reported the task infeasible.', example: `(traj, api) => !api.reportedInfeasible()` },
  { group: 'Actions', signature: 'api.actions() -> Step[]', summary: 'All steps so far (the same frozen array as traj.steps), for checks the helpers do not cover.', example: `(traj, api) => api.actions().filter((s) => s.action.type === 'click' && !s.error).length >= 2` },
  { group: 'State', signature: 'api.state(at?) -> PageState | null', summary: "The state selected by `at` ('any' gives the latest), or null when there is no such step.", example: `(traj, api) => api.state('initial')?.url === 'http://shop.test/'` },
  { group: 'State', signature: 'api.urlMatches(pattern, at?) -> boolean', summary: 'The URL of the selected state matches the URL pattern.', example: String.raw`(traj, api) => api.urlMatches(/\/orders\/\d+$/)` },
  { group: 'State', signature: 'api.pageHasText(text, at?) -> boolean', summary: 'The page text contains `text` (normalized substring; a RegExp or function is applied to the raw text).', example: `(traj, api) => api.pageHasText('Thank you for your order')` },
  { group: 'State', signature: 'api.element(role, name, at?) -> element | null', summary: 'The first element with this role whose name matches.', example: `(traj, api) => api.element('link', 'Red T-shirt', 'initial')?.href === '/p/17'` },
  { group: 'State', signature: 'api.elementExists(role, name, at?) -> boolean', summary: 'Such an element exists.', example: `(traj, api) => api.elementExists('button', 'Add to cart', 'any')` },
  { group: 'State', signature: 'api.elementValue(role, name, at?) -> string | undefined', summary: "The element's value (inputs, selects), undefined when it is missing.", example: `(traj, api) => api.elementValue('combobox', 'Size', 'any') === 'M'` },
  { group: 'State', signature: 'api.elementChecked(role, name, at?) -> boolean | undefined', summary: "The element's checked state (checkboxes, radios, switches).", example: `(traj, api) => api.elementChecked('checkbox', 'Gift wrap', 'any') === true` },
  { group: 'State', signature: 'api.probe(path, at?) -> any', summary: "A value read by the task's probes (backend state), by dotted path; array items by index (negative counts from the end); undefined when missing.", example: `(traj, api) => api.probe('shop.state.orders.0.total') === 42.5` },
  { group: 'State', signature: 'api.probeFind(path, predicate, at?) -> any', summary: 'The first item of the array at `path` for which predicate(item) is true; the predicate may also be an object of expected field values.', example: `(traj, api) => api.probeFind('shop.state.cart', (i) => i.productId === 'p-17' && i.size === 'M', 'any') !== undefined` },
];

const INTRO = `# Label API

A label function checks that one key step of a task happened. It is JavaScript source of a single
expression that evaluates to a function \`(traj, api) => boolean\`, for example
\`(traj, api) => api.clicked('button', 'Place order')\`. It runs in a sandbox after every step of an
episode and once more on the final state, and it must return true once the key step has happened.

Rules:
- Synchronous and quick: no async, await or promises (a promise is an error); about 50 ms per call at most.
- Return true or false; undefined and null count as false, anything else is an error.
- \`traj\`, its states and \`api\` are frozen, and so are all built-ins: labels read, they never write.
- No host access: there is no require, import, process, fetch, timers, WebAssembly or SharedArrayBuffer.
- A label that throws, loops or runs out of memory scores false on that state and is reported.

## traj

\`\`\`
traj = { goal, taskId, initial: PageState, steps: Step[], answer?, infeasible?, done }
PageState = { url, title, elements: [{ id, role, name, value?, checked?, disabled?, visible?, href? }],
              text, probes?: { <probeName>: any } }
Step = PageState & { index, action: { type, ... }, actionText, target?: { id, role, name, text?, value?,
                     tag?, href? }, error }
\`\`\`
- \`steps[i]\` holds the action of step i and the state after it; \`initial\` is the state before any step.
- Action types: click, dblclick, hover, fill {id, text}, select {id, options}, press {id?, key},
  scroll, goto {url}, back, forward, tab_new, tab_focus, tab_close, upload, answer {text},
  infeasible {reason}, noop. \`target\` is the element the action touched, captured before it ran.
- \`error\` is '' when the action succeeded; the action helpers only count successful actions.
- \`answer\` / \`infeasible\` are set once the agent answered or reported the task infeasible.
- \`done\` is true only when scoring the final state of a finished episode.

## Matching

- Text matchers (\`name\`, \`text\`, \`option\`, \`field\`, answer matchers): a string is compared after
  api.norm (equality, or substring for pageHasText); a RegExp is tested on the raw text; a function
  \`(s) => boolean\` gets the raw text.
- Fuzzy matching: pass \`{ fuzzy: true }\` (or \`{ fuzzy: 0.7 }\` for another threshold) as the last
  argument of a matcher function, e.g. \`api.clicked('button', 'Place order', { fuzzy: true })\`,
  \`api.element('link', 'Orders', 'any', { fuzzy: true })\`.
- \`role\`: a string, an array of roles, or '*' / undefined for any role (ARIA roles such as button,
  link, textbox, checkbox, combobox, radio, heading, option, menuitem, tab).
- URL patterns are matched raw: a string is a substring of the URL, or a glob over the whole URL
  when it contains '*' (\`'*/orders/*'\`); a RegExp is tested on the URL; a function gets the URL.
- \`at\` picks the state a state check reads: 'last' (default, the latest state), 'any' (any state
  including the initial one; value functions return the latest state's value that exists),
  'initial', or a step index (negative counts from the end).
- Prefer checks that stay true once the key step happened: an action (\`api.clicked\`) or \`at: 'any'\`.
  A check of the latest state stops holding when the page moves on.

## api
`;

const OUTRO = `
## Typical labels

\`\`\`
(traj, api) => api.probe('shop.state.cart', 'last')?.some(i => i.productId === 'p-17' && i.size === 'M')
(traj, api) => api.answered(a => api.includes(a, '42.50'))
(traj, api) => api.urlMatches(/\\/orders\\/\\d+$/) && api.pageHasText('Thank you for your order')
(traj, api) => api.clicked('button', 'Place order')
\`\`\`
`;

function render(): string {
  let out = INTRO;
  for (const group of ['Text', 'Actions', 'State'] as const) {
    out += `\n### ${group}\n\n`;
    for (const e of LABEL_API_ENTRIES.filter((x) => x.group === group)) {
      out += `- \`${e.signature}\`: ${e.summary}\n  Example: \`${e.example}\`\n`;
    }
  }
  return out + OUTRO;
}

/** The label API documentation (Markdown), as put in synthesizer prompts and docs/LABEL-API.md. */
export const LABEL_API_DOC: string = render();

/** docs/LABEL-API.md: LABEL_API_DOC with a generated-file header. */
export function labelApiMarkdown(): string {
  return `<!-- Generated from LABEL_API_DOC in src/labels/api-doc.ts by \`npx node scripts/gen-label-api-doc.ts\`; do not edit. -->\n\n${LABEL_API_DOC}`;
}
