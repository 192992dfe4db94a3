/**
 * The tracker's look: page shell with header and search, and the small pieces every page shows
 * (label chips, state badges, dates, people).
 * @module
 */
import { html, page } from '../../html.ts';
import type { SafeHtml } from '../../html.ts';
import { nameOf } from './state.ts';
import type { Issue, LabelDef, TrackerState } from './state.ts';

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1f2328;background:#fafbfc}
a{color:#1f5fbf;text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:18px;padding:8px 20px;background:#292961;color:#fff}
header.top a{color:#fff}header.top .brand{font-weight:700;font-size:16px}header.top nav{display:flex;gap:14px}
header.top form{margin-left:auto;display:flex;gap:4px}header.top input[type=search]{width:240px;padding:4px 8px;border-radius:4px;border:0}
header.top .me{font-size:12px;opacity:.85}
main{max-width:1120px;margin:0 auto;padding:18px 20px}
.crumbs{font-size:13px;color:#59636e;margin-bottom:6px}
.flash{padding:8px 12px;border-radius:6px;background:#dafbe1;border:1px solid #aceebb;margin-bottom:12px}
.error{color:#b42318}.errors{padding:8px 12px;border:1px solid #f3b5ad;background:#fff1f0;border-radius:6px;margin-bottom:12px}
.chip{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;margin:0 3px 2px 0;border:1px solid rgba(0,0,0,.12);color:#1f2328}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
.badge.open{background:#1f883d}.badge.closed{background:#8250df}
.btn,button{font:inherit;padding:4px 10px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;cursor:pointer}
button.primary{background:#1f883d;color:#fff;border-color:#1a7f37}button.danger{background:#cf222e;color:#fff;border-color:#a40e26}
select,input[type=text],textarea{font:inherit;padding:4px 6px;border:1px solid #d0d7de;border-radius:6px;background:#fff}
textarea{width:100%;min-height:90px}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:end;padding:10px;background:#fff;border:1px solid #d0d7de;border-radius:6px;margin-bottom:10px}
.filters .field{display:flex;flex-direction:column;font-size:12px;color:#59636e}
.tabs{display:flex;gap:4px;border-bottom:1px solid #d0d7de;margin:10px 0}
.tabs a,.tabs [role=tab]{padding:6px 12px;border:1px solid transparent;border-bottom:0;border-radius:6px 6px 0 0;background:none;color:#1f2328}
.tabs .current,.tabs [aria-selected=true]{border-color:#d0d7de;background:#fff;font-weight:600}
table.issues{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d7de}
table.issues td,table.issues th{padding:7px 8px;border-top:1px solid #eaeef2;text-align:left;vertical-align:top}
table.issues .meta{font-size:12px;color:#59636e}
.bulk{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:8px;background:#f6f8fa;border:1px solid #d0d7de;border-bottom:0;border-radius:6px 6px 0 0}
.pager{display:flex;gap:6px;align-items:center;margin:10px 0}
.layout{display:grid;grid-template-columns:1fr 280px;gap:24px}
aside section{border-bottom:1px solid #eaeef2;padding:10px 0}aside h3{font-size:12px;margin:0 0 6px;color:#59636e;text-transform:uppercase}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px;margin-bottom:10px}
.comment header{font-size:12px;color:#59636e;margin-bottom:4px}
dialog{border:1px solid #d0d7de;border-radius:8px;padding:16px;min-width:320px}dialog::backdrop{background:rgba(0,0,0,.35)}
dialog fieldset{border:0;padding:0;display:grid;gap:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
form.stack{display:grid;gap:10px;max-width:640px}form.stack>label{font-weight:600;margin-bottom:-6px}
fieldset.labels{display:flex;flex-wrap:wrap;gap:6px 14px;border:1px solid #d0d7de;border-radius:6px}fieldset.labels label{font-weight:400;display:flex;gap:4px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

/** Render a full page with the site header. */
export function layout(state: TrackerState, title: string, body: SafeHtml, script?: string): string {
  const header = html`<header class="top">
  <a class="brand" href="/">Tracker</a>
  <nav aria-label="Main"><a href="/projects">Projects</a><a href="/users">People</a><a href="/issues/new">New issue</a></nav>
  <form action="/search" method="get" role="search"><input type="search" name="q" aria-label="Search issues" placeholder="Search all issues"><button type="submit">Search</button></form>
  <span class="me">Signed in as ${nameOf(state.users, state.currentUser)}</span>
</header>`;
  return page({ title: `${title} · Tracker`, css: CSS, header, body, script });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mar 4, 2026` */
export function formatDate(isoText: string): string {
  const d = new Date(isoText);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** `Mar 4, 2026 14:05` */
export function formatDateTime(isoText: string): string {
  const d = new Date(isoText);
  return `${formatDate(isoText)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

function labelColor(labels: readonly LabelDef[], name: string): string {
  return labels.find((l) => l.name === name)?.color ?? '#ededed';
}

/** A label as a coloured chip; a link to the filtered list when `href` is given. */
export function labelChip(labels: readonly LabelDef[], name: string, href?: string): SafeHtml {
  const style = `background:${labelColor(labels, name)}33;border-color:${labelColor(labels, name)}`;
  return href ? html`<a class="chip" style="${style}" href="${href}">${name}</a>` : html`<span class="chip" style="${style}">${name}</span>`;
}

export function stateBadge(issue: Issue): SafeHtml {
  return html`<span class="badge ${issue.state}">${issue.state === 'open' ? 'Open' : 'Closed'}</span>`;
}

export function personLink(state: TrackerState, username: string): SafeHtml {
  return html`<a href="/users/${username}">${nameOf(state.users, username)}</a>`;
}

export function projectName(state: TrackerState, slug: string): string {
  return state.projects.find((p) => p.slug === slug)?.name ?? slug;
}

export function issuePath(issue: Issue): string {
  return `/projects/${issue.project}/issues/${issue.number}`;
}
