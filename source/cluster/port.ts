import type { KeyPath } from './diagnostics.js';
import type { Reporter } from './reporter.js';

/** A TCP port: a whole number from 1 to 65535. */
export function checkPort(report: Reporter, path: KeyPath, port: number): void {
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		report.error(path, `${port} is not a port; use a whole number from 1 to 65535`);
	}
}
