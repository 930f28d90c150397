export { DEFAULT_QUOTA_BYTES, diagnose, quotaBytes } from './diagnose.js';
export { formatDiagnosis } from './format.js';
export { parseJournal, parseJournalLine, peerFailures, whyLines } from './journal.js';
export { CLOCK_SKEW_LIMIT_MS, EXPIRY_WARNING_DAYS, isDown } from './member-findings.js';
export type {
	CertificateExpiry,
	DiagnoseInput,
	Finding,
	HealthSnapshot,
	JournalLine,
	MemberDetails,
	UnitState,
} from './types.js';
