'use strict';
// npm run test:load: `npm test` three times in a row while four CPU-bound processes of its own keep
// both cores busy (twice oversubscribed, like a busy laptop or a shared CI runner). The tests keep
// time on a virtual clock, so their verdict must not change under load: any failed run fails this.
const { spawn, spawnSync } = require('node:child_process');
const os = require('node:os');

const RUNS = Number(process.env.LOAD_RUNS ?? 3);
const HOGS = Number(process.env.LOAD_HOGS ?? 4);

/** @param {string} message */
function log(message) {
	process.stderr.write(`[load] ${message}\n`);
}

// Each hog spins for at most 30 minutes, so none can outlive a run that was killed hard.
const hogs = Array.from({ length: HOGS }, () =>
	spawn(process.execPath, ['-e', 'const end = Date.now() + 1800e3; while (Date.now() < end);'], {
		stdio: 'ignore',
	}),
);
const stopHogs = () => {
	for (const hog of hogs) hog.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		stopHogs();
		process.exit(130);
	});
}

log(`${HOGS} CPU-bound processes on ${os.cpus().length} cores; npm test ${RUNS} times`);
const failed = [];
for (let run = 1; run <= RUNS; run++) {
	const started = Date.now();
	const result = spawnSync('npm', ['test', '--silent'], { stdio: 'inherit' });
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	log(`run ${run} of ${RUNS}: ${result.status === 0 ? 'passed' : 'FAILED'} in ${seconds} s`);
	if (result.status !== 0) failed.push(run);
}
stopHogs();
if (failed.length) {
	log(`${failed.length} of ${RUNS} loaded runs failed (${failed.join(', ')})`);
	process.exit(1);
}
log(`all ${RUNS} loaded runs passed`);
