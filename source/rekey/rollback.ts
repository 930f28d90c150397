import { posix } from 'node:path';
import type { ClientIdentity } from '../health/index.js';
import { connectionTo } from '../health/ssh-dial.js';
import { nodeStep } from '../run/node-step.js';
import { restartMember } from '../run/rolling.js';
import { shellQuote } from '../shell/quote.js';
import { type RekeyRun, waitServing } from './run-context.js';

/** What a rollback did, in lines for the operator. */
export type RollbackReport = string[];

/**
 * Puts the files of `stage` back on each node where only leaf certificates (and the config's
 * token) changed: no restart, etcd presents the previous certificates at the next handshake.
 * Waits for that and for a healthy cluster. Never throws: a failure becomes a line that says
 * how to finish by hand.
 */
export async function rollBackLeaves(
	run: RekeyRun,
	nodes: readonly string[],
	stage: string,
	identity: ClientIdentity,
): Promise<RollbackReport> {
	const lines: RollbackReport = [];
	for (const node of nodes) {
		try {
			if (!(await restore(run, node, stage))) {
				lines.push(`${node}: nothing was changed on it`);
				continue;
			}
			const server = run.original(node, 'server.crt');
			const peer = run.original(node, 'peer.crt');
			if (server && peer) {
				await nodeStep(
					run.emit,
					node,
					'serving',
					'Check that the previous certificates are back',
					() => waitServing(run, node, { server, peer }, identity),
				);
			}
			lines.push(
				`${node}: previous certificates put back from ${posix.join(run.backupDir, stage)}`,
			);
		} catch (error) {
			lines.push(byHand(run, node, stage, error, false));
		}
	}
	lines.push(await healthAfter(run, identity));
	return lines;
}

/** Puts a node's files of `stage` back, restarts it and waits for a healthy cluster. */
export async function rollBackRestart(
	run: RekeyRun,
	node: string,
	stage: string,
	identity: ClientIdentity,
): Promise<RollbackReport> {
	try {
		if (!(await restore(run, node, stage))) {
			return [`${node}: nothing was changed on it`, await healthAfter(run, identity)];
		}
		await restartMember(node, 'previous files back', {
			emit: run.emit,
			connection: (name) => connectionTo(run.prepared.connections, name),
			healthy: () => run.probe.healthy(identity, 'all'),
		});
	} catch (error) {
		return [byHand(run, node, stage, error, true)];
	}
	return [
		`${node}: previous files put back from ${posix.join(run.backupDir, stage)} and etcd restarted`,
		await healthAfter(run, identity),
	];
}

/** Puts the stage's files back as a step; false when nothing of the stage was changed. */
async function restore(run: RekeyRun, node: string, stage: string): Promise<boolean> {
	if (!run.files(node).kept(stage)) return false;
	return nodeStep(
		run.emit,
		node,
		'rollback',
		`Put the previous files back from ${posix.join(run.backupDir, stage)}`,
		() => run.files(node).restore(stage),
	);
}

async function healthAfter(run: RekeyRun, identity: ClientIdentity): Promise<string> {
	try {
		await run.probe.healthy(identity, 'all');
		return 'the cluster is healthy again';
	} catch (error) {
		return `the cluster is not healthy yet: ${(error as Error).message}`;
	}
}

function byHand(
	run: RekeyRun,
	node: string,
	stage: string,
	error: unknown,
	restart: boolean,
): string {
	const command = restoreByHandCommand(
		posix.join(run.backupDir, stage),
		run.prepared.spec.etcd.confDir,
		restart,
	);
	return `${node}: putting the previous files back failed (${(error as Error).message}); on ${node} run: ${command}`;
}

/** What the operator runs on a member to put the files of a backup (`from`) back by hand. */
export function restoreByHandCommand(from: string, confDir: string, restart: boolean): string {
	const restartToo = restart ? ' && sudo systemctl restart etcd' : '';
	return `sudo cp -a ${shellQuote(`${from}/.`)} ${shellQuote(`${confDir}/`)}${restartToo}`;
}
