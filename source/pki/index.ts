/** The cluster's PKI: CA, member server/peer certificates, client certificates, inspection. */
export { writeFileAtomic } from '../cluster/atomic-file.js';
export { caBundle, splitCertificates } from './bundle.js';
export { createCa } from './ca.js';
export { type EnsurePkiOptions, ensurePki } from './ensure.js';
export { type CertificateInfo, inspectCertificate } from './inspect.js';
export { issueClientCertificate, issueMemberCertificates } from './issue.js';
export { prewarmKeyPairs } from './keys.js';
export {
	type LeafFiles,
	type LeafProblemOptions,
	leafProblem,
	type MemberProblems,
	memberCertificateProblems,
	type TrustAnchor,
	trustAnchor,
} from './leaf-problems.js';
export { clientProfile, type LeafProfile, peerProfile, serverProfile } from './profiles.js';
export {
	dropPreviousCa,
	installRotatedPki,
	PREVIOUS_CA_FILES,
	type RotatedPki,
	writeMemberMaterial,
} from './rotation.js';
export { loadPki } from './store.js';
export type {
	CertAndKey,
	IssueOptions,
	MemberIdentity,
	MemberMaterial,
	PkiAction,
	PkiBundle,
} from './types.js';
