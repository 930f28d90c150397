import { STEPS, type StepId } from '../../state/wizard/types.js';
import { ScreenFrame, type ScreenFrameProps } from '../shared/screen-frame.js';

/** The title of each step, as the header shows it. */
export const STEP_TITLES: Readonly<Record<StepId, string>> = {
	start: 'Start',
	name: 'Name and directory',
	ssh: 'SSH login',
	hosts: 'Hosts',
	connect: 'Connect',
	interface: 'Cluster interface',
	ports: 'Ports',
	owner: 'User and group',
	release: 'etcd release and source',
	tuning: 'Tuning',
	review: 'Review',
	provision: 'Provisioning',
	done: 'Done',
};

export interface StepFrameProps extends Omit<ScreenFrameProps, 'title' | 'aside'> {
	readonly step: StepId;
}

/** Header (title and step count), the step's body, an optional blocker line, the key hints. */
export function StepFrame({ step, ...rest }: StepFrameProps) {
	const count = `step ${STEPS.indexOf(step) + 1} of ${STEPS.length}`;
	return <ScreenFrame title={`etcd-wizard · ${STEP_TITLES[step]}`} aside={count} {...rest} />;
}
