/** The preflight: checks as pure functions over facts and measurements, and the probes. */
export { type CheckInput, evaluateChecks } from './evaluate.js';
export {
	CHECK_TITLES,
	checkReportJson,
	checkSummary,
	formatCheckTable,
	formatCheckText,
} from './format.js';
export {
	failedProblems,
	localClusterToken,
	preflightChecks,
	refuseFailedChecks,
	runPreflight,
} from './preflight.js';
export { type MeasureOptions, measureCluster } from './probe.js';
export { findingPlace } from './result.js';
export { sshFailureReport } from './ssh-report.js';
export { currentTiming, DEFAULT_TIMING, recommendTiming, tuningAdvice } from './tuning.js';
export * from './types.js';
