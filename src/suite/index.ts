/**
 * The built-in suite's public face: start the local web apps, their task templates, scripted
 * expert solvers and the shipped demos.
 * @module
 */
export { startSuite, suiteTemplates, SITE_NAMES, type RunningSuite, type StartSuiteOptions } from './suite.ts';
export type { SiteName, SuiteUrls, TaskTemplate, Solver, SolverContext, ElementQuery, TemplateFactory } from './template.ts';
export { runSolver, SolverError, DONE_ANSWER, type RunSolverOptions } from './solver-context.ts';
export { loadDemos, saveDemo, rebaseTrajectory, demoPath, DEFAULT_DEMO_DIR, PLACEHOLDER_URLS, type LoadDemosOptions } from './demo-store.ts';
export type { SiteFaults, SiteApp } from './site.ts';
export { runSolvers, type SolverRun, type RunSolversOptions } from './record-demos.ts';
export { countTemplates, type TemplateCounts } from './stats.ts';
