'use strict';
// Part of `npm run lint`: n8n's own `n8n-node lint` (@n8n/node-cli), in strict mode (package.json
// says "strict": true), so it first checks that eslint.config.mjs is n8n's default, unchanged.
// It runs `eslint .` with that config, which applies the node rules (n8n Cloud's among them) to
// every .ts file under the folder it runs in. The package's source is package.json, nodes/ and
// credentials/ (what n8n's verification scanner reads too); test/ and bench/ are not node code
// (they start servers and use timers and `process` on purpose) and have rules of their own in
// eslint.project.config.mjs. So n8n-node lint runs on a copy of the package's source, with the
// project's node_modules, and its report names the files in this folder.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** What n8n-node lint reads: the package's source, its config and the TypeScript settings. */
const SOURCE = ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'nodes', 'credentials'];

function main() {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-veo3-lint-'));
	try {
		for (const entry of SOURCE)
			fs.cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
		fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
		const result = spawnSync(path.join(ROOT, 'node_modules/.bin/n8n-node'), ['lint'], {
			cwd: copy,
			encoding: 'utf8',
		});
		const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split(copy).join(ROOT);
		process.stdout.write(output);
		if (result.error) throw result.error;
		process.stdout.write(
			`[veo3] n8n-node lint (strict mode, n8n's default eslint.config.mjs): ${result.status === 0 ? 'passed' : 'FAILED'}\n`,
		);
		process.exitCode = result.status === 0 ? 0 : 1;
	} finally {
		fs.rmSync(copy, { recursive: true, force: true });
	}
}

main();
