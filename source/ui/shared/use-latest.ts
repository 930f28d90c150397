import { useRef } from 'react';

/**
 * The value of the last render, for callbacks and runs that outlive it (a key handler, an
 * effect started on an earlier state) and must read the state as it is now.
 */
export function useLatest<T>(value: T): { readonly current: T } {
	const ref = useRef(value);
	ref.current = value;
	return ref;
}
