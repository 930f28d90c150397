import type forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCa } from '../../../source/pki/ca.js';
import {
	type CertAndKey,
	clientProfile,
	createCa,
	type LeafProfile,
	leafProblem,
	peerProfile,
	serverProfile,
	trustAnchor,
} from '../../../source/pki/index.js';
import { signLeaf } from '../../../source/pki/issue.js';
import { generateKeyPair } from '../../../source/pki/keys.js';
import { DAY_MS, ETCD1 as member, SLOW } from './helpers.js';

// The extended key usage message has no space after its colon ("changed:missing clientAuth")
// where the SAN message has one ("SANs changed: missing IP ..."); the tests accept both.
// One check of leafProblem per test, each with a leaf that is right in every other respect, so
// that the check named is the only thing that can produce the expected answer.

let ca: CertAndKey;
/** A CA with 20 days left: a leaf issued from it is cut to those 20 days. */
let shortCa: CertAndKey;
/** One leaf key pair, reused by every leaf (key generation dominates the test's time). */
let keys: forge.pki.rsa.KeyPair;

beforeAll(async () => {
	[ca, shortCa, keys] = await Promise.all([
		createCa('homelab'),
		createCa('homelab', { validityDays: 20 }),
		generateKeyPair(),
	]);
}, SLOW.timeout);

/** A leaf signed by `issuer` saying what `profile` says, as the files on disk. */
function leaf(
	issuer: CertAndKey,
	profile: LeafProfile,
	opts: { now?: Date; validityDays?: number } = {},
) {
	const { certPem, keyPem } = signLeaf(loadCa(issuer), profile, keys, opts);
	return { certPem, keyPem };
}

describe('leafProblem', SLOW, () => {
	describe('extended key usage', () => {
		it('accepts the usages the profile wants (the control for the cases below)', () => {
			for (const profile of [serverProfile(member), peerProfile(member)]) {
				expect(leafProblem(trustAnchor(ca.certPem), leaf(ca, profile), profile)).toBeUndefined();
			}
		});

		it('reissues a peer certificate that lacks clientAuth (peers dial each other with it)', () => {
			const wanted = peerProfile(member);
			const serverOnly = leaf(ca, { ...wanted, extKeyUsage: ['serverAuth'] });
			expect(leafProblem(trustAnchor(ca.certPem), serverOnly, wanted)).toMatch(
				/^extended key usage changed: ?missing clientAuth$/,
			);
		});

		it('reissues a client certificate that also says serverAuth', () => {
			const wanted = clientProfile('admin');
			const both = leaf(ca, { ...wanted, extKeyUsage: ['serverAuth', 'clientAuth'] });
			expect(leafProblem(trustAnchor(ca.certPem), both, wanted)).toMatch(
				/^extended key usage changed: ?unexpected serverAuth$/,
			);
		});
	});

	describe('organization', () => {
		it('accepts the organization the profile wants', () => {
			const wanted = clientProfile('kube-apiserver', 'system:masters');
			expect(leafProblem(trustAnchor(ca.certPem), leaf(ca, wanted), wanted)).toBeUndefined();
		});

		it('reissues a client certificate whose organization changed, was added or was dropped', () => {
			const anchor = trustAnchor(ca.certPem);
			const masters = leaf(ca, clientProfile('kube-apiserver', 'system:masters'));
			const none = leaf(ca, clientProfile('kube-apiserver'));
			expect(leafProblem(anchor, masters, clientProfile('kube-apiserver', 'etcd-clients'))).toBe(
				'organization changed: system:masters -> etcd-clients',
			);
			expect(leafProblem(anchor, masters, clientProfile('kube-apiserver'))).toBe(
				'organization changed: system:masters -> (none)',
			);
			expect(leafProblem(anchor, none, clientProfile('kube-apiserver', 'system:masters'))).toBe(
				'organization changed: (none) -> system:masters',
			);
		});
	});

	describe('renewal only when the CA outlives the leaf', () => {
		it('does not renew a leaf cut to its CA lifetime, though it expires within the window', () => {
			const profile = peerProfile(member);
			const now = new Date();
			const cut = leaf(shortCa, profile, { now });
			const anchor = trustAnchor(shortCa.certPem);
			// The leaf asked for 365 days and got the CA's 20: it ends when the CA ends.
			expect(anchor.info.notAfter.getTime() - now.getTime()).toBeLessThan(21 * DAY_MS);
			expect(leafProblem(anchor, cut, profile, { now })).toBeUndefined();
			// Ten days on, it is still not renewed: a new leaf would be cut to the same day.
			expect(
				leafProblem(anchor, cut, profile, { now: new Date(now.getTime() + 10 * DAY_MS) }),
			).toBeUndefined();
		});

		it('renews a leaf within the window when the CA lasts longer than the leaf', () => {
			const profile = peerProfile(member);
			// Whole seconds: a certificate's times have no milliseconds.
			const now = new Date(Math.floor(Date.now() / 1000) * 1000);
			const short = leaf(shortCa, profile, { now, validityDays: 10 });
			expect(leafProblem(trustAnchor(shortCa.certPem), short, profile, { now })).toBe(
				'expires in 10 days',
			);
		});

		it('still reports a cut leaf once it has expired with its CA', () => {
			const profile = peerProfile(member);
			const now = new Date();
			const cut = leaf(shortCa, profile, { now });
			const after = new Date(now.getTime() + 22 * DAY_MS);
			expect(leafProblem(trustAnchor(shortCa.certPem), cut, profile, { now: after })).toMatch(
				/^expired \d+ days ago$/,
			);
		});
	});
});
