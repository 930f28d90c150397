/**
 * The wrapper script announces its shell's PID on stderr as `<PID_MARKER><pid>\n` before the
 * command starts, so an aborted command can be killed from a second channel: sshd ignores
 * signal requests for root logins (OpenSSH before 9.8 without privilege separation).
 */
export const PID_MARKER = 'etcd-wizard-pid:';

/** How far into stderr the marker is looked for (sudo may warn before it). */
const SEARCH_LIMIT = 4096;

/** Passes stderr through, taking the marker line out and keeping the PID it names. */
export class PidMarkerFilter {
	#pending: Buffer | undefined = Buffer.alloc(0);
	#pid: number | undefined;

	/** The remote shell's PID once its marker line was seen. */
	get pid(): number | undefined {
		return this.#pid;
	}

	/** Returns the bytes that belong to the command's stderr (possibly none yet). */
	push(chunk: Buffer): Buffer {
		if (this.#pending === undefined) return chunk;
		const text = Buffer.concat([this.#pending, chunk]);
		const start = text.indexOf(PID_MARKER);
		const end = start >= 0 ? text.indexOf('\n', start) : -1;
		if (end >= 0) {
			this.#pid = Number.parseInt(text.subarray(start + PID_MARKER.length, end).toString(), 10);
			this.#pending = undefined;
			return Buffer.concat([text.subarray(0, start), text.subarray(end + 1)]);
		}
		if (text.length > SEARCH_LIMIT) {
			this.#pending = undefined;
			return text;
		}
		this.#pending = text;
		return Buffer.alloc(0);
	}

	/** What is still held back when the stream ends without a marker. */
	flush(): Buffer {
		const rest = this.#pending ?? Buffer.alloc(0);
		this.#pending = undefined;
		return rest;
	}
}
