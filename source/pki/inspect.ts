import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** What a certificate says, in the terms an operator (and `ensurePki`) cares about. */
export interface CertificateInfo {
	/** e.g. `CN=etcd1` or `CN=admin, O=ops`. */
	readonly subject: string;
	readonly commonName: string;
	/** The subject's O, when there is one. */
	readonly organization?: string;
	readonly issuer: string;
	/** Lower-case hex. */
	readonly serial: string;
	readonly notBefore: Date;
	readonly notAfter: Date;
	readonly sans: { readonly ips: string[]; readonly dns: string[] };
	/** Colon-separated upper-case hex, as openssl prints it. */
	readonly fingerprintSha256: string;
	/** authorityKeyIdentifier's keyIdentifier, lower-case hex. */
	readonly issuerKeyId?: string;
	/** subjectKeyIdentifier, lower-case hex. */
	readonly subjectKeyId?: string;
	readonly isCa: boolean;
	/** Names such as `serverAuth`, `clientAuth`; unknown usages as their OID. */
	readonly extKeyUsage: string[];
	/** e.g. `sha256WithRSAEncryption`. */
	readonly signatureAlgorithm: string;
}

const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_SUBJECT_KEY_ID = '2.5.29.14';
const OID_AUTHORITY_KEY_ID = '2.5.29.35';
const GENERAL_NAME_DNS = 2;
const GENERAL_NAME_IP = 7;
/** Signature algorithms forge's OID table lacks. */
const SIGNATURE_NAMES: Readonly<Record<string, string>> = {
	'1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
	'1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
	'1.3.101.112': 'ED25519',
};

/** Parses a PEM certificate. Throws if it is not one. */
export function inspectCertificate(pem: string): CertificateInfo {
	const x509 = new X509Certificate(pem);
	const { signatureOid, extensions } = readDer(x509.raw);
	const subjectKeyId = decodeSubjectKeyId(extensions.get(OID_SUBJECT_KEY_ID));
	const issuerKeyId = decodeAuthorityKeyId(extensions.get(OID_AUTHORITY_KEY_ID));
	return {
		subject: oneLine(x509.subject),
		commonName: attributeOf(x509.subject, 'CN') ?? '',
		...optional('organization', attributeOf(x509.subject, 'O')),
		issuer: oneLine(x509.issuer),
		serial: x509.serialNumber.toLowerCase(),
		notBefore: new Date(x509.validFrom),
		notAfter: new Date(x509.validTo),
		sans: decodeSans(extensions.get(OID_SUBJECT_ALT_NAME)),
		fingerprintSha256: x509.fingerprint256,
		...optional('issuerKeyId', issuerKeyId),
		...optional('subjectKeyId', subjectKeyId),
		isCa: x509.ca,
		extKeyUsage: (x509.keyUsage ?? []).map((oid) => forge.pki.oids[oid] ?? oid),
		signatureAlgorithm:
			SIGNATURE_NAMES[signatureOid] ?? forge.pki.oids[signatureOid] ?? signatureOid,
	};
}

/** The canonical text of an IP address, so that SANs compare as strings (IPv6 in particular). */
export function canonicalIp(ip: string): string {
	// The WHATWG URL parser prints IPv6 in RFC 5952 form (lower case, longest zero run as ::).
	return isIP(ip) === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

/** An iPAddress GeneralName's 4 or 16 bytes as text. */
function ipFromBytes(raw: string): string {
	const octets = Array.from(raw, (char) => char.charCodeAt(0));
	if (octets.length === 4) return octets.join('.');
	const groups: string[] = [];
	for (let i = 0; i + 1 < octets.length; i += 2) {
		groups.push((((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0)).toString(16));
	}
	return canonicalIp(groups.join(':'));
}

function oneLine(name: string): string {
	return name.split('\n').join(', ');
}

/** The first `key=value` line of a distinguished name as Node prints it. */
function attributeOf(name: string, key: string): string | undefined {
	const line = name.split('\n').find((part) => part.startsWith(`${key}=`));
	return line?.slice(key.length + 1);
}

/** `{[key]: value}`, or nothing when value is undefined (optional properties stay absent). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
	return value === undefined ? {} : ({ [key]: value } as { [P in K]?: string });
}

type Asn1 = forge.asn1.Asn1;

function children(node: Asn1 | undefined): Asn1[] {
	if (!node || !Array.isArray(node.value)) throw new Error('malformed certificate');
	return node.value;
}

function bytes(node: Asn1 | undefined): string {
	if (!node || typeof node.value !== 'string') throw new Error('malformed certificate');
	return node.value;
}

/**
 * Node's X509Certificate does not expose key identifiers or the signature algorithm, and forge's
 * certificate parser accepts RSA keys only, so the extensions are read from the DER directly.
 */
function readDer(der: Buffer): { signatureOid: string; extensions: Map<string, string> } {
	const [tbs, signatureAlgorithm] = children(
		forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))),
	);
	const extensions = new Map<string, string>();
	const wrapper = children(tbs).find(
		(node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 3,
	);
	for (const extension of wrapper ? children(children(wrapper)[0]) : []) {
		const parts = children(extension);
		// extnID, optional critical flag, then the OCTET STRING holding the value's DER.
		extensions.set(forge.asn1.derToOid(bytes(parts[0])), bytes(parts[parts.length - 1]));
	}
	return {
		signatureOid: forge.asn1.derToOid(bytes(children(signatureAlgorithm)[0])),
		extensions,
	};
}

function decodeSans(der: string | undefined): { ips: string[]; dns: string[] } {
	const sans = { ips: [] as string[], dns: [] as string[] };
	if (der === undefined) return sans;
	for (const name of children(forge.asn1.fromDer(der))) {
		if (name.type === GENERAL_NAME_DNS) sans.dns.push(bytes(name));
		if (name.type === GENERAL_NAME_IP) sans.ips.push(ipFromBytes(bytes(name)));
	}
	return sans;
}

function decodeSubjectKeyId(der: string | undefined): string | undefined {
	return der === undefined ? undefined : forge.util.bytesToHex(bytes(forge.asn1.fromDer(der)));
}

function decodeAuthorityKeyId(der: string | undefined): string | undefined {
	if (der === undefined) return undefined;
	// AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
	const keyId = children(forge.asn1.fromDer(der)).find(
		(node) => node.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && node.type === 0,
	);
	return keyId ? forge.util.bytesToHex(bytes(keyId)) : undefined;
}
