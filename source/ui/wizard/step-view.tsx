import { ConnectStep } from './connect-step.js';
import { DoneStep } from './done-step.js';
import { HostsStep } from './hosts-step.js';
import { InterfaceStep } from './interface-step.js';
import { NameStep } from './name-step.js';
import { OwnerStep } from './owner-step.js';
import { PortsStep } from './ports-step.js';
import { ProvisionStep } from './provision-step.js';
import { ReleaseStep } from './release-step.js';
import { ReviewStep } from './review-step.js';
import { SshStep } from './ssh-step.js';
import { StartStep } from './start-step.js';
import type { StepProps } from './step-props.js';
import { TuningStep } from './tuning-step.js';

/** The view of the current step; `now` drives the spinners of the live panes. */
export function StepView(props: StepProps & { readonly now: number }) {
	switch (props.state.step) {
		case 'start':
			return <StartStep {...props} />;
		case 'name':
			return <NameStep {...props} />;
		case 'ssh':
			return <SshStep {...props} />;
		case 'hosts':
			return <HostsStep {...props} />;
		case 'connect':
			return <ConnectStep {...props} />;
		case 'interface':
			return <InterfaceStep {...props} />;
		case 'ports':
			return <PortsStep {...props} />;
		case 'owner':
			return <OwnerStep {...props} />;
		case 'release':
			return <ReleaseStep {...props} />;
		case 'tuning':
			return <TuningStep {...props} />;
		case 'review':
			return <ReviewStep {...props} />;
		case 'provision':
			return <ProvisionStep {...props} />;
		case 'done':
			return <DoneStep {...props} />;
	}
}
