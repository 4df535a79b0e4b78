/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import type * as http from 'node:http';

import type { SimulatorConfig } from './config';

/** A request as the API server received it; tests assert on these. */
export interface LoggedRequest {
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	// The parsed JSON body: tests read whatever fields they sent.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

/** A request to the file server (videos, uploaded images). */
export interface FileRequest {
	at: number;
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
}

export interface SimTask {
	id: string;
	createdAt: number;
	durationMs: number;
	outcome: 'completed' | 'failed' | 'cancelled';
	/** Set by a test: the state this task is in from now on. */
	finalStatus?: string;
	/** When a status request first saw it completed (the benchmark's latency). */
	firstNoticedAt?: number;
	noVideo: boolean;
	samples: number;
	/** The body's model (a remix's is its original's). */
	model: string;
	/** Made with enable_gif: true, so its result is a GIF (.gif links, image/gif files). */
	gif: boolean;
	/** The video's length: the create's duration (8 if none), 15 for a remix (7 when raw). */
	videoSeconds: number;
	/** A remix: the task it extends. */
	remixOf?: string;
	// The create's (or remix's) JSON body as sent.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	body: any;
}

export interface Upload {
	data: Buffer;
	contentType?: string;
	filename?: string;
}

/** One injected fault: the next request to its route gets it instead of the normal answer. */
export interface Fault {
	/** Close the connection before answering ('before'), or after doing the work ('after'). */
	drop?: 'before' | 'after';
	/** A video cut off after 5,000 of its announced 100,000 bytes. */
	truncate?: boolean;
	/** This text instead of the API's JSON (a web page: contentType defaults to text/html). */
	raw?: string;
	contentType?: string;
	/** A "video" of the test's choosing. */
	serve?: { contentType: string; body: Buffer | string; noLength?: boolean };
	redirect?: string;
	/** Never answer (with afterEffect: after doing the work). */
	hang?: boolean;
	/** Answer with this status (and body, Retry-After). */
	status?: number;
	body?: unknown;
	retryAfter?: number | string;
	afterEffect?: boolean;
}

export const ROUTES_WITH_FAULTS = [
	'create',
	'remix',
	'task',
	'upload',
	'file',
	'models',
	'balance',
] as const;
export type FaultRoute = (typeof ROUTES_WITH_FAULTS)[number];

export interface CallbackRecord {
	taskId: string;
	url: string;
	/** The HTTP status the callback got, the network error, or 'dropped'. */
	status: number | string;
	attempt: number;
}

export interface SimStats {
	createsInFlight: number;
	maxCreatesInFlight: number;
	tasksCreated: number;
	faultsServed: Record<string, number>;
}

/** Everything the routes share: the configuration and what the gateway remembers. */
export interface SimState {
	config: SimulatorConfig;
	tasks: Map<string, SimTask>;
	/** The tasks created since the log was last cleared (a test's own). */
	newTasks: SimTask[];
	uploads: Map<string, Upload>;
	/**
	 * Idempotency-Key → the first paid call (create or remix) that used it: its path and body as
	 * text, and the tasks it named.
	 */
	idempotency: Map<string, { request: string; tasks: SimTask[] }>;
	log: LoggedRequest[];
	fileLog: FileRequest[];
	faults: Record<FaultRoute, Fault[]>;
	stats: SimStats;
	callbacks: CallbackRecord[];
	timers: Set<NodeJS.Timeout>;
	/** Ids for tasks, uploads and chat answers; status requests answered (for rateLimitEvery). */
	counters: { seq: number; statusRequests: number };
	/** USD spent on tasks since the start or the last clear: the balance routes subtract it. */
	spent: number;
	/** The file server's origin, http://127.0.0.1:port. */
	fileBase(): string;
}

/** What one video costs here (USD; credits are ten times this, as the API reports them). */
export const PRICE_PER_VIDEO_USD = 0.4;

export type Request = http.IncomingMessage;
export type Response = http.ServerResponse;

export function newState(config: SimulatorConfig, fileBase: () => string): SimState {
	return {
		config,
		tasks: new Map(),
		newTasks: [],
		uploads: new Map(),
		idempotency: new Map(),
		log: [],
		fileLog: [],
		faults: { create: [], remix: [], task: [], upload: [], file: [], models: [], balance: [] },
		stats: { createsInFlight: 0, maxCreatesInFlight: 0, tasksCreated: 0, faultsServed: {} },
		callbacks: [],
		timers: new Set(),
		counters: { seq: 0, statusRequests: 0 },
		spent: 0,
		fileBase,
	};
}

export function send(
	res: Response,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

/** Answers 401 (and returns false) unless the request carries the gateway's key. */
export function authorized(state: SimState, req: Request, res: Response): boolean {
	if (req.headers.authorization === `Bearer ${state.config.apiKey}`) return true;
	send(res, 401, {
		error: { code: 401, message: 'Invalid API key', type: 'authentication_error' },
	});
	return false;
}

/** Runs `fn` after `ms`, unless the simulator stops first. */
export function later(state: SimState, ms: number, fn: () => void): void {
	const timer = setTimeout(() => {
		state.timers.delete(timer);
		fn();
	}, ms);
	state.timers.add(timer);
}

export const delay = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
