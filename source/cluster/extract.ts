import type { Document } from 'yaml';
import type { PartialCluster } from './defaults.js';
import { NodeReader, type Value } from './read-nodes.js';
import type { Reporter } from './reporter.js';
import { ACCEPTED_KEYS } from './schema.js';
import { quoted } from './shown.js';
import {
	API_VERSION,
	type EtcdSpec,
	type HostSpec,
	type SettingValue,
	type SshSpec,
} from './types.js';

type Entries = NonNullable<ReturnType<NodeReader['map']>>;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Reads the document into a PartialCluster, checking structure and types: unknown keys,
 * wrong types and empty values are reported; the values that pass are kept.
 */
export function extractCluster(document: Document, report: Reporter): PartialCluster {
	const reader = new NodeReader(document, report);
	report.positions.record([], undefined, document.contents ?? undefined);
	if (document.contents === null) {
		report.error([], `the file is empty; a cluster file starts with "apiVersion: ${API_VERSION}"`);
		return {};
	}
	const top = reader.map(document.contents, [], ACCEPTED_KEYS.top);
	if (!top) return {};
	const apiVersion = readApiVersion(reader, top);
	const name = top.has('name') ? reader.string(top.get('name'), ['name']) : undefined;
	return {
		apiVersion,
		name,
		ssh: top.has('ssh') ? readSsh(reader, top.get('ssh')) : undefined,
		etcd: top.has('etcd') ? readEtcd(reader, top.get('etcd')) : undefined,
		pki: top.has('pki') ? readPki(reader, top.get('pki')) : undefined,
		hosts: top.has('hosts') ? readHosts(reader, top.get('hosts')) : undefined,
	};
}

function readApiVersion(reader: NodeReader, top: Entries): string | undefined {
	const expected = `write "apiVersion: ${API_VERSION}"`;
	if (!top.has('apiVersion')) {
		reader.report.error(['apiVersion'], `is required; ${expected} as the first line`);
		return undefined;
	}
	const value = reader.string(top.get('apiVersion'), ['apiVersion']);
	if (value !== undefined && value !== API_VERSION) {
		reader.report.error(['apiVersion'], `${quoted(value)} is not supported; ${expected}`);
		return undefined;
	}
	return value;
}

function readSsh(reader: NodeReader, node: Value) {
	const entries = reader.map(node, ['ssh'], ACCEPTED_KEYS.ssh);
	if (!entries) return undefined;
	const ssh: Partial<Mutable<SshSpec>> = {};
	const at = (key: string) => ['ssh', key];
	for (const [key, value] of entries) {
		if (key === 'port') ssh.port = reader.integer(value, at(key));
		else if (key === 'agent') ssh.agent = reader.boolean(value, at(key));
		else if (key === 'user' || key === 'identityFile' || key === 'knownHostsFile') {
			ssh[key] = reader.string(value, at(key));
		}
	}
	return ssh;
}

const ETCD_INTEGERS = new Set(['clientPort', 'peerPort', 'uid', 'gid']);

function readEtcd(reader: NodeReader, node: Value) {
	const entries = reader.map(node, ['etcd'], ACCEPTED_KEYS.etcd);
	if (!entries) return undefined;
	const etcd: Record<string, unknown> = {};
	for (const [key, value] of entries) {
		const path = ['etcd', key];
		if (key === 'settings') etcd[key] = readSettings(reader, value);
		else if (ETCD_INTEGERS.has(key)) etcd[key] = reader.integer(value, path);
		else etcd[key] = reader.string(value, path);
	}
	return etcd as Partial<EtcdSpec>;
}

function readSettings(reader: NodeReader, node: Value) {
	const entries = reader.map(node, ['etcd', 'settings']);
	if (!entries) return undefined;
	const settings: Record<string, SettingValue> = {};
	for (const [key, value] of entries) {
		const setting = reader.setting(value, ['etcd', 'settings', key]);
		if (setting !== undefined) settings[key] = setting;
	}
	return settings;
}

function readPki(reader: NodeReader, node: Value) {
	const entries = reader.map(node, ['pki'], ACCEPTED_KEYS.pki);
	return entries?.has('dir') ? { dir: reader.string(entries.get('dir'), ['pki', 'dir']) } : {};
}

/** Hosts keep their index even when broken, so later diagnostics name the right item. */
function readHosts(reader: NodeReader, node: Value) {
	const items = reader.seq(node, ['hosts'], 'hosts, each with a name and an address');
	if (!items) return undefined;
	return items.map((item, index): HostSpec => {
		const entries = reader.map(item, ['hosts', index], ACCEPTED_KEYS.host);
		const field = (key: 'name' | 'address') =>
			entries?.has(key) ? reader.string(entries.get(key), ['hosts', index, key]) : undefined;
		return { name: field('name') ?? '', address: field('address') ?? '' };
	});
}
