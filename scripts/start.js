'use strict';
// `npm start`: build, start the API simulator, and start a real n8n on 127.0.0.1 with this
// package installed as a community package, a demo credential that points at the simulator,
// and the demo workflow. No API key needed. Ctrl+C stops everything.
//
// What the user changed is kept: the demo workflow is imported only when it is missing, and the
// demo credential only when it is missing or still points at an earlier run's simulator (not
// once it holds a real key). The owner account is set up for the demo on the first start.
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const rt = require('./n8n-runtime');
const { waitForEditor } = require('./workflows');

const USER_FOLDER = process.env.VEO3_DEMO_FOLDER ?? path.join(rt.ROOT, '.n8n-demo');
const DEMO_CREDENTIAL = { id: 'veo3DemoCredSim', name: 'Veo3 demo (local simulator)' };
const DEMO_WORKFLOW = JSON.parse(
	fs.readFileSync(path.join(rt.ROOT, 'examples/demo-simulator.json'), 'utf8'),
);
const DEMO_OWNER = {
	email: 'demo@veo3.example',
	password: 'Veo3-demo-Passw0rd',
	firstName: 'Veo3',
	lastName: 'Demo',
};
const CLIP = path.join(rt.ROOT, 'test/fixtures/demo-clip.mp4');

/** The simulator keeps its port from one start to the next, so the demo credential stays valid. */
async function startSimulator() {
	const file = path.join(USER_FOLDER, 'simulator-port');
	const saved = Number(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : 0);
	const settings = { SIM_TASK_MS: process.env.SIM_TASK_MS ?? '15000', SIM_CLIP: CLIP };
	for (const port of [saved, await rt.freePort()].filter(Boolean)) {
		try {
			const sim = await rt.startSimulator({ ...settings, SIM_PORT: String(port) });
			fs.writeFileSync(file, String(port));
			return sim;
		} catch {
			// The saved port is taken: use a new one (the credential is updated below).
		}
	}
	throw new Error('the API simulator did not start');
}

async function ensureDemoCredential(runtime, env, sim) {
	const existing = await rt.exportCredential(runtime, env, DEMO_CREDENTIAL.id);
	const isOurs =
		existing &&
		existing.data?.apiKey === sim.apiKey &&
		/^http:\/\/127\.0\.0\.1:\d+$/.test(existing.data?.baseUrl ?? '');
	const current =
		existing?.data?.baseUrl === sim.baseUrl &&
		existing?.data?.allowedPrivateHosts === new URL(sim.fileUrl).host;
	if (existing && (!isOurs || current)) return;
	await rt.importJson(
		runtime,
		env,
		'credentials',
		rt.credentialJson(
			DEMO_CREDENTIAL.id,
			DEMO_CREDENTIAL.name,
			sim.baseUrl,
			sim.apiKey,
			sim.fileUrl,
		),
	);
}

async function ensureDemoWorkflow(runtime, env) {
	// n8n prints the list through its logger: at info level.
	const list = await rt.n8nCli(runtime, { ...env, N8N_LOG_LEVEL: 'info' }, ['list:workflow']);
	if (list.stdout.split('\n').some((line) => line.startsWith(`${DEMO_WORKFLOW.id}|`))) return;
	await rt.importJson(runtime, env, 'workflow', DEMO_WORKFLOW);
}

/** On a fresh n8n, sets up the owner account with the demo login; returns it, or undefined. */
async function setUpOwner(base) {
	const settings = await (await fetch(`${base}/rest/settings`)).json();
	if (!settings.data?.userManagement?.showSetupOnFirstLoad) return undefined;
	const answer = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': 'veo3-npm-start' },
		body: JSON.stringify(DEMO_OWNER),
	});
	if (!answer.ok) throw new Error(`owner setup failed: ${answer.status} ${await answer.text()}`);
	return DEMO_OWNER;
}

/** This process's parent and grandparent (npm start: the shell and npm), but not init. */
function ancestorPids() {
	const parentOf = (pid) => {
		try {
			return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
		} catch {
			return 0;
		}
	};
	return [process.ppid, parentOf(process.ppid)].filter((pid) => pid > 1);
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

async function main() {
	// VEO3_N8N_VERSION picks another pinned n8n (the editor test runs the demo on each).
	const runtime = rt.ensureN8n(process.env.VEO3_N8N_VERSION);
	if (process.env.VEO3_SKIP_BUILD !== '1') rt.build();
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	// Left by versions before 0.2: import files that held the demo key.
	for (const name of fs.readdirSync(USER_FOLDER).filter((file) => /^import-.*\.json$/.test(file)))
		fs.rmSync(path.join(USER_FOLDER, name));
	rt.installPackage(USER_FOLDER);
	const port = Number(process.env.N8N_PORT ?? 5678);
	const env = await rt.n8nEnv(runtime, USER_FOLDER, port);
	// n8n's own log at warning level, so that the banner below stays the last thing on screen.
	env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL ?? 'warn';
	fs.mkdirSync(env.N8N_RESTRICT_FILE_ACCESS_TO, { recursive: true });

	const sim = await startSimulator();
	rt.log(`API simulator on ${sim.baseUrl}`);
	await ensureDemoCredential(runtime, env, sim);
	await ensureDemoWorkflow(runtime, env);

	rt.log(`starting n8n ${runtime.version} on http://127.0.0.1:${port} ...`);
	const n8n = spawn(runtime.bin, ['start'], { env, stdio: 'inherit' });
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		sim.child.kill();
		n8n.kill('SIGTERM');
	};
	// Ctrl+C, a process manager or `timeout` (SIGTERM), a closed terminal (SIGHUP): n8n stops too.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
	// `npm start` stopped with SIGTERM or SIGHUP exits without passing the signal on (and may leave
	// its `sh -c` behind): when npm or the shell it ran us in is gone, this stops n8n itself.
	const ancestors = ancestorPids();
	setInterval(() => {
		if (ancestors.some((pid) => !alive(pid))) stop();
	}, 500).unref();
	n8n.on('exit', (code) => {
		sim.child.kill();
		process.exit(code ?? 0);
	});
	const base = `http://127.0.0.1:${port}`;
	await waitForEditor(base);
	const owner = await setUpOwner(base);
	const link = `${base}/signin?redirect=${encodeURIComponent(`/workflow/${DEMO_WORKFLOW.id}`)}`;
	const line = '='.repeat(78);
	process.stdout.write(
		[
			'',
			line,
			`  n8n ${runtime.version} is running with ${rt.PACKAGE.name}. Open:`,
			'',
			`    ${link}`,
			'',
			owner
				? `  Sign in as ${owner.email}, password ${owner.password} (set up for this demo).`
				: `  Sign in as ${DEMO_OWNER.email}, password ${DEMO_OWNER.password} (set up by the first npm start; if you changed it, use yours).`,
			`  The workflow "${DEMO_WORKFLOW.name}" opens: click "Execute workflow";`,
			'  after about 15 s the Veo3 node shows the video (a 4 s test clip from the simulator).',
			`  The credential "${DEMO_CREDENTIAL.name}" points at the local simulator;`,
			'  put a real key and Base URL in it (see the README) to make real videos.',
			'  Ctrl+C stops n8n and the simulator.',
			line,
			'',
		].join('\n') + '\n',
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
