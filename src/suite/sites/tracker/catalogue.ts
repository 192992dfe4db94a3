/**
 * The tracker's catalogue of realistic data that seeds sample from: people, labels, projects with
 * their issue titles, comment and description texts.
 * @module
 */

/** What an issue is about; decides its main label and description. */
export type IssueKind = 'bug' | 'feature' | 'enhancement' | 'docs' | 'perf' | 'security' | 'a11y';

export interface PersonEntry {
  username: string;
  name: string;
}

export interface ProjectEntry {
  slug: string;
  name: string;
  description: string;
  /** Release names of the project's milestones. */
  milestones: readonly string[];
  issues: readonly (readonly [title: string, kind: IssueKind])[];
}

/** Everyone who could work here; a seed hires twelve of them. */
export const PEOPLE: readonly PersonEntry[] = [
  { username: 'mchen', name: 'Maya Chen' },
  { username: 'dokafor', name: 'Daniel Okafor' },
  { username: 'spatel', name: 'Sana Patel' },
  { username: 'lnovak', name: 'Luka Novak' },
  { username: 'agarcia', name: 'Ana Garcia' },
  { username: 'jkim', name: 'Jisoo Kim' },
  { username: 'tmueller', name: 'Tobias Mueller' },
  { username: 'rsilva', name: 'Rafael Silva' },
  { username: 'eobrien', name: "Erin O'Brien" },
  { username: 'hnakamura', name: 'Hiro Nakamura' },
  { username: 'pwojcik', name: 'Piotr Wojcik' },
  { username: 'fadeyemi', name: 'Funke Adeyemi' },
  { username: 'ilarsen', name: 'Ingrid Larsen' },
  { username: 'dcohen', name: 'David Cohen' },
  { username: 'mrossi', name: 'Marco Rossi' },
  { username: 'nsingh', name: 'Nikhil Singh' },
  { username: 'cdubois', name: 'Claire Dubois' },
  { username: 'ybenali', name: 'Yasmine Benali' },
  { username: 'kwright', name: 'Kevin Wright' },
  { username: 'wzhang', name: 'Wei Zhang' },
];

export const ROLES = ['Maintainer', 'Developer', 'Developer', 'Developer', 'Reporter'] as const;

/** The group's labels, shared by every project. New labels cannot be created on the site. */
export const LABELS: readonly { name: string; color: string; description: string }[] = [
  { name: 'bug', color: '#d73a4a', description: 'Something is not working' },
  { name: 'feature', color: '#0e8a16', description: 'New functionality' },
  { name: 'enhancement', color: '#a2eeef', description: 'Improvement to existing behaviour' },
  { name: 'documentation', color: '#0075ca', description: 'Docs, guides and runbooks' },
  { name: 'performance', color: '#fbca04', description: 'Speed, memory or cost' },
  { name: 'security', color: '#b60205', description: 'Vulnerabilities and hardening' },
  { name: 'accessibility', color: '#5319e7', description: 'Usable by everyone' },
  { name: 'regression', color: '#e99695', description: 'Used to work' },
  { name: 'good first issue', color: '#7057ff', description: 'Good for newcomers' },
  { name: 'needs triage', color: '#ededed', description: 'Not yet looked at' },
];

/** Labels that sound plausible but do not exist here (for infeasible tasks). */
export const MISSING_LABELS: readonly string[] = ['wontfix', 'duplicate', 'blocked', 'tech-debt', 'p0-critical', 'customer-reported'];

export const KIND_LABEL: Record<IssueKind, string> = {
  bug: 'bug',
  feature: 'feature',
  enhancement: 'enhancement',
  docs: 'documentation',
  perf: 'performance',
  security: 'security',
  a11y: 'accessibility',
};

export const PROJECTS: readonly ProjectEntry[] = [
  {
    slug: 'atlas-api',
    name: 'Atlas API',
    description: 'The public REST API behind every Atlas client: orders, customers, payments and webhooks.',
    milestones: ['v3.4', 'v3.5', 'API hardening'],
    issues: [
      ['Pagination cursor skips records when items share a timestamp', 'bug'],
      ['POST /orders returns 500 when currency is missing', 'bug'],
      ['Rate limiter counts OPTIONS preflight requests', 'bug'],
      ['Webhook retries ignore the Retry-After header', 'bug'],
      ['Token refresh fails after clock skew of more than 30 seconds', 'bug'],
      ['Search endpoint returns deleted customers', 'bug'],
      ['Timezone offset dropped from invoice due dates', 'bug'],
      ['Bulk import silently truncates rows over 1,000', 'bug'],
      ['PATCH /users accepts an empty email', 'bug'],
      ['Race condition when two workers claim the same job', 'bug'],
      ['Health check reports OK while the database is unreachable', 'bug'],
      ['ETag header missing on cached responses', 'bug'],
      ['Add idempotency keys to payment endpoints', 'feature'],
      ['Support filtering orders by fulfillment status', 'feature'],
      ['Expose webhook delivery logs via the API', 'feature'],
      ['Add a GraphQL endpoint for reporting', 'feature'],
      ['Allow API keys scoped to a single project', 'feature'],
      ['Return field-level validation errors in a consistent format', 'enhancement'],
      ['Make the default page size configurable per client', 'enhancement'],
      ['Include the request id in every error response', 'enhancement'],
      ['Document rate limit headers', 'docs'],
      ['OpenAPI spec is missing the refunds resource', 'docs'],
      ['Add a migration guide from v2 to v3 authentication', 'docs'],
      ['Slow query on /reports/monthly for large accounts', 'perf'],
      ['N+1 queries when listing orders with line items', 'perf'],
      ['Connection pool exhausted under load test', 'perf'],
      ['Upgrade the JWT library to fix algorithm confusion', 'security'],
      ['Password reset tokens do not expire', 'security'],
      ['Audit log does not record API key deletions', 'security'],
    ],
  },
  {
    slug: 'orbit-web',
    name: 'Orbit Web',
    description: 'The Orbit single-page web app: dashboards, orders table, reports and settings.',
    milestones: ['2026.2', '2026.3', 'Design refresh'],
    issues: [
      ['Date picker shows the wrong month after switching locale', 'bug'],
      ['Dashboard charts flicker on window resize', 'bug'],
      ['Logout button does nothing on Safari 17', 'bug'],
      ['Unsaved changes warning appears after saving', 'bug'],
      ['Dropdown menu is clipped inside modal dialogs', 'bug'],
      ['Dark mode toggle resets after page reload', 'bug'],
      ['Table sort arrow points the wrong way', 'bug'],
      ['Infinite scroll loads the same page twice', 'bug'],
      ['Toast notifications stack off screen', 'bug'],
      ['Avatar upload fails for PNG files over 2 MB', 'bug'],
      ['Breadcrumbs show raw ids instead of names', 'bug'],
      ['Add keyboard shortcuts for navigation', 'feature'],
      ['Saved views for the orders table', 'feature'],
      ['Export a dashboard as PDF', 'feature'],
      ['Inline editing of customer notes', 'feature'],
      ['Onboarding checklist for new workspaces', 'feature'],
      ['Remember the last selected workspace', 'enhancement'],
      ['Show relative timestamps with the exact time on hover', 'enhancement'],
      ['Improve the empty state of the reports page', 'enhancement'],
      ['Focus is lost after closing the settings dialog', 'a11y'],
      ['Icon-only buttons lack accessible names', 'a11y'],
      ['Color contrast of secondary text fails WCAG AA', 'a11y'],
      ['Form errors are not announced to screen readers', 'a11y'],
      ['Initial bundle exceeds 1.5 MB', 'perf'],
      ['Orders table re-renders on every keystroke', 'perf'],
      ['Component library usage guide is outdated', 'docs'],
      ['Document the feature flag workflow', 'docs'],
      ['Sanitize HTML in user-provided notes', 'security'],
      ['Session cookie is missing the SameSite attribute', 'security'],
    ],
  },
  {
    slug: 'relay-mobile',
    name: 'Relay Mobile',
    description: 'Relay chat apps for iOS and Android, including push notifications and offline sync.',
    milestones: ['4.12', '4.13', 'Offline first'],
    issues: [
      ['App crashes when opening a push notification while offline', 'bug'],
      ['Biometric login prompt appears twice on Android 14', 'bug'],
      ['Pull to refresh spinner never stops', 'bug'],
      ['Images in chat are rotated 90 degrees', 'bug'],
      ['Keyboard covers the message input on small screens', 'bug'],
      ['Badge count does not clear after reading messages', 'bug'],
      ['Deep links open the home screen instead of the target', 'bug'],
      ['Audio messages stop when the screen locks', 'bug'],
      ['Sync conflict duplicates draft messages', 'bug'],
      ['Location sharing shows the previous position', 'bug'],
      ['Offline mode for recent conversations', 'feature'],
      ['Add message reactions', 'feature'],
      ['Support sharing files from other apps', 'feature'],
      ['Scheduled messages', 'feature'],
      ['Home screen widget for unread conversations', 'feature'],
      ['Reduce the size of notification payloads', 'enhancement'],
      ['Haptic feedback on long press', 'enhancement'],
      ['Show upload progress for attachments', 'enhancement'],
      ['Cold start takes over 4 seconds on older devices', 'perf'],
      ['Battery drain from background location updates', 'perf'],
      ['Chat list scroll drops frames with many avatars', 'perf'],
      ['Dynamic type breaks the settings layout', 'a11y'],
      ['VoiceOver reads timestamps before message text', 'a11y'],
      ['Write a release checklist for app store submissions', 'docs'],
      ['Document the push notification setup', 'docs'],
      ['Store refresh tokens in the keychain instead of preferences', 'security'],
      ['Disable screenshots on the PIN screen', 'security'],
      ['Certificate pinning breaks on corporate proxies', 'bug'],
      ['Crash reports are missing symbol files', 'enhancement'],
    ],
  },
  {
    slug: 'beacon-infra',
    name: 'Beacon Infra',
    description: 'Infrastructure, CI/CD, monitoring and on-call tooling for all Beacon services.',
    milestones: ['Q2 reliability', 'Q3 cost cuts', 'Cluster upgrade'],
    issues: [
      ['Nightly backup job fails on volumes over 500 GB', 'bug'],
      ['Terraform plan shows drift for unchanged security groups', 'bug'],
      ['CI cache is never restored on forked pull requests', 'bug'],
      ['Log shipping drops lines longer than 16 KB', 'bug'],
      ['Disk usage alert fires twice', 'bug'],
      ['Staging certificate renewal failed', 'bug'],
      ['Pods evicted during node upgrades', 'bug'],
      ['Deploy script ignores the rollback flag', 'bug'],
      ['Grafana dashboard shows gaps after the DST change', 'bug'],
      ['Preview environments for every pull request', 'feature'],
      ['Add canary deployments for the API', 'feature'],
      ['Automate database failover drills', 'feature'],
      ['Monthly cost report per team', 'feature'],
      ['Self-service secrets rotation', 'feature'],
      ['Cut CI pipeline time below ten minutes', 'enhancement'],
      ['Pin base images by digest', 'enhancement'],
      ['Retention policy for old container images', 'enhancement'],
      ['Build agents run out of memory on large test suites', 'perf'],
      ['DNS lookups add 200 ms to service calls', 'perf'],
      ['Rotate the leaked staging database password', 'security'],
      ['Enable MFA for the break-glass cloud account', 'security'],
      ['Restrict SSH access to the bastion host', 'security'],
      ['Scan container images for CVEs in CI', 'security'],
      ['Runbook for the on-call escalation path', 'docs'],
      ['Document how to add a new service to monitoring', 'docs'],
      ['Architecture diagram is out of date', 'docs'],
      ['Status page does not update during incidents', 'bug'],
      ['Autoscaler reacts too slowly to traffic spikes', 'perf'],
      ['Move cron jobs to the shared scheduler', 'enhancement'],
    ],
  },
  {
    slug: 'harbor-billing',
    name: 'Harbor Billing',
    description: 'Subscriptions, invoices, taxes and payouts for Harbor customers.',
    milestones: ['Billing 1.8', 'Billing 1.9', 'Tax compliance'],
    issues: [
      ['Prorated refunds are off by one day', 'bug'],
      ['Invoice PDF shows tax twice for EU customers', 'bug'],
      ['Coupon codes are case sensitive', 'bug'],
      ['Subscription renewals charged in the wrong currency', 'bug'],
      ['Failed payment emails sent to the old address', 'bug'],
      ['Trial end date ignores the account timezone', 'bug'],
      ['Credit notes missing from the monthly export', 'bug'],
      ['Annual plan downgrade loses remaining credit', 'bug'],
      ['Duplicate charges when the checkout button is double-clicked', 'bug'],
      ['Usage-based pricing for API calls', 'feature'],
      ['Add support for SEPA direct debit', 'feature'],
      ['Customer portal for updating payment methods', 'feature'],
      ['Configurable dunning schedule per plan', 'feature'],
      ['Multi-currency price books', 'feature'],
      ['Show a preview of the next invoice on the plan page', 'enhancement'],
      ['Round tax amounts per line instead of per invoice', 'enhancement'],
      ['Allow custom fields on invoices', 'enhancement'],
      ['Month-end invoice run takes six hours', 'perf'],
      ['Revenue report times out for large tenants', 'perf'],
      ['Mask card numbers in support tool logs', 'security'],
      ['Require re-authentication before changing the payout account', 'security'],
      ['Explain proration rules in the help center', 'docs'],
      ['Document webhook events for subscription changes', 'docs'],
      ['Add examples for tax-exempt customers', 'docs'],
      ['Checkout form fields are missing labels', 'a11y'],
      ['Refund button stays enabled after a full refund', 'bug'],
      ['Export invoices as CSV', 'feature'],
      ['Payout reconciliation job is slow on Mondays', 'perf'],
      ['VAT number validation rejects valid Irish numbers', 'bug'],
    ],
  },
];

/** Opening sentences of descriptions, by kind. `{project}` is replaced. */
export const DESCRIPTIONS: Record<IssueKind, readonly string[]> = {
  bug: [
    'Seen in production on {project}. Steps to reproduce are in the linked support ticket; it happens about one time in five.',
    'Reported by two customers this week. Expected the request to succeed; instead it fails without a useful message.',
    'Reproducible on main. It started after the last release, so the recent refactor is the first suspect.',
    'Happens only for accounts created before the migration. Logs attached to the support case.',
  ],
  feature: [
    'Several customers have asked for this. A first version can be small as long as it covers the common case.',
    'Proposal for {project}: keep the scope tight and ship behind a feature flag first.',
    'This came out of the last roadmap review. Needs a short design note before implementation.',
  ],
  enhancement: [
    'Small quality-of-life change that would save support a lot of back and forth.',
    'The current behaviour works but is confusing; this makes it predictable.',
    'Low effort, high value. Can be picked up between larger pieces of work.',
  ],
  docs: [
    'The current page is missing the details people keep asking about in chat.',
    'New joiners to {project} trip over this every time; a written guide would help.',
    'Outdated since the last major version. Screenshots and examples need refreshing.',
  ],
  perf: [
    'Profiling points at a hot loop; numbers from the last load test are attached.',
    'Noticeably slower than last quarter. Needs a benchmark before and after the fix.',
    'Customers with large accounts see timeouts. A cache or an index should help.',
  ],
  security: [
    'Found during the internal review. Please keep details out of public channels until fixed.',
    'Flagged by the dependency scanner. Fix before the next release.',
    'Hardening item from the last penetration test report.',
  ],
  a11y: [
    'Found during the accessibility audit. Affects keyboard and screen reader users.',
    'Fails the WCAG 2.2 AA checklist; should be a small fix.',
  ],
};

/** Comments people leave on issues. */
export const COMMENTS: readonly string[] = [
  'I can reproduce this on the latest main.',
  'Looks related to the change we shipped last sprint.',
  'Could you attach the logs from when this happened?',
  'I will take a look at this tomorrow morning.',
  'This is blocking the release for one of our larger customers.',
  'Added a failing test in my branch, fix coming.',
  'Is this still happening after the last deploy?',
  'Confirmed, happens for me too.',
  'Let us discuss this at the next planning meeting.',
  'Moving this to the next milestone, we are out of time for this one.',
  'Merge request is up for review.',
  'Workaround for now: clear the cache and retry.',
  'Not sure this is worth the effort, but the customer impact is real.',
  'Pairing on this with the platform team on Thursday.',
];

/** Texts a task may ask the user to post as a comment. */
export const COMMENT_REQUESTS: readonly string[] = [
  'Verified the fix on staging, looks good to me.',
  'Can we get a status update before Friday?',
  'This also affects the nightly export job.',
  'Waiting on the vendor to confirm the root cause.',
  'Please add steps to reproduce so QA can verify.',
  'Duplicate of the issue we closed last sprint, keeping this one open for now.',
  'I will pick this up after the current release.',
  'Customer confirmed the workaround works for them.',
];

/** New issues a task may ask the user to file. */
export const NEW_ISSUES: readonly { title: string; description: string }[] = [
  { title: 'Export button times out for large reports', description: 'Exports with more than 50,000 rows fail after 30 seconds.' },
  { title: 'Add audit trail for permission changes', description: 'Admins need to see who changed which role and when.' },
  { title: 'Login page shows a blank screen on slow networks', description: 'The spinner disappears before the form is rendered.' },
  { title: 'Retry failed webhooks from the admin panel', description: 'Support wants a button to resend a single failed delivery.' },
  { title: 'Memory leak in the background sync worker', description: 'Resident memory grows by about 200 MB per hour until restart.' },
  { title: 'Translate error messages into German', description: 'German customers see English error messages in the checkout.' },
  { title: 'Emails use the wrong sender name', description: 'Notification emails are sent as "noreply" instead of the product name.' },
  { title: 'Add a dark theme to the settings page', description: 'The settings page ignores the dark theme preference.' },
];

/** Replacement titles a task may ask for, as a function of the old one. */
export const TITLE_PREFIXES: readonly string[] = ['[Urgent] ', '[Investigate] ', '[Customer] ', '[Follow-up] '];
