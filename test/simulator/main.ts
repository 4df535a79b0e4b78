/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports,
	no-console
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// The simulator as a process of its own (`node tools/simulator.js`): for `npm start`, the
// benchmark, the real-n8n scripts and by hand. Settings come from the environment; the first
// line printed is JSON with the addresses and the key.
import * as fs from 'node:fs';

import type { SimulatorConfig } from './config';
import { DEFAULTS } from './config';
import { createSimulator } from './index';

function configFrom(env: NodeJS.ProcessEnv): Partial<SimulatorConfig> {
	return {
		port: Number(env.SIM_PORT ?? 0) || undefined,
		apiKey: env.SIM_API_KEY ?? DEFAULTS.apiKey,
		taskDurationMs: Number(env.SIM_TASK_MS ?? 20000),
		latencyMs: Number(env.SIM_LATENCY_MS ?? 0),
		videoBytes: Number(env.SIM_VIDEO_BYTES ?? 2 * 1024 * 1024),
		dropCallbacks: env.SIM_DROP_CALLBACKS === '1',
		msPerSecond: Number(env.SIM_MS_PER_SECOND ?? 1000),
		estimateFactor: Number(env.SIM_ESTIMATE_FACTOR ?? 1),
		giveEstimate: env.SIM_NO_ESTIMATE !== '1',
		progressMode: (env.SIM_PROGRESS as SimulatorConfig['progressMode']) ?? 'linear',
		rateLimitEvery: Number(env.SIM_429_EVERY ?? 0),
		rateLimitRetryAfter: env.SIM_429_NO_RETRY_AFTER === '1' ? null : 1,
		// SIM_TASKS_PER_CREATE=n: every create (and remix) names n tasks, each bought.
		tasksPerCreate: Number(env.SIM_TASKS_PER_CREATE ?? 1),
		// SIM_NO_TASK_MODEL=1: task answers do not name the model.
		reportTaskModel: env.SIM_NO_TASK_MODEL !== '1',
		// SIM_CLIP=path: serve this file as every video (the demo's playable clip).
		clip: env.SIM_CLIP ? fs.readFileSync(env.SIM_CLIP) : undefined,
	};
}

export function runFromEnvironment(env: NodeJS.ProcessEnv): void {
	const sim = createSimulator(configFrom(env));
	void sim.start().then(() => {
		const { baseUrl, fileUrl } = sim;
		console.log(JSON.stringify({ baseUrl, fileUrl, apiKey: sim.config.apiKey }));
	});
	const stop = () => void sim.stop().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
