import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { useRunWhile } from '../../../../source/ui/shared/use-run-while.js';
import { settle } from '../../../support/ink.js';

interface Seen {
	readonly started: string[];
	readonly signals: AbortSignal[];
	readonly ended: string[];
}

function Runner({ runKey, seen }: { readonly runKey: string | undefined; readonly seen: Seen }) {
	useRunWhile(
		runKey,
		async (signal) => {
			seen.started.push(runKey ?? '');
			seen.signals.push(signal);
		},
		() => seen.ended.push(runKey ?? ''),
	);
	return <Text>{runKey ?? 'idle'}</Text>;
}

describe('useRunWhile', () => {
	it('runs while its key is set, aborting the run when the key changes or the view goes', async () => {
		const seen: Seen = { started: [], signals: [], ended: [] };
		const view = render(<Runner runKey={undefined} seen={seen} />);
		await settle();
		expect(seen.started).toEqual([]);
		view.rerender(<Runner runKey="probe-1" seen={seen} />);
		await settle();
		expect(seen.started).toEqual(['probe-1']);
		// The same key is the same run: it is not started again.
		view.rerender(<Runner runKey="probe-1" seen={seen} />);
		await settle();
		expect(seen.started).toEqual(['probe-1']);
		view.rerender(<Runner runKey="probe-2" seen={seen} />);
		await settle();
		expect(seen.started).toEqual(['probe-1', 'probe-2']);
		expect(seen.signals.map((s) => s.aborted)).toEqual([true, false]);
		expect(seen.ended).toEqual(['probe-1']);
		view.unmount();
		expect(seen.signals.map((s) => s.aborted)).toEqual([true, true]);
		expect(seen.ended).toEqual(['probe-1', 'probe-2']);
	});
});
