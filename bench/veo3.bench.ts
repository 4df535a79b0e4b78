// Benchmark (not a test): wall time, status requests, completion-notice delay and memory, against
// the API simulator running in its own process. Settings (environment):
//   BENCH_TASK_SECONDS (T, default 10)  BENCH_LATENCY_MS (default 50)  BENCH_POLL_SECONDS (default 1)
//   BENCH_VIDEO_MB (default 200)        BENCH_FULL_SEQUENTIAL=1 also runs 20 items one at a time.
import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';

import { runVeo3 } from '../test/support/harness';
import { timing } from '../nodes/Veo3/transport';

// The benchmark measures real time: undo the tests' scaled clock.
timing.scale = 1;

const T = Number(process.env.BENCH_TASK_SECONDS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 1);
const VIDEO_MB = Number(process.env.BENCH_VIDEO_MB ?? 200);
const FULL_SEQUENTIAL = process.env.BENCH_FULL_SEQUENTIAL === '1';

interface Sim { process: ChildProcess; baseUrl: string; apiKey: string }

async function startSim(env: Record<string, string>): Promise<Sim> {
	const child = spawn(process.execPath, ['test/simulator.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise<string>((resolve) => readline.createInterface({ input: child.stdout! }).once('line', resolve));
	const { baseUrl, apiKey } = JSON.parse(line);
	return { process: child, baseUrl, apiKey };
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
			operation: 'createVideo', model: 'veo3.1-fast-official', prompt: '={{ $json.prompt }}',
			pollIntervalSeconds: POLL_SECONDS, maxWaitSeconds: Math.max(600, T * 10), advancedOptions: { concurrency },
		},
		items: Array.from({ length: items }, (_, i) => ({ json: { prompt: `bench video ${i}` } })),
		credentials: { apiKey: sim.apiKey, baseUrl: sim.baseUrl },
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
	print(`Veo3 node benchmark: task time T = ${T} s, gateway latency ${LATENCY_MS} ms, poll interval ${POLL_SECONDS} s, Node ${process.version}, ${new Date().toISOString()}`);
	print();

	const sim = await startSim({ SIM_TASK_MS: String(T * 1000), SIM_LATENCY_MS: String(LATENCY_MS), SIM_VIDEO_BYTES: '65536' });
	try {
		print('| items | ours (concurrency 20) | concurrency 1 | one item at a time | ratio (one at a time / ours) | status requests per task (mean / max) | completion noticed after (mean / max) | peak RSS |');
		print('|---|---|---|---|---|---|---|---|');
		const single = await oneAtATime(sim, 1);
		const goals: string[] = [];
		for (const n of [1, 5, 20]) {
			const ours = await runBatch(sim, n, 20);
			const serial = await runBatch(sim, n, 1);
			const sequentialMs = n === 1 ? single : n <= 5 || FULL_SEQUENTIAL ? await oneAtATime(sim, n) : single * n;
			const estimated = n > 5 && !FULL_SEQUENTIAL ? ' (est. 20 × 1 item)' : '';
			print(
				`| ${n} | ${s(ours.ms)} | ${s(serial.ms)} | ${s(sequentialMs)}${estimated} | ${(sequentialMs / ours.ms).toFixed(1)}× | ${ours.pollsMean.toFixed(1)} / ${ours.pollsMax} | ${s(ours.noticeMean)} / ${s(ours.noticeMax)} | ${mb(ours.peakRss)} |`,
			);
			if (n === 20) {
				const wallGoal = 1.3 * (T + POLL_SECONDS) * 1000;
				goals.push(`- 20 items within 1.3 × (T + interval) = ${s(wallGoal)}: ${s(ours.ms)} ${ours.ms <= wallGoal ? 'MET' : 'MISSED'}`);
				const pollGoal = Math.max(1, T / 5);
				goals.push(`- at most one status request per 5 s of task time (${pollGoal.toFixed(1)} per task): max ${ours.pollsMax} ${ours.pollsMax <= pollGoal ? 'MET' : 'MISSED'}`);
				const noticeGoal = Math.max(2000, 0.05 * T * 1000);
				goals.push(`- completion noticed within max(2 s, 5 % of T) = ${s(noticeGoal)}: max ${s(ours.noticeMax)} ${ours.noticeMax <= noticeGoal ? 'MET' : 'MISSED'}`);
				goals.push(`- creates in flight at once: ${ours.maxCreatesInFlight} (bound 20); with concurrency 1: ${serial.maxCreatesInFlight}`);
			}
		}
		print();
		for (const goal of goals) print(goal);
	} finally {
		sim.process.kill();
	}

	print();
	const big = await startSim({ SIM_TASK_MS: '1000', SIM_VIDEO_BYTES: String(VIDEO_MB * 1048576) });
	try {
		global.gc?.();
		const stop = rssSampler();
		const result = await runVeo3({
			parameters: { operation: 'createVideo', model: 'veo3.1-fast-official', prompt: 'big file', pollIntervalSeconds: 1, downloadVideo: true },
			credentials: { apiKey: big.apiKey, baseUrl: big.baseUrl },
		});
		const memory = stop();
		if (result.error) throw result.error;
		const binary = result.items[0].binary!.data;
		print(`Download of a ${VIDEO_MB} MB video (filesystem binary mode): stored as ${binary.fileSize} (id ${binary.id ? 'on disk' : 'in memory'}), RSS before ${mb(memory.start)}, peak ${mb(memory.peak)}, growth ${mb(memory.peak - memory.start)} (${(((memory.peak - memory.start) / (VIDEO_MB * 1048576)) * 100).toFixed(0)} % of the file)`);
	} finally {
		big.process.kill();
	}
});
