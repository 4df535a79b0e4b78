/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// A local stand-in for the Veo 3.1 gateway (APIMart or a white-label one) and its video CDN.
// Plain Node http on 127.0.0.1, random ports. It implements docs/API.md (the API in our words):
// both Veo 3.1 channels' create bodies (bodies.ts: any other field is a 400) and remix, both
// create/task response shapes, task progress over time, failure and cancellation, GIF results,
// 401/402/404/429, image uploads, balance, and a request log that tests assert on. Faults can
// be injected per route. Used by the tests, the benchmark, the real-n8n scripts and `npm start`.
// One file per route under routes/; this file routes requests and owns the two servers.
import * as http from 'node:http';
import type { Socket } from 'node:net';

import type { SimulatorConfig } from './config';
import { DEFAULTS } from './config';
import { makeGif, MAX_GIF_PAYLOAD } from './gif';
import { makeMp4 } from './mp4';
import { BALANCE_PATH, getBalance, listModels } from './routes/account';
import { chatCompletion } from './routes/chat';
import { queueFaults, report, reset } from './routes/control';
import { serveFile } from './routes/files';
import { REMIX_PATH, remixVideo } from './routes/remix';
import { getTask, TASK_PATH } from './routes/tasks';
import { uploadImage } from './routes/uploads';
import { createVideo } from './routes/videos';
import type {
	Fault,
	FaultRoute,
	LoggedRequest,
	Request,
	Response,
	SimState,
	SimTask,
} from './state';
import { delay, newState, send } from './state';

export { makeGif, makeMp4 };
export type { Fault, FaultRoute, LoggedRequest, SimulatorConfig };

type Handler = (
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
) => void | Promise<void>;

interface Route {
	method: 'GET' | 'POST';
	path: string | RegExp;
	handle: Handler;
	/** A paid call (create, remix): counted in stats.createsInFlight while it is being answered (latency included). */
	countInFlight?: boolean;
}

const API_ROUTES: Route[] = [
	{ method: 'POST', path: '/v1/videos/generations', handle: createVideo, countInFlight: true },
	{ method: 'POST', path: REMIX_PATH, handle: remixVideo, countInFlight: true },
	{ method: 'GET', path: TASK_PATH, handle: getTask },
	{ method: 'POST', path: '/v1/uploads/images', handle: uploadImage },
	{ method: 'GET', path: BALANCE_PATH, handle: getBalance },
	{ method: 'GET', path: '/v1/models', handle: listModels },
	// Relative video links (urlShape 'relative') are served by the gateway itself.
	{ method: 'GET', path: /^\/videos\//, handle: serveFile },
	{ method: 'POST', path: '/llm/v1/chat/completions', handle: chatCompletion },
	{ method: 'GET', path: '/__sim/report', handle: report },
	{ method: 'POST', path: '/__sim/reset', handle: reset },
	{ method: 'POST', path: '/__sim/faults', handle: queueFaults },
];

const matches = (route: Route, method: string | undefined, path: string) =>
	route.method === method &&
	(typeof route.path === 'string' ? route.path === path : route.path.test(path));

async function readBody(req: Request): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** Reads and logs the request, then answers it by its route (404 for any other). */
async function handleApi(state: SimState, req: Request, res: Response): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	// When the request arrived (its body may take longer).
	const arrived = Date.now();
	const raw = await readBody(req);
	const entry: LoggedRequest = {
		at: arrived,
		method: req.method ?? 'GET',
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		headers: { ...req.headers },
		rawBody: raw,
		body: undefined,
	};
	if ((req.headers['content-type'] ?? '').includes('application/json') && raw.length) {
		try {
			entry.body = JSON.parse(raw.toString('utf8'));
		} catch {
			entry.body = raw.toString('utf8');
		}
	}
	state.log.push(entry);
	const route = API_ROUTES.find((candidate) => matches(candidate, req.method, url.pathname));
	const { stats } = state;
	if (route?.countInFlight) {
		stats.createsInFlight++;
		stats.maxCreatesInFlight = Math.max(stats.maxCreatesInFlight, stats.createsInFlight);
	}
	try {
		if (state.config.latencyMs) await delay(state.config.latencyMs);
		if (!route) return send(res, 404, { code: 404, message: 'no such route' });
		await route.handle(state, req, res, entry);
	} finally {
		if (route?.countInFlight) stats.createsInFlight--;
	}
}

export function createSimulator(options: Partial<SimulatorConfig> = {}) {
	const config: SimulatorConfig = { ...DEFAULTS, ...options };
	let apiServer: http.Server;
	let fileServer: http.Server;
	const sockets = new Set<Socket>();
	const address = (server: http.Server) =>
		`http://127.0.0.1:${(server.address() as { port: number }).port}`;
	const state = newState(config, () => address(fileServer));

	function listen(server: http.Server, port: number | undefined): Promise<void> {
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		return new Promise((resolve) => server.listen(port ?? 0, '127.0.0.1', resolve));
	}

	const simulator = {
		config,
		tasks: state.tasks,
		log: state.log,
		fileLog: state.fileLog,
		stats: state.stats,
		callbacks: state.callbacks,
		/** Queues faults for a route: the next requests to it get them, one each. */
		inject(route: FaultRoute, ...faults: Fault[]) {
			state.faults[route].push(...faults);
		},
		clear() {
			state.log.length = 0;
			state.newTasks.length = 0;
			state.fileLog.length = 0;
			state.callbacks.length = 0;
			for (const list of Object.values(state.faults)) list.length = 0;
			state.stats.maxCreatesInFlight = 0;
			state.stats.tasksCreated = 0;
			state.spent = 0;
			state.stats.faultsServed = {};
		},
		/** The tasks created since the last clear(), oldest first (the current test's). */
		newTasks(): SimTask[] {
			return [...state.newTasks];
		},
		requests(method?: string, pathPrefix?: string): LoggedRequest[] {
			return state.log.filter(
				(entry) =>
					(!method || entry.method === method) &&
					(!pathPrefix || entry.path.startsWith(pathPrefix)),
			);
		},
		get baseUrl() {
			return address(apiServer);
		},
		get fileUrl() {
			return address(fileServer);
		},
		videoBytesFor(taskId: string, sample = 0): Buffer {
			return makeMp4(config.videoBytes, `${taskId}_${sample}`);
		},
		/** The file of a GIF task (enable_gif), as the file server serves it. */
		gifBytesFor(taskId: string, sample = 0): Buffer {
			return makeGif(Math.min(config.videoBytes, MAX_GIF_PAYLOAD), `${taskId}_${sample}`);
		},
		async start() {
			apiServer = http.createServer((req, res) => {
				handleApi(state, req, res).catch((error) => send(res, 500, { message: String(error) }));
			});
			fileServer = http.createServer((req, res) => serveFile(state, req, res));
			await listen(fileServer, undefined);
			await listen(apiServer, config.port);
			return simulator;
		},
		async stop() {
			for (const timer of state.timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await Promise.all(
				[apiServer, fileServer].map(
					(server) => new Promise<void>((resolve) => server.close(() => resolve())),
				),
			);
		},
	};
	return simulator;
}

export type Simulator = ReturnType<typeof createSimulator>;
