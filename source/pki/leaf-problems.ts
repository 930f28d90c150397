import { X509Certificate } from 'node:crypto';
import { daysBetween } from './certificate.js';
import { type CertificateInfo, canonicalIp, inspectCertificate } from './inspect.js';
import { keyMatchesCertificate } from './keys.js';
import { type LeafProfile, peerProfile, serverProfile } from './profiles.js';
import { DEFAULT_RENEW_BEFORE_DAYS, type MemberIdentity, type MemberMaterial } from './types.js';

/** A leaf as found on disk; either half may be missing. */
export interface LeafFiles {
	readonly certPem?: string | undefined;
	readonly keyPem?: string | undefined;
}

/** When to check and how early to renew. */
export interface LeafProblemOptions {
	readonly now?: Date;
	readonly renewBeforeDays?: number;
}

/** The CA a leaf must chain to, parsed once. */
export interface TrustAnchor {
	readonly x509: X509Certificate;
	readonly info: CertificateInfo;
}

/** Parses the CA certificate the leaves are checked against. */
export function trustAnchor(caCertPem: string): TrustAnchor {
	return { x509: new X509Certificate(caCertPem), info: inspectCertificate(caCertPem) };
}

/**
 * Why a leaf must be (re)issued, or undefined when it is still right: present with its key,
 * issued by the current CA, saying what `profile` wants, and not expiring within the window.
 */
export function leafProblem(
	ca: TrustAnchor,
	leaf: LeafFiles,
	profile: LeafProfile,
	opts: LeafProblemOptions = {},
): string | undefined {
	if (leaf.certPem === undefined) return 'certificate missing';
	if (leaf.keyPem === undefined) return 'key missing';
	let x509: X509Certificate;
	let info: CertificateInfo;
	try {
		x509 = new X509Certificate(leaf.certPem);
		info = inspectCertificate(leaf.certPem);
	} catch {
		return 'certificate unreadable';
	}
	if (!keyMatchesCertificate(leaf.keyPem, leaf.certPem)) return 'key does not match certificate';
	// checkIssued also compares the leaf's authorityKeyIdentifier with the CA's key id.
	if (!x509.checkIssued(ca.x509) || !x509.verify(ca.x509.publicKey)) {
		return 'not signed by the current CA';
	}
	if (info.signatureAlgorithm !== 'sha256WithRSAEncryption') {
		return `signed with ${info.signatureAlgorithm}, want sha256WithRSAEncryption`;
	}
	return profileProblem(info, profile) ?? validityProblem(info, ca.info, opts);
}

function profileProblem(info: CertificateInfo, profile: LeafProfile): string | undefined {
	if (info.commonName !== profile.commonName) {
		return `common name changed: ${info.commonName} -> ${profile.commonName}`;
	}
	if (info.organization !== profile.organization) {
		return `organization changed: ${info.organization ?? '(none)'} -> ${profile.organization ?? '(none)'}`;
	}
	const sans = [
		...setDifference('IP', profile.ips.map(canonicalIp), info.sans.ips.map(canonicalIp)),
		...setDifference('DNS', profile.dns, info.sans.dns),
	];
	if (sans.length > 0) return `SANs changed: ${sans.join(', ')}`;
	const usages = setDifference('', profile.extKeyUsage, info.extKeyUsage);
	if (usages.length > 0) return `extended key usage changed:${usages.join(',')}`;
	return undefined;
}

/** `missing <kind> x` for each wanted value absent, `unexpected <kind> y` for each extra one. */
function setDifference(
	kind: string,
	wanted: readonly string[],
	actual: readonly string[],
): string[] {
	const prefix = kind === '' ? ' ' : ` ${kind} `;
	return [
		...wanted.filter((value) => !actual.includes(value)).map((value) => `missing${prefix}${value}`),
		...actual
			.filter((value) => !wanted.includes(value))
			.map((value) => `unexpected${prefix}${value}`),
	];
}

function validityProblem(
	info: CertificateInfo,
	ca: CertificateInfo,
	opts: LeafProblemOptions,
): string | undefined {
	const now = opts.now ?? new Date();
	if (info.notBefore > now) return `not yet valid (valid from ${info.notBefore.toISOString()})`;
	const days = daysBetween(now, info.notAfter);
	if (info.notAfter <= now) return `expired ${Math.max(1, -days)} days ago`;
	// A leaf is cut to its CA's lifetime; renewing it then would only repeat on every run.
	const renewable = info.notAfter < ca.notAfter;
	if (renewable && days < (opts.renewBeforeDays ?? DEFAULT_RENEW_BEFORE_DAYS)) {
		return `expires in ${days} days`;
	}
	return undefined;
}

/** Why a member's server and peer certificates must be (re)issued, per certificate. */
export interface MemberProblems {
	readonly server?: string;
	readonly peer?: string;
}

/** Checks a member's material (any part may be missing) against the CA and the wanted identity. */
export function memberCertificateProblems(
	caCertPem: string,
	material: Partial<MemberMaterial>,
	member: MemberIdentity,
	opts: LeafProblemOptions = {},
): MemberProblems {
	const ca = trustAnchor(caCertPem);
	const server = leafProblem(
		ca,
		{ certPem: material.serverCert, keyPem: material.serverKey },
		serverProfile(member),
		opts,
	);
	const peer = leafProblem(
		ca,
		{ certPem: material.peerCert, keyPem: material.peerKey },
		peerProfile(member),
		opts,
	);
	return { ...(server === undefined ? {} : { server }), ...(peer === undefined ? {} : { peer }) };
}
