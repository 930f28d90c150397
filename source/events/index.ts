export { combineReporters, type EmitStamped, stampEvents } from './emitters.js';
export { createJsonReporter } from './json-reporter.js';
export { createPlainReporter, type PlainReporterOptions } from './plain-reporter.js';
export { printableLine, printableLines } from './printable.js';
