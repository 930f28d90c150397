import type { ClusterSpec } from '../cluster/types.js';
import type { PlannedStep } from '../plan/plan.js';
import { shellQuote } from '../shell/quote.js';
import { type HostConnection, uploadFiles } from '../ssh/index.js';
import { installEtcd, type ReleaseSource } from './install-etcd.js';

/** A step's id in events and its title in the pane. */
export function stepLabel(step: PlannedStep, spec: ClusterSpec): { id: string; title: string } {
	switch (step.kind) {
		case 'create-group':
			return { id: 'group', title: `Create system group ${step.group}` };
		case 'create-user':
			return { id: 'user', title: `Create system user ${step.user}` };
		case 'ensure-dir':
			return { id: 'dir', title: `Directory ${step.path} (${step.reason})` };
		case 'install-etcd':
			return {
				id: 'install-etcd',
				title: `Install etcd ${step.version} (${step.arch})${step.warning ? `; warning: ${step.warning}` : ''}`,
			};
		case 'write-files':
			return { id: 'files', title: `Write ${step.changes.length} file(s) to ${spec.etcd.confDir}` };
		case 'daemon-reload':
			return { id: 'daemon-reload', title: 'systemctl daemon-reload' };
		case 'enable':
			return { id: 'enable', title: 'Enable etcd.service' };
	}
}

/** The one command of a step that is a single command, its values quoted for the host's shell. */
export function stepCommand(
	step: Extract<PlannedStep, { kind: 'create-group' | 'create-user' | 'ensure-dir' }>,
): string {
	switch (step.kind) {
		case 'create-group': {
			const gid = step.gid === undefined ? '' : ` --gid ${step.gid}`;
			return `getent group ${shellQuote(step.group)} >/dev/null || groupadd --system${gid} ${shellQuote(step.group)}`;
		}
		case 'create-user': {
			const uid = step.uid === undefined ? '' : ` --uid ${step.uid}`;
			const nologin = '$(command -v nologin || echo /usr/sbin/nologin)';
			return `id -u ${shellQuote(step.user)} >/dev/null 2>&1 || useradd --system${uid} --gid ${shellQuote(step.group)} --no-create-home --home-dir ${shellQuote(step.home)} --shell ${nologin} ${shellQuote(step.user)}`;
		}
		case 'ensure-dir': {
			const path = shellQuote(step.path);
			return `mkdir -p ${path} && chown ${shellQuote(`${step.owner}:${step.group}`)} ${path} && chmod ${step.mode.toString(8)} ${path}`;
		}
	}
}

/**
 * Runs one planned step on its host. Every step is safe to run again after an interruption.
 * Only the release install (a download can take minutes) is cut short by `signal`, its temp dir
 * removed; the other steps take a moment and finish, so Ctrl-C never leaves, say, a new
 * certificate beside an old key.
 */
export async function executeStep(
	connection: HostConnection,
	step: PlannedStep,
	spec: ClusterSpec,
	release: ReleaseSource,
	signal?: AbortSignal,
): Promise<void> {
	const run = (command: string) =>
		connection.exec(command, { sudo: true, check: true, timeoutMs: 60_000 });
	switch (step.kind) {
		case 'create-group':
		case 'create-user':
		case 'ensure-dir':
			await run(stepCommand(step));
			return;
		case 'install-etcd':
			await installEtcd(connection, spec.etcd, step.arch, release, signal);
			return;
		case 'write-files':
			// One command for them all; each file still lands on its own, atomically.
			await uploadFiles(
				connection,
				step.changes.map(({ file }) => ({
					path: file.path,
					content: file.content,
					mode: file.mode,
					owner: file.owner,
					group: file.group,
				})),
			);
			return;
		case 'daemon-reload':
			await run('systemctl daemon-reload');
			return;
		case 'enable':
			// Without --no-reload, enable reloads systemd a second time (a third of a second) right
			// after daemon-reload. Nothing needs it: the symlink is read at boot, and systemd marks
			// the unit file state outdated, so `systemctl show` reports enabled at once.
			await run('systemctl enable --no-reload etcd.service 2>&1');
			return;
	}
}
