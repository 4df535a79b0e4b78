// The project's own lint (`eslint -c eslint.project.config.mjs`, in `npm run lint`), next to
// n8n's: eslint.config.mjs is n8n's default config, unchanged, because `n8n-node lint` (run by
// `npm run lint` in this folder) refuses any other in strict mode. This one adds:
// - for the node's own code: n8n's community-node rules with no rule turned off,
//   typescript-eslint's recommended rules (an unused parameter kept for a shared signature is
//   marked with a leading underscore), and the project's size limits: no file over 250 lines,
//   no function over 60 (comments and blank lines counted);
// - for the tests and benchmarks (TypeScript, not part of the package): typescript-eslint's
//   recommended rules, and n8n's community-node rules as n8n-node lint applies them, less those
//   each file turns off by name at its top;
// - for the plain-JS files here (jest and gulp settings, index.js, test set-up): ESLint's
//   recommended rules.
// tools/ (npm start, the real-n8n suites, the scanner) is a workspace with a lint of its own
// (tools/eslint.config.mjs), run by `npm run lint` too.
import js from '@eslint/js';
import { configs } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ownCode = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const testCode = ['test/**/*.ts', 'bench/**/*.ts'];
const plainJs = ['test/**/*.js', 'bench/**/*.js', '*.js'];
const unusedVars = ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }];

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'examples/**', 'tools/**', 'coverage/**'],
	},
	...tseslint.configs.recommended.map((config) => ({
		...config,
		files: [...ownCode, ...testCode],
	})),
	{
		files: [...ownCode, ...testCode],
		rules: { '@typescript-eslint/no-unused-vars': unusedVars },
	},
	{
		files: ownCode,
		rules: { 'max-lines': ['error', 250], 'max-lines-per-function': ['error', 60] },
	},
	{
		files: ['**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	// n8n's community-node rules on the node's own code and package.json, and on the tests and
	// benchmarks as n8n-node lint applies them there (with its `no-console`): each test file that
	// must break some of them (a server, timers, `process`, made-up keys) turns those off by name
	// in an eslint-disable comment at its top, and a comment that no longer turns off anything
	// fails here (an unused directive is a warning, and warnings fail this lint).
	{ ...configs.recommended, files: [...ownCode, ...testCode, 'package.json'] },
	{ files: testCode, rules: { 'no-console': 'error' } },
	{
		files: plainJs,
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
