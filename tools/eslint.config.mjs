// The tools' own lint (`npm run lint` in this workspace, run by the root's `npm run lint`):
// ESLint's recommended rules for plain CommonJS on Node; the types are tsconfig.json's (checkJs).
// The root's configs leave tools/ out: n8n's node rules apply to .ts files only, and the root's
// eslint.project.config.mjs ignores this folder.
import js from '@eslint/js';
import globals from 'globals';

const unusedVars = ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }];

export default [
	{ ignores: ['node_modules/**', 'n8n-runtime/**', 'scanner/**'] },
	{
		files: ['**/*.js'],
		...js.configs.recommended,
		languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
		rules: { ...js.configs.recommended.rules, 'no-unused-vars': unusedVars },
	},
	{
		files: ['*.mjs'],
		...js.configs.recommended,
		languageOptions: { sourceType: 'module', globals: { ...globals.node } },
	},
];
