export {
	clusterToken,
	etcdConfigPath,
	initialCluster,
	type NodeContext,
	renderEtcdConfig,
} from './etcd-config.js';
export { type RenderedSettings, renderEtcdSettings, STRING_SETTINGS } from './etcd-settings.js';
export { etcdMinor, isAtLeast } from './etcd-version.js';
export { etcdctlEnvPath, renderEtcdctlEnv } from './etcdctl-env.js';
export { type DesiredFile, desiredNodeFiles, type MemberCertificates } from './node-files.js';
export { renderServiceUnit, UNIT_PATH } from './service-unit.js';
export { fillTemplate, plainWord, type TemplateValues } from './template.js';
export { loadTemplates, packageRoot, type Templates } from './templates.js';
