/**
 * The `Name=value` pairs `systemctl show -p ...` prints, one a line (or joined by spaces, as the
 * facts script passes them on one line). The properties asked for have no spaces in their values.
 */
export function showProperties(text: string): Map<string, string> {
	return new Map(
		text
			.split(/\s+/)
			.filter((pair) => pair.includes('='))
			.map((pair) => {
				const at = pair.indexOf('=');
				return [pair.slice(0, at), pair.slice(at + 1)] as const;
			}),
	);
}
