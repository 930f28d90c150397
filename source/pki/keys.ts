import {
	constants,
	createPrivateKey,
	type KeyObject,
	privateEncrypt,
	X509Certificate,
} from 'node:crypto';
import forge from 'node-forge';

const RSA_BITS = 2048;

/**
 * Generates an RSA 2048 key pair. Called with a callback and without a custom prng, forge hands
 * the work to Node's native `crypto.generateKeyPair` (see `pki.rsa.generateKeyPair` in forge's
 * rsa.js), which runs on the libuv pool: several keys generate in parallel, off the main thread.
 */
export function generateKeyPair(): Promise<forge.pki.rsa.KeyPair> {
	return prewarmed.shift() ?? freshKeyPair();
}

/** Keys started ahead of need by {@link prewarmKeyPairs}, taken first by generateKeyPair. */
const prewarmed: Promise<forge.pki.rsa.KeyPair>[] = [];

/**
 * Starts generating `count` key pairs now, so the CPU works on them while the hosts are still
 * being reached over SSH; generateKeyPair hands them out. Keys nobody takes are discarded.
 */
export function prewarmKeyPairs(count: number): void {
	for (let i = 0; i < count; i++) {
		const key = freshKeyPair();
		key.catch(() => {}); // a failure surfaces to whoever takes the key
		prewarmed.push(key);
	}
}

function freshKeyPair(): Promise<forge.pki.rsa.KeyPair> {
	return new Promise((resolve, reject) => {
		forge.pki.rsa.generateKeyPair({ bits: RSA_BITS, workers: -1 }, (error, keys) => {
			if (error) reject(error);
			else resolve(keys);
		});
	});
}

/** PEM (PKCS#1) of a forge private key. */
export function privateKeyToPem(key: forge.pki.rsa.PrivateKey): string {
	return forge.pki.privateKeyToPem(key);
}

/** The one thing forge's `cert.sign(key, md)` asks of a key: `key.sign(md)`. */
export type SigningKey = Pick<forge.pki.rsa.PrivateKey, 'sign'>;

/** DER prefix of PKCS#1 v1.5's DigestInfo for SHA-256 (RFC 8017, section 9.2, note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * A signing key for forge whose RSA private operation runs in OpenSSL: forge's pure-JS modPow
 * takes ~60 ms per signature, which made issuing a 7-member PKI take seconds. The signature is
 * the same RSASSA-PKCS1-v1_5 one forge computes: DigestInfo(SHA-256, digest), padded, encrypted
 * with the private key.
 */
export function nativeSigningKey(key: KeyObject): SigningKey {
	return {
		sign(md) {
			if (typeof md === 'string' || md.algorithm !== 'sha256') {
				throw new Error('internal: certificates are signed with SHA-256 only');
			}
			const digest = Buffer.from(md.digest().getBytes(), 'binary');
			const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, digest]);
			return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString(
				'binary',
			);
		},
	};
}

/**
 * Reads an RSA private key in any unencrypted PEM form (PKCS#1 or PKCS#8, e.g. a CA made by
 * openssl) as a signing key. `file` names the key in errors; the key itself never appears in them.
 */
export function signingKeyFromPem(pem: string, file: string): SigningKey {
	let key: KeyObject;
	try {
		key = createPrivateKey(pem);
	} catch {
		throw new Error(
			`${file} is not a readable unencrypted private key: decrypt it (openssl pkey -in ${file}) or restore it from a backup`,
		);
	}
	if (key.asymmetricKeyType !== 'rsa') {
		throw new Error(
			`${file} is a ${key.asymmetricKeyType ?? 'non-RSA'} key; etcd-wizard signs with RSA keys only`,
		);
	}
	return nativeSigningKey(key);
}

/** Whether `keyPem` is the private half of the key certified by `certPem`; false if either is unreadable. */
export function keyMatchesCertificate(keyPem: string, certPem: string): boolean {
	try {
		return new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem));
	} catch {
		return false;
	}
}
