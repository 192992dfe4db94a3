/**
 * Writes docs/LABEL-API.md from LABEL_API_DOC (src/labels/api-doc.ts), the one source of the
 * label API documentation. Run with `npx node scripts/gen-label-api-doc.ts`.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { labelApiMarkdown } from '../src/labels/api-doc.ts';

writeFileSync(resolve(import.meta.dirname, '..', 'docs', 'LABEL-API.md'), labelApiMarkdown());
