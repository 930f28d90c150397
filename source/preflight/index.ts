/** The preflight: checks as pure functions over facts and measurements, and the runs that take them. */
export { type CheckInput, evaluateChecks } from './evaluate.js';
export {
	checkReportJson,
	checkSummary,
	formatCheckTable,
	formatCheckText,
} from './format.js';
export { findingPlace } from './result.js';
export {
	failedProblems,
	preflightChecks,
	refuseFailedChecks,
	runPreflight,
} from './run-preflight.js';
export { sshFailureReport } from './ssh-report.js';
export { currentTiming, recommendTiming } from './tuning.js';
export * from './types.js';
