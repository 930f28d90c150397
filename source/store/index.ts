export { CONFIG_DIR_ENV, cleanAnswers, openWizardStore, RECENT_LIMIT } from './conf-store.js';
export { STORED_ANSWER_KEYS, type StoredAnswers, type WizardStore } from './types.js';
