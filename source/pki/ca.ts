import { createPrivateKey } from 'node:crypto';
import forge from 'node-forge';
import { signCertificate, validityWindow } from './certificate.js';
import { inspectCertificate } from './inspect.js';
import {
	generateKeyPair,
	keyMatchesCertificate,
	nativeSigningKey,
	privateKeyToPem,
	type SigningKey,
	signingKeyFromPem,
} from './keys.js';
import { type CertAndKey, DEFAULT_CA_VALIDITY_DAYS, type IssueOptions } from './types.js';

/** A CA ready to sign: the PEMs plus their parsed forms. */
export interface LoadedCa extends CertAndKey {
	readonly subject: readonly forge.pki.CertificateField[];
	readonly key: SigningKey;
	/** subjectKeyIdentifier as forge bytes; leaves carry it as their authorityKeyIdentifier. */
	readonly keyId?: string;
	readonly notAfter: Date;
}

/** Creates a self-signed CA `<clusterName> etcd CA`, valid 10 years unless told otherwise. */
export async function createCa(clusterName: string, opts: IssueOptions = {}): Promise<CertAndKey> {
	const keys = await generateKeyPair();
	const keyPem = privateKeyToPem(keys.privateKey);
	const subject = [{ name: 'commonName', value: `${clusterName} etcd CA` }];
	const certPem = signCertificate(
		{
			subject,
			publicKey: keys.publicKey,
			...validityWindow(opts.now ?? new Date(), opts.validityDays ?? DEFAULT_CA_VALIDITY_DAYS),
			extensions: [
				{ name: 'basicConstraints', cA: true, critical: true },
				{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
				{ name: 'subjectKeyIdentifier' },
			],
		},
		{ subject, key: nativeSigningKey(createPrivateKey(keyPem)) },
	);
	return { certPem, keyPem };
}

/**
 * Parses a CA and checks that it can sign: the key matches the certificate and the certificate
 * is a CA. `files` names the two files in errors. Never replaces anything.
 */
export function loadCa(ca: CertAndKey, files = { cert: 'ca.crt', key: 'ca.key' }): LoadedCa {
	let cert: forge.pki.Certificate;
	try {
		cert = forge.pki.certificateFromPem(ca.certPem);
	} catch (error) {
		throw new Error(`${files.cert} is not a readable RSA certificate (${String(error)})`);
	}
	const key = signingKeyFromPem(ca.keyPem, files.key);
	if (!keyMatchesCertificate(ca.keyPem, ca.certPem)) {
		throw new Error(
			`${files.key} does not match ${files.cert}: restore the matching key from a backup. ` +
				'A new CA would invalidate every certificate in the cluster; to make one on purpose, ' +
				'use `etcd-wizard rekey --ca`.',
		);
	}
	const info = inspectCertificate(ca.certPem);
	if (!info.isCa) {
		throw new Error(`${files.cert} is not a CA certificate (basicConstraints CA:true is missing)`);
	}
	const keyId = info.subjectKeyId;
	return {
		...ca,
		subject: cert.subject.attributes,
		key,
		...(keyId === undefined ? {} : { keyId: forge.util.hexToBytes(keyId) }),
		notAfter: info.notAfter,
	};
}
