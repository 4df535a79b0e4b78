/* eslint-disable
	@n8n/community-nodes/no-dangerous-functions,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Benchmark (not a test): wall time and memory against the API simulator running in its own
// process (real time); poll-schedule and rate-limit cases on the tests' virtual clock, with the
// simulator in this process (their figures are the API's seconds, exact and the same on every
// machine). Settings (environment):
//   BENCH_TASK_SECONDS (T, default 10)  BENCH_LATENCY_MS (default 50)  BENCH_POLL_SECONDS (default 1)
//   BENCH_VIDEO_MB (default 200)        BENCH_FULL_SEQUENTIAL=1 also runs 20 items one at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';

import { runVeo3 } from '../test/support/harness';
import type { Simulator, SimulatorConfig } from '../test/simulator';
import { createSimulator } from '../test/simulator';
import { installVirtualTime } from '../test/support/virtualTime';

const T = Number(process.env.BENCH_TASK_SECONDS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 1);
const VIDEO_MB = Number(process.env.BENCH_VIDEO_MB ?? 200);
const FULL_SEQUENTIAL = process.env.BENCH_FULL_SEQUENTIAL === '1';
/** BENCH_ONLY=throughput,schedule,ratelimit,download: run only these parts (all by default). */
const ONLY = process.env.BENCH_ONLY?.split(',');
const part = (name: string) => !ONLY || ONLY.includes(name);

interface Sim {
	process: ChildProcess;
	baseUrl: string;
	fileUrl: string;
	apiKey: string;
}

/** The credential for a simulator; its file host is on loopback, so it is an allowed private host. */
const credentialsFor = (sim: Sim) => ({
	apiKey: sim.apiKey,
	baseUrl: sim.baseUrl,
	allowedPrivateHosts: new URL(sim.fileUrl).host,
});

async function startSim(env: Record<string, string>): Promise<Sim> {
	const child = spawn(process.execPath, ['tools/simulator.js'], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const line = await new Promise<string>((resolve) =>
		readline.createInterface({ input: child.stdout! }).once('line', resolve),
	);
	const { baseUrl, fileUrl, apiKey } = JSON.parse(line);
	return { process: child, baseUrl, fileUrl, apiKey };
}

async function simReport(sim: Sim) {
	const response = await fetch(`${sim.baseUrl}/__sim/report`);
	return (await response.json()) as {
		tasks: Array<{ finishedAt: number; firstNoticedAt: number | null; polls: number }>;
		maxCreatesInFlight: number;
	};
}

function rssSampler() {
	const start = process.memoryUsage().rss;
	let peak = start;
	const timer = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 5);
	return () => {
		clearInterval(timer);
		peak = Math.max(peak, process.memoryUsage().rss);
		return { start, peak };
	};
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function runBatch(sim: Sim, items: number, concurrency: number) {
	await fetch(`${sim.baseUrl}/__sim/reset`, { method: 'POST' });
	const stop = rssSampler();
	const result = await runVeo3({
		parameters: {
			operation: 'createVideo',
			model: 'veo3.1-fast-official',
			prompt: '={{ $json.prompt }}',
			pollIntervalSeconds: POLL_SECONDS,
			maxWaitSeconds: Math.max(600, T * 10),
			advancedOptions: { concurrency },
		},
		items: Array.from({ length: items }, (_, i) => ({ json: { prompt: `bench video ${i}` } })),
		credentials: credentialsFor(sim),
	});
	const memory = stop();
	if (result.error) throw result.error;
	const report = await simReport(sim);
	const delays = report.tasks.map((task) => (task.firstNoticedAt ?? Infinity) - task.finishedAt);
	const polls = report.tasks.map((task) => task.polls);
	return {
		ms: result.ms,
		pollsMean: polls.reduce((a, b) => a + b, 0) / polls.length,
		pollsMax: Math.max(...polls),
		noticeMax: Math.max(...delays),
		noticeMean: delays.reduce((a, b) => a + b, 0) / delays.length,
		peakRss: memory.peak,
		maxCreatesInFlight: report.maxCreatesInFlight,
	};
}

// Poll-schedule and rate-limit cases run the node's real code on the virtual clock, so
// minute-long tasks take moments; figures are in the API's seconds.
const SCHEDULE_INTERVAL = 10;

/** What the in-process simulator saw of each task: when it finished, first noticed, polls. */
function taskReport(sim: Simulator) {
	return [...sim.tasks.values()].map((task) => ({
		finishedAt: task.createdAt + task.durationMs,
		firstNoticedAt: task.firstNoticedAt ?? Infinity,
		polls: sim.requests('GET', `/v1/tasks/${task.id}`).length,
	}));
}

/** Runs `items` videos of `taskSeconds` on the virtual clock against an in-process simulator. */
async function onVirtualTime(
	taskSeconds: number,
	config: Partial<SimulatorConfig>,
	items: number,
	concurrency: number,
	pollIntervalSeconds: number,
) {
	const time = installVirtualTime();
	const sim = await createSimulator({
		taskDurationMs: taskSeconds * 1000,
		latencyMs: LATENCY_MS,
		videoBytes: 4096,
		...config,
	}).start();
	try {
		const result = await runVeo3({
			parameters: {
				operation: 'createVideo',
				model: 'veo3.1-fast-official',
				prompt: '={{ $json.prompt }}',
				pollIntervalSeconds,
				maxWaitSeconds: 3600,
				// Its own simulator: no spending limit (Max Videos per Run's default 50 would stop 100 items).
				advancedOptions: { concurrency, maxVideosPerRun: 0 },
			},
			items: Array.from({ length: items }, (_, i) => ({ json: { prompt: `schedule ${i}` } })),
			credentials: {
				apiKey: sim.config.apiKey,
				baseUrl: sim.baseUrl,
				allowedPrivateHosts: new URL(sim.fileUrl).host,
			},
		});
		if (result.error) throw result.error;
		return { ms: result.ms, tasks: taskReport(sim) };
	} finally {
		await sim.stop();
		time.stop();
	}
}

async function scheduleCase(
	name: string,
	taskSeconds: number,
	config: Partial<SimulatorConfig>,
	items = 5,
	concurrency = 20,
) {
	const { tasks } = await onVirtualTime(taskSeconds, config, items, concurrency, SCHEDULE_INTERVAL);
	const delays = tasks.map((task) => (task.firstNoticedAt - task.finishedAt) / 1000);
	const polls = tasks.map((task) => task.polls);
	const goal = Math.max(2, SCHEDULE_INTERVAL, 0.2 * taskSeconds);
	const perFive = (polls.reduce((a, b) => a + b, 0) / polls.length / taskSeconds) * 5;
	return {
		row: `| ${name} | ${taskSeconds} s | ${items} | ${(polls.reduce((a, b) => a + b, 0) / polls.length).toFixed(1)} / ${Math.max(...polls)} | ${perFive.toFixed(2)} | ${(delays.reduce((a, b) => a + b, 0) / delays.length).toFixed(1)} s / ${Math.max(...delays).toFixed(1)} s | ${goal.toFixed(0)} s | ${Math.max(...delays) <= goal && perFive <= 1 ? 'met' : 'MISSED'} |`,
	};
}

/** 100 items, Concurrency 20, every third status request 429: the whole run in units of T. */
async function rateLimitCase(name: string, retryAfter: number | null) {
	const taskSeconds = 5;
	const { ms } = await onVirtualTime(
		taskSeconds,
		{ rateLimitEvery: 3, rateLimitRetryAfter: retryAfter },
		100,
		20,
		1,
	);
	const ratio = ms / 1000 / taskSeconds;
	return `| ${name} | ${(ms / 1000).toFixed(1)} s | ${ratio.toFixed(1)} × T | 3 × T | ${ratio <= 3 ? 'met' : 'MISSED'} |`;
}

async function oneAtATime(sim: Sim, items: number) {
	let ms = 0;
	for (let i = 0; i < items; i++) ms += (await runBatch(sim, 1, 1)).ms;
	return ms;
}

test('benchmark', async () => {
	const out: string[] = [];
	const print = (line = '') => {
		out.push(line);
		process.stdout.write(`${line}\n`);
	};
	print(
		`Veo3 node benchmark: task time T = ${T} s, gateway latency ${LATENCY_MS} ms, poll interval ${POLL_SECONDS} s, Node ${process.version}, ${new Date().toISOString()}`,
	);
	print();

	if (part('throughput')) await throughput(print);
	if (part('schedule')) await schedule(print);
	if (part('ratelimit')) await rateLimits(print);
	if (part('download')) await bigDownload(print);
});

type Print = (line?: string) => void;

async function throughput(print: Print) {
	const sim = await startSim({
		SIM_TASK_MS: String(T * 1000),
		SIM_LATENCY_MS: String(LATENCY_MS),
		SIM_VIDEO_BYTES: '65536',
	});
	try {
		print(
			'| items | ours (concurrency 20) | concurrency 1 | one item at a time | ratio (one at a time / ours) | status requests per task (mean / max) | completion noticed after (mean / max) | peak RSS |',
		);
		print('|---|---|---|---|---|---|---|---|');
		const single = await oneAtATime(sim, 1);
		const goals: string[] = [];
		for (const n of [1, 5, 20]) {
			const ours = await runBatch(sim, n, 20);
			const serial = await runBatch(sim, n, 1);
			const sequentialMs =
				n === 1 ? single : n <= 5 || FULL_SEQUENTIAL ? await oneAtATime(sim, n) : single * n;
			const estimated = n > 5 && !FULL_SEQUENTIAL ? ' (est. 20 × 1 item)' : '';
			print(
				`| ${n} | ${s(ours.ms)} | ${s(serial.ms)} | ${s(sequentialMs)}${estimated} | ${(sequentialMs / ours.ms).toFixed(1)}× | ${ours.pollsMean.toFixed(1)} / ${ours.pollsMax} | ${s(ours.noticeMean)} / ${s(ours.noticeMax)} | ${mb(ours.peakRss)} |`,
			);
			if (n === 20) {
				const wallGoal = 1.3 * (T + POLL_SECONDS) * 1000;
				goals.push(
					`- 20 items within 1.3 × (T + interval) = ${s(wallGoal)}: ${s(ours.ms)} ${ours.ms <= wallGoal ? 'MET' : 'MISSED'}`,
				);
				goals.push(
					`- status requests per task: mean ${ours.pollsMean.toFixed(1)}, max ${ours.pollsMax} (the prompt-notice cap polls a ${T} s task every 2 s near its end; see the poll-schedule table for one- to five-minute tasks)`,
				);
				const noticeGoal = Math.max(2000, POLL_SECONDS * 1000, 0.2 * T * 1000);
				goals.push(
					`- completion noticed within max(2 s, interval, 20 % of T) = ${s(noticeGoal)}: max ${s(ours.noticeMax)} ${ours.noticeMax <= noticeGoal ? 'MET' : 'MISSED'}`,
				);
				goals.push(
					`- creates in flight at once: ${ours.maxCreatesInFlight} (bound 20); with concurrency 1: ${serial.maxCreatesInFlight}`,
				);
			}
		}
		print();
		for (const goal of goals) print(goal);
	} finally {
		sim.process.kill();
	}
}

async function schedule(print: Print) {
	print();
	print(
		`Poll schedule: Poll Interval ${SCHEDULE_INTERVAL} s, the node's real code on the virtual clock (figures in the API's seconds).`,
	);
	print(
		'Goal: completion noticed within max(2 s, interval, 20 % of the task time); at most one status request per 5 s of task time.',
	);
	print();
	print(
		'| case | task time | items | status requests per task (mean / max) | requests per 5 s of task | completion noticed after (mean / max) | goal | |',
	);
	print('|---|---|---|---|---|---|---|---|');
	const cases: Array<[string, number, Partial<SimulatorConfig>, number?]> = [
		['estimate right', 120, {}],
		['estimate 5× too high', 120, { estimateFactor: 5 }],
		['estimate 5× too low', 120, { estimateFactor: 0.2 }],
		['no estimate, no progress', 120, { giveEstimate: false, progressMode: 'none' }],
		['progress that jumps', 120, { progressMode: 'jumps' }],
		[
			'estimated 600 s, done at 90 s, no progress (0.1.0: noticed at 305 s)',
			90,
			{ estimateFactor: 600 / 90, progressMode: 'none' },
		],
		[
			'estimated 300 s, done at 60 s, no progress (0.1.0: noticed at 155 s)',
			60,
			{ estimateFactor: 5, progressMode: 'none' },
		],
		['one minute, estimate right', 60, {}],
		['five minutes, estimate right', 300, {}],
		['20 items at once', 120, {}, 20],
		['100 items at once', 120, {}, 100],
		['429 with Retry-After on every 3rd status request', 120, { rateLimitEvery: 3 }],
	];
	for (const [name, seconds, config, items] of cases)
		print((await scheduleCase(name, seconds, config, items)).row);
}

async function rateLimits(print: Print) {
	print();
	print(
		'Rate limits: 100 items of T = 5 s, Concurrency 20, Poll Interval 1 s, every 3rd status request answered 429 (virtual clock). Goal: the whole run within 3 × T.',
	);
	print();
	print('| case | whole run | ratio | goal | |');
	print('|---|---|---|---|---|');
	print(await rateLimitCase('429 with Retry-After: 1', 1));
	print(await rateLimitCase('429 without Retry-After', null));
}

async function bigDownload(print: Print) {
	print();
	const big = await startSim({ SIM_TASK_MS: '1000', SIM_VIDEO_BYTES: String(VIDEO_MB * 1048576) });
	try {
		global.gc?.();
		const stop = rssSampler();
		const result = await runVeo3({
			parameters: {
				operation: 'createVideo',
				model: 'veo3.1-fast-official',
				prompt: 'big file',
				pollIntervalSeconds: 1,
				downloadVideo: true,
			},
			credentials: credentialsFor(big),
		});
		const memory = stop();
		if (result.error) throw result.error;
		const binary = result.items[0].binary!.data;
		print(
			`Download of a ${VIDEO_MB} MB video (filesystem binary mode): stored as ${binary.fileSize} (id ${binary.id ? 'on disk' : 'in memory'}), RSS before ${mb(memory.start)}, peak ${mb(memory.peak)}, growth ${mb(memory.peak - memory.start)} (${(((memory.peak - memory.start) / (VIDEO_MB * 1048576)) * 100).toFixed(0)} % of the file)`,
		);
	} finally {
		big.process.kill();
	}
}
