import { randomBytes } from 'node:crypto';
import forge from 'node-forge';
import type { SigningKey } from './keys.js';

const DAY_MS = 86_400_000;
/** Certificates start an hour in the past so that a host whose clock lags a little accepts them. */
const BACKDATE_MS = 3_600_000;

/** What goes into a certificate besides serial and issuer. */
export interface CertificateTemplate {
	readonly subject: readonly forge.pki.CertificateField[];
	readonly publicKey: forge.pki.PublicKey;
	readonly notBefore: Date;
	readonly notAfter: Date;
	/** forge extension objects (forge types them as `any`). */
	readonly extensions: readonly object[];
}

/** The signer: its subject becomes the issuer name, its key signs. */
export interface Signer {
	readonly subject: readonly forge.pki.CertificateField[];
	readonly key: SigningKey;
}

/** Builds and signs a certificate (SHA-256; forge would default to SHA-1), returning its PEM. */
export function signCertificate(template: CertificateTemplate, signer: Signer): string {
	const cert = forge.pki.createCertificate();
	cert.serialNumber = randomSerial();
	cert.publicKey = template.publicKey;
	cert.validity.notBefore = template.notBefore;
	cert.validity.notAfter = template.notAfter;
	cert.setSubject([...template.subject]);
	cert.setIssuer([...signer.subject]);
	// After publicKey: forge derives subjectKeyIdentifier from it here.
	cert.setExtensions([...template.extensions]);
	// forge only calls `key.sign(md)`, which the native signing key provides.
	cert.sign(signer.key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
	return forge.pki.certificateToPem(cert);
}

/**
 * 16 random bytes as a positive DER INTEGER: the high bit is cleared (positive) and the first
 * byte is never zero, since a leading zero byte would be a non-minimal encoding that strict
 * parsers (Go's, hence etcd's) reject.
 */
export function randomSerial(): string {
	const serial = randomBytes(16);
	serial[0] = (serial[0] ?? 0) & 0x7f || 0x01;
	return serial.toString('hex');
}

/** notBefore/notAfter for a certificate issued at `now`, never ending after `notAfterCap`. */
export function validityWindow(
	now: Date,
	days: number,
	notAfterCap?: Date,
): { notBefore: Date; notAfter: Date } {
	const notAfter = new Date(now.getTime() + days * DAY_MS);
	return {
		notBefore: new Date(now.getTime() - BACKDATE_MS),
		notAfter: notAfterCap && notAfterCap < notAfter ? new Date(notAfterCap) : notAfter,
	};
}

/** Whole days from `now` to `then` (negative when `then` has passed). */
export function daysBetween(now: Date, then: Date): number {
	return Math.floor((then.getTime() - now.getTime()) / DAY_MS);
}

export { DAY_MS };
