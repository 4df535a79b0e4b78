'use strict';
// `npm start`: build, start the API simulator, and start a real n8n on 127.0.0.1 with this
// package installed as a community package, a demo credential that points at the simulator,
// and the demo workflow imported. No API key needed. Ctrl+C stops everything.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { spawn } = require('node:child_process');

const rt = require('./n8n-runtime');

const USER_FOLDER = process.env.VEO3_DEMO_FOLDER ?? path.join(rt.ROOT, '.n8n-demo');
const DEMO_CREDENTIAL = { id: 'veo3DemoCredSim', name: 'Veo3 demo (local simulator)' };

function waitForHealth(port, timeoutMs = 180_000) {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve, reject) => {
		const attempt = () => {
			http
				.get({ host: '127.0.0.1', port, path: '/healthz' }, (res) => {
					res.resume();
					if (res.statusCode === 200) return resolve();
					retry();
				})
				.on('error', retry);
		};
		const retry = () => (Date.now() > deadline ? reject(new Error('n8n did not start in time')) : setTimeout(attempt, 500));
		attempt();
	});
}

async function main() {
	const runtime = rt.ensureN8n();
	rt.build();
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	rt.installPackage(USER_FOLDER);
	const port = Number(process.env.N8N_PORT ?? 5678);
	const env = await rt.n8nEnv(runtime, USER_FOLDER, port);
	fs.mkdirSync(env.N8N_RESTRICT_FILE_ACCESS_TO, { recursive: true });

	const sim = await rt.startSimulator({ SIM_TASK_MS: process.env.SIM_TASK_MS ?? '15000' });
	rt.log(`API simulator on ${sim.baseUrl}`);
	// Re-imported on every start: the simulator gets a new port each time.
	await rt.importJson(runtime, env, 'credentials', rt.credentialJson(DEMO_CREDENTIAL.id, DEMO_CREDENTIAL.name, sim.baseUrl, sim.apiKey));
	await rt.importJson(runtime, env, 'workflow', JSON.parse(fs.readFileSync(path.join(rt.ROOT, 'examples/demo-simulator.json'), 'utf8')));

	const n8n = spawn(runtime.bin, ['start'], { env, stdio: 'inherit' });
	const stop = () => {
		sim.child.kill();
		n8n.kill('SIGTERM');
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.on('exit', (code) => {
		sim.child.kill();
		process.exit(code ?? 0);
	});
	await waitForHealth(port);
	process.stdout.write(
		[
			'',
			`  n8n is running with ${rt.PACKAGE.name}: open http://127.0.0.1:${port}/workflow/veo3DemoSimulat`,
			'  (first visit: create the owner account, then open the workflow "Veo3 demo: text to video (simulator)"',
			'   and click "Execute workflow"; the simulated video takes about 15 s).',
			`  The credential "${DEMO_CREDENTIAL.name}" points at the local simulator; see the README to use a real key.`,
			'  Ctrl+C stops n8n and the simulator.',
			'',
		].join('\n') + '\n',
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
