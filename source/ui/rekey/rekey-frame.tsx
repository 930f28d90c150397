import type { ReactNode } from 'react';
import { ScreenFrame } from '../shared/screen-frame.js';

export interface RekeyFrameProps {
	readonly title: string;
	/** The cluster's name, on the right of the header. */
	readonly cluster: string;
	/** Keys this screen takes, e.g. "Enter choose · Esc back". */
	readonly hints: string;
	/** Why the screen cannot go on, in red under the body. */
	readonly blocker?: string | undefined;
	readonly children: ReactNode;
}

/** The re-key screens' frame: header, body, an optional blocker line, the key hints. */
export function RekeyFrame({ title, cluster, ...rest }: RekeyFrameProps) {
	return (
		<ScreenFrame title={`etcd-wizard rekey · ${title}`} aside={`cluster ${cluster}`} {...rest} />
	);
}
