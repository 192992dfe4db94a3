/**
 * What an agent sees after each step: the Observation type and its parts.
 * @module
 */

/** One element an agent can refer to by `id`. Ids are stable for the same DOM element while it lives. */
export interface ElementInfo {
  /** Stable element id, as used in actions (`click("12")`). */
  id: string;
  /** ARIA role (computed), or `generic`/`clickable`/`text` for elements without a semantic role. */
  role: string;
  /** Accessible name, whitespace-collapsed. */
  name: string;
  /** Current value of inputs, textareas and selects (the selected option's label for selects). */
  value?: string;
  /** Checked state of checkboxes, radios and switches. */
  checked?: boolean;
  disabled?: boolean;
  /** Options of a select element, by label. */
  options?: string[];
  /** Bounding box in CSS pixels relative to the viewport: [x, y, width, height]. */
  bbox?: [number, number, number, number];
  /** Inside the viewport and not hidden. */
  visible: boolean;
  /** Can be clicked (semantic role or click handler / pointer cursor). */
  clickable?: boolean;
  /** Accepts text input. */
  editable?: boolean;
  /** HTML tag, lower case. */
  tag?: string;
  /** For links, the resolved href. */
  href?: string;
}

/** One open tab. */
export interface TabInfo {
  index: number;
  url: string;
  title: string;
}

/** A JavaScript dialog (alert/confirm/prompt/beforeunload) that appeared during the last step. */
export interface DialogInfo {
  type: string;
  message: string;
  /** How the env answered it: `accepted` or `dismissed`. */
  handled: 'accepted' | 'dismissed';
}

/** A download that finished (or failed) during the last step. */
export interface DownloadInfo {
  url: string;
  suggestedFilename: string;
  /** Path on the host where the file was saved, when it was. */
  path?: string;
  error?: string;
}

/** The observation returned by `reset` and `step`. Plain data: serializable to JSON except `screenshot`. */
export interface Observation {
  url: string;
  title: string;
  goal: string;
  tabs: TabInfo[];
  activeTab: number;
  /**
   * Accessibility-tree text with element ids, one node per line, indented by depth,
   * in BrowserGym's style: `[12] button 'Add to cart'`. Bounded by `maxTextChars`; when cut, the
   * last line says `... (truncated: N more lines)`.
   */
  axtree: string;
  /** Every element with an id, in document order. */
  elements: ElementInfo[];
  /** Id of the focused element, if it has one. */
  focused?: string;
  /** The action of the last step in its string form (`click("12")`), or undefined after reset. */
  lastAction?: string;
  /** What went wrong with the last action (unknown id, element gone, timeout, ...), or '' when it succeeded. */
  lastActionError: string;
  /** Dialogs that appeared during the last step, and how they were handled. */
  dialogs: DialogInfo[];
  /** Downloads of the last step. */
  downloads: DownloadInfo[];
  /** A file chooser opened by the last action and not yet answered by an `upload` action. */
  fileChooserPending?: boolean;
  /** True when `axtree` was cut at `maxTextChars`. */
  truncated: boolean;
  /** PNG screenshot of the viewport, when `screenshot: true` was asked. */
  screenshot?: Uint8Array;
  /** PNG screenshot with numbered boxes drawn over elements (set-of-marks), when asked. */
  setOfMarks?: Uint8Array;
}
