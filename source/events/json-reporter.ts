import type { EmitStamped } from './emitters.js';

/**
 * Renders events as JSON lines for machines: one object per event, `at` first as an ISO time
 * (taken from `now` when the event was not stamped), then the event's own fields unchanged.
 */
export function createJsonReporter(
	write: (line: string) => void,
	now: () => number = Date.now,
): EmitStamped {
	return ({ at, ...event }) => {
		write(JSON.stringify({ at: new Date(at ?? now()).toISOString(), ...event }));
	};
}
