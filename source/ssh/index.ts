export { shellQuote } from '../shell/quote.js';
export {
	type ConnectOptions,
	connectHost,
	type ExecOptions,
	type HostConnection,
	type UploadOptions,
} from './connection.js';
export { AbortError, CommandError, SshError } from './errors.js';
export type { ExecResult } from './exec.js';
export type { UnknownHostKeyPrompt } from './host-key.js';
export { type KeyFile, readKeyFile } from './identity.js';
export {
	fingerprint,
	type HostKeyVerdict,
	type KnownHostEntry,
	parseKnownHosts,
	verifyHostKey,
} from './known-hosts.js';
export { appendKnownHost, expandHome, readKnownHosts } from './known-hosts-file.js';
export { ConnectAllError, connectAll, type PoolHost } from './pool.js';
export { type FileToUpload, uploadFiles } from './upload-files.js';
