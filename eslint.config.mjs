// n8n's community-node rules (the ones `n8n-node lint` and n8n's verification scanner run),
// with no rule turned off. Tests, benchmarks and scripts are not part of the package and are
// not linted by these rules.
import { configs } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

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
	{
		files: ['**/*.ts', 'package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	configs.recommended,
];
