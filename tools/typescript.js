'use strict';
// Lets these plain-JS scripts load the TypeScript test tooling (the API simulator in
// test/simulator/) without a build step: a .ts file is transpiled in memory by the project's own
// TypeScript when it is required. Types are checked by `npm run lint`, not here.
const fs = require('node:fs');
const ts = require('typescript');

if (!require.extensions['.ts']) {
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2022,
				esModuleInterop: true,
				inlineSourceMap: true,
			},
		});
		// Module#_compile: what Node's own loaders run a module's code with.
		/** @type {NodeJS.Module & { _compile(code: string, filename: string): void }} */ (
			module
		)._compile(outputText, filename);
	};
}
