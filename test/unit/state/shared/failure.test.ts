import { describe, expect, it } from 'vitest';
import { failureOf } from '../../../../source/state/shared/failure.js';

describe('failureOf', () => {
	it('reads the hint, problems and stderr tail the engine’s errors carry', () => {
		const refused = Object.assign(new Error('x'), {
			problems: [
				{ host: 'etcd2', message: 'port 2379 is in use', hint: 'stop nginx' },
				{ message: 'the CA expires soon', hint: 'rekey' },
			],
		});
		expect(failureOf(refused)).toEqual({
			message: 'nothing was changed: 2 problems found before any host was touched',
			details: [
				'etcd2: port 2379 is in use (next: stop nginx)',
				'the CA expires soon (next: rekey)',
			],
			aborted: false,
		});
		const command = Object.assign(new Error('command on etcd1 failed with exit code 1: boom'), {
			hint: 'look at the output',
			stderrTail: ['line 1', 'boom'],
		});
		expect(failureOf(command)).toEqual({
			message: 'command on etcd1 failed with exit code 1: boom',
			hint: 'look at the output',
			details: ['line 1', 'boom'],
			aborted: false,
		});
		expect(failureOf(new Error('first\nsecond')).details).toEqual(['second']);
		expect(failureOf('plain').message).toBe('plain');
	});

	it('says a stop left every host after a finished step', () => {
		const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
		expect(failureOf(abort)).toMatchObject({
			aborted: true,
			message: 'stopped: every host was left after a finished step',
		});
	});
});
