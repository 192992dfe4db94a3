/**
 * Typed errors for every area of coregym. Callers branch on the class and its stable `code`,
 * never on message text. Messages follow `<api.method>: <what was wrong> (expected X, got Y). <what to do>`.
 * @module
 */

/** Base class of every error coregym throws on purpose. `code` is stable across versions. */
export class CoregymError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An action string or object that does not parse. Codes: `action_syntax`, `action_unknown`, `action_args`. */
export class ActionParseError extends CoregymError {}

/** A task spec or task file that does not validate, or an unknown task id. Codes: `task_invalid`, `task_unknown`, `task_seed`. */
export class TaskFileError extends CoregymError {}

/** No usable Chromium was found or could be installed. Code: `browser_not_found`. */
export class BrowserNotFoundError extends CoregymError {}

/** The browser, a context or a page died or a remote endpoint is unreachable. Codes: `browser_crashed`, `endpoint_down`, `browser_closed`. */
export class BrowserError extends CoregymError {}

/** Misuse of an environment: step before reset, step after close, bad options. Codes: `env_state`, `env_options`. */
export class EnvError extends CoregymError {}

/**
 * A label function that failed to load, compile or run. Codes: `label_invalid`, `label_compile`,
 * `label_threw`, `label_timeout`, `label_memory`, `label_non_boolean`.
 */
export class LabelError extends CoregymError {}

/** A strategy graph that does not validate or an operation that would break its invariants. Codes: `graph_invalid`, `graph_cycle`. */
export class GraphError extends CoregymError {}

/** A model API failure or misconfiguration. Codes: `model_auth`, `model_refused`, `model_rate_limited`, `model_server`, `model_output`, `model_config`. */
export class ModelError extends CoregymError {}

/** A run directory or dataset that cannot be read or written. Codes: `run_invalid`, `run_io`. */
export class RunError extends CoregymError {}

/** Quote a user-supplied value for an error message, truncated so huge inputs stay readable. */
export function quote(value: unknown, max = 80): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
