// n8n's community-node rules (the ones `n8n-node lint` and n8n's verification scanner run),
// with no rule turned off, and typescript-eslint's recommended rules for the node's own code.
// Tests, benchmarks and scripts are not part of the package and are not linted by these rules
// (they are type-checked by `tsc` in `npm run lint`).
import { configs } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

const ownCode = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'test/**',
			'bench/**',
			'scripts/**',
			'examples/**',
			'*.js',
			'*.mjs',
		],
	},
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ownCode })),
	{
		files: ownCode,
		// An unused parameter kept for a shared signature is marked with a leading underscore.
		rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
	},
	{
		files: ['**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	configs.recommended,
];
