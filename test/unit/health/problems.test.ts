import { describe, expect, it } from 'vitest';
import { connectionProblem, MemberProblem, wrongSubject } from '../../../source/health/problems.js';

const MEMBER = { name: 'etcd2', ip: '10.88.0.12', clientPort: 2379 };
const tlsError = (code: string, reason?: string) =>
	Object.assign(new Error(`C0D7:error:0A000412:SSL routines:...:${reason}\n`), { code, reason });

describe('connectionProblem', () => {
	it('names a server certificate from another CA', () => {
		for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']) {
			const error = Object.assign(new Error('unable to verify the first certificate'), { code });
			expect(connectionProblem(MEMBER, error, false).message).toBe(
				'certificate of etcd2 at 10.88.0.12:2379 is not signed by the cluster CA (unable to verify the first certificate); ' +
					"check that the cluster file's pki dir is the one this cluster was set up with (if it is, etcd-wizard apply <cluster.yaml> puts its certificates back on etcd2)",
			);
		}
	});

	it('names an expired server certificate', () => {
		const error = Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' });
		expect(connectionProblem(MEMBER, error, false).message).toMatch(
			/^certificate of etcd2 at 10\.88\.0\.12:2379 is not valid now \(certificate has expired\)/,
		);
	});

	it('says the member refused the client certificate on a TLS alert, with OpenSSL reason only', () => {
		for (const code of [
			'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
			'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
			'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
		]) {
			const problem = connectionProblem(
				MEMBER,
				tlsError(code, 'sslv3 alert bad certificate'),
				true,
			);
			expect(problem.message).toBe(
				'etcd2 at 10.88.0.12:2379 refused the client certificate (sslv3 alert bad certificate); ' +
					"check that admin.crt in the cluster file's pki dir is signed by the CA etcd2 trusts and has not expired",
			);
		}
	});

	it('says cannot reach for errors of a connection attempt, hung up for a reset', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 10.88.0.12:2379'), {
			code: 'ECONNREFUSED',
		});
		expect(connectionProblem(MEMBER, refused, false).message).toBe(
			'cannot reach etcd2 at 10.88.0.12:2379: connect ECONNREFUSED 10.88.0.12:2379',
		);
		const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
		expect(connectionProblem(MEMBER, reset, false).message).toBe(
			'etcd2 at 10.88.0.12:2379 hung up during the TLS handshake (read ECONNRESET); check that etcd serves TLS on port 2379',
		);
		expect(connectionProblem(MEMBER, new Error('socket hang up'), true).message).toBe(
			'etcd2 at 10.88.0.12:2379 closed the connection: socket hang up',
		);
	});

	it('passes a problem through and words anything else', () => {
		const own = wrongSubject(MEMBER, 'DNS:etcd2, IP Address:10.77.0.12');
		expect(connectionProblem(MEMBER, own, false)).toBe(own);
		expect(own).toBeInstanceOf(MemberProblem);
		expect(own.message).toBe(
			'certificate of etcd2 does not cover 10.88.0.12 (SANs: DNS:etcd2, IP Address:10.77.0.12); ' +
				're-issue it with that IP: etcd-wizard rekey <cluster.yaml> --member etcd2',
		);
		expect(wrongSubject(MEMBER, undefined).message).toContain('(SANs: none)');
		expect(connectionProblem(MEMBER, 'odd', false).message).toBe(
			'TLS with etcd2 at 10.88.0.12:2379 failed: odd',
		);
	});
});
