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
	type IssuedClientCertificate,
	MAX_CLIENT_DAYS,
} from './client-certificate.js';
export { RekeyAbortedError, RekeyStoppedError } from './errors.js';
export { formatInventory } from './format-inventory.js';
export {
	certificateInventory,
	type Inventory,
	type InventoryEntry,
	type InventoryProblem,
	localInventoryEntry,
} from './inventory.js';
export { formatRekeyPlan } from './plan.js';
export { type PreparedRekey, type PrepareRekeyOptions, prepareRekey } from './prepare.js';
export {
	type RekeyOptions,
	type RekeyResult,
	rekeyCluster,
	selectedMembers,
} from './rekey.js';
export type { RenewedMember } from './renew.js';
