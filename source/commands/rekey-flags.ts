/** What `etcd-wizard rekey` was asked on the command line; the headless run and the screen share it. */
export interface RekeyFlags {
	/** Rotate the CA instead of renewing member certificates. */
	readonly ca: boolean;
	readonly yes: boolean;
	readonly acceptNewHostKeys: boolean;
	/** Renew only these members (`--member`, repeatable). */
	readonly members?: readonly string[];
	/** Issue this extra client certificate instead (`--client`); no host is reached. */
	readonly client?: string;
	/** Its validity in days (`--days`), as typed. */
	readonly days?: string;
}
