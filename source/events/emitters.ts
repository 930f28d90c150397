import type { StampedEvent } from './progress-state.js';
import type { EmitEvent, RunEvent } from './run-event.js';

/** A renderer of the event stream; also usable wherever an `EmitEvent` is expected. */
export type EmitStamped = (event: StampedEvent) => void;

/**
 * Sends each event to every emitter in turn. One that throws (a closed pipe, say) does not starve
 * the others; the first error is rethrown once all have had the event.
 */
export function combineReporters(...emitters: readonly EmitStamped[]): EmitStamped {
	return (event) => {
		const errors: unknown[] = [];
		for (const emit of emitters) {
			try {
				emit(event);
			} catch (error) {
				errors.push(error);
			}
		}
		if (errors.length > 0) throw errors[0];
	};
}

/**
 * Stamps each event with the time it was emitted, so renderers and the pure reducer never read
 * the clock. An event that already carries `at` keeps it.
 */
export function stampEvents(emit: EmitStamped, now: () => number = Date.now): EmitEvent {
	return (event: RunEvent) => {
		const stamped: StampedEvent = event;
		emit(stamped.at === undefined ? { ...event, at: now() } : stamped);
	};
}
