export {
	applyDefaults,
	CHECKSUM_URL_TEMPLATE,
	DEFAULTS,
	DOWNLOAD_URL_TEMPLATE,
	expandUrlTemplate,
	type PartialCluster,
	releaseTarballName,
	URL_PLACEHOLDERS,
} from './defaults.js';
export {
	ClusterFileError,
	type Diagnostic,
	errorsOf,
	formatDiagnostic,
	formatPath,
	type KeyPath,
} from './diagnostics.js';
export {
	directoriesOverlap,
	directoryProblem,
	type EtcdDirectoryKey,
	normalizeDirectory,
} from './directories.js';
export { type LoadedCluster, loadClusterFile } from './load.js';
export { type ParsedCluster, parseClusterFile, validateCluster } from './parse.js';
export { resolvePath } from './paths.js';
export { saveClusterFile } from './save.js';
export { ACCEPTED_KEYS, managedSettingSource } from './schema.js';
export { serializeClusterFile } from './serialize.js';
export * from './types.js';
export { isReleaseVersion, type VersionInfo, versionAtLeast, versionInfo } from './version.js';
