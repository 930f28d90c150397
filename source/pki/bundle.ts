const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Each certificate of a PEM text (one or a bundle) as its own PEM block, in order. */
export function splitCertificates(pem: string): string[] {
	return [...pem.matchAll(PEM_CERTIFICATE)].map((match) => `${match[0]}\n`);
}

/**
 * A trusted-CA file that holds several CAs (etcd reads every certificate of its trusted-ca-file):
 * each certificate once, in the order given. Used while a cluster moves from one CA to another.
 */
export function caBundle(...pems: readonly string[]): string {
	const seen = new Set<string>();
	const blocks: string[] = [];
	for (const block of pems.flatMap(splitCertificates)) {
		const key = block.replace(/\s+/g, '');
		if (seen.has(key)) continue;
		seen.add(key);
		blocks.push(block);
	}
	return blocks.join('');
}
