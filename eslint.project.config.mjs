// The project's own lint (`eslint -c eslint.project.config.mjs`, in `npm run lint`), next to
// n8n's: eslint.config.mjs is n8n's default config, unchanged, because `n8n-node lint` refuses
// any other in strict mode (scripts/n8n-node-lint.js runs it). This one adds:
// - for the node's own code: n8n's community-node rules with no rule turned off, and
//   typescript-eslint's recommended rules (an unused parameter kept for a shared signature is
//   marked with a leading underscore);
// - for the tests and benchmarks (TypeScript, not part of the package): typescript-eslint's
//   recommended rules;
// - for the scripts (plain CommonJS for Node, type-checked by tsconfig.scripts.json): ESLint's
//   recommended rules.
import js from '@eslint/js';
import { configs } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ownCode = ['nodes/**/*.ts', 'credentials/**/*.ts'];
const testCode = ['test/**/*.ts', 'bench/**/*.ts'];
const scripts = ['scripts/**/*.js', 'test/**/*.js', 'bench/**/*.js', '*.js'];
const unusedVars = ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }];

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'examples/**', 'scripts/scanner/**', 'coverage/**'],
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
		files: ['**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	// n8n's community-node rules, on the node's own code and package.json only.
	{ ...configs.recommended, files: [...ownCode, 'package.json'] },
	{
		files: scripts,
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
