/** Values for the `{{name}}` markers of one template, by marker name. */
export type TemplateValues = Readonly<Record<string, string>>;

const MARKER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;
const WHOLE_LINE_MARKER = /^\s*\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}\s*$/;

/**
 * Replaces every `{{name}}` marker in a template. A line that holds nothing but one marker whose
 * value is empty is dropped, so optional lines leave no blank behind. Throws when the template
 * has a marker without a value, a value the template never uses, or a stray `{{`: a template and
 * its renderer that drifted apart must not put a half-filled file on a host.
 */
export function fillTemplate(templateName: string, text: string, values: TemplateValues): string {
	const used = new Set<string>();
	const lookup = (name: string): string => {
		const value = Object.hasOwn(values, name) ? values[name] : undefined;
		if (value === undefined) {
			throw new Error(`template ${templateName}: unknown placeholder {{${name}}}`);
		}
		used.add(name);
		return value;
	};
	const lines: string[] = [];
	for (const line of text.split('\n')) {
		const whole = WHOLE_LINE_MARKER.exec(line);
		if (whole?.[1] !== undefined && lookup(whole[1]) === '') continue;
		lines.push(line.replace(MARKER, (_match, name: string) => lookup(name)));
	}
	const unused = Object.keys(values).filter((name) => !used.has(name));
	if (unused.length > 0) {
		throw new Error(`template ${templateName}: no placeholder for ${unused.join(', ')}`);
	}
	const rest = text.replace(MARKER, '');
	const stray = rest.search(/\{\{|\}\}/);
	if (stray !== -1) {
		throw new Error(
			`template ${templateName}: malformed placeholder near "${rest.slice(stray, stray + 20)}"`,
		);
	}
	return lines.join('\n');
}

const UNIT_WORD = /^[A-Za-z0-9._/@+-]+$/;

/**
 * Checks a value bound for a systemd unit or a shell-sourced env file, where spaces, quotes, `%`,
 * `$` or a newline would change what the line means. Returns the value for inline use.
 */
export function plainWord(field: string, value: string): string {
	if (!UNIT_WORD.test(value)) {
		throw new Error(
			`${field} "${value}" cannot be written into the systemd unit or etcdctl.env: ` +
				'use only letters, digits and . _ / @ + - in the cluster file',
		);
	}
	return value;
}
