'use strict';
// The check that ends every real-n8n script: the run left nothing behind, neither a temporary
// folder nor a process.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const cleanup = require('./cleanup');

/**
 * What a run left behind: temporary folders it made (veo3-*) that still exist, and processes
 * still running that belong to them (their command line or environment names such a folder,
 * e.g. an n8n with N8N_USER_FOLDER there or PostgreSQL with its data there) or that are our
 * own simulator children.
 * @param {Set<string>} tmpBefore what the temporary folder held before the run
 */
function leftovers(tmpBefore) {
	const tmp = os.tmpdir();
	const folders = fs
		.readdirSync(tmp)
		.filter((name) => name.startsWith('veo3-') && !tmpBefore.has(name))
		.map((name) => path.join(tmp, name));
	const processes = cleanup
		.processesWhere(
			({ cmdline, environ, parent }) =>
				folders.some((folder) => cmdline.includes(folder) || environ.includes(folder)) ||
				(parent === process.pid && cmdline.includes('tools/simulator.js')),
		)
		.map(({ pid, cmdline }) => `${pid} ${cmdline}`);
	return { folders, processes };
}

/** The temporary folder's entries now, for `checkNothingLeft` after the run. */
const tmpEntries = () => new Set(fs.readdirSync(os.tmpdir()));

/**
 * Waits (up to 20 s: servers shut down gracefully) until nothing of the run is left; prints PASS
 * or FAIL and resolves with whether nothing was left.
 * @param {string} kind the script, for the line printed
 * @param {Set<string>} tmpBefore `tmpEntries()` before the run
 */
async function checkNothingLeft(kind, tmpBefore) {
	let left = leftovers(tmpBefore);
	for (let i = 0; i < 40 && (left.folders.length || left.processes.length); i++) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		left = leftovers(tmpBefore);
	}
	const clean = !left.folders.length && !left.processes.length;
	process.stdout.write(
		clean
			? `[veo3] PASS [${kind}] nothing left behind: no temporary folder, no process\n`
			: `[veo3] FAIL [${kind}] left behind:\n${[...left.folders, ...left.processes].join('\n')}\n`,
	);
	return clean;
}

module.exports = { tmpEntries, checkNothingLeft };
