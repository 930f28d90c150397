/** Re-keying: renew member certificates, rotate the CA, list every certificate. */
export {
	ClientCertificateExistsError,
	type ClientCertificateRequest,
	clientDaysProblem,
	clientFiles,
	clientNameProblem,
	createClientCertificate,
	DEFAULT_CLIENT_DAYS,
	formatIssuedClient,
	MAX_CLIENT_DAYS,
} from './client-certificate.js';
export { RekeyAbortedError, RekeyStoppedError } from './errors.js';
export { formatInventory } from './format-inventory.js';
export {
	certificateInventory,
	localInventoryEntry,
} from './inventory.js';
export { formatRekeyPlan } from './plan.js';
export { type PreparedRekey, type PrepareRekeyOptions, prepareRekey } from './prepare.js';
export {
	type RekeyOptions,
	rekeyCluster,
	selectedMembers,
} from './rekey.js';
export type {
	Inventory,
	InventoryEntry,
	InventoryProblem,
	IssuedClientCertificate,
	RekeyResult,
	RenewedMember,
} from './types.js';
