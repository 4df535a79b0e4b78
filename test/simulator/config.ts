/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
/** How the simulated gateway behaves; every field can be set per simulator (tests) or by environment (main.ts). */
export interface SimulatorConfig {
	apiKey: string;
	/** The API's port (0 or undefined: a random one); the file server always takes a random one. */
	port?: number;
	taskDurationMs: number;
	/** Added before every API answer. */
	latencyMs: number;
	/** Holds every create this long before answering it (concurrency tests). */
	createHoldMs?: number;
	/** 'array' → data: [{task_id,status}]; 'object' → data: {id,status}. */
	createShape: 'array' | 'object';
	/**
	 * Tasks each create (and remix) makes and names: more than 1 answers data: [{task_id: a},
	 * {task_id: b}, ...] (with createShape 'object': a list of {id,status}). Each is a real,
	 * paid task that runs to its end.
	 */
	tasksPerCreate: number;
	/** GET /v1/tasks/{id} (and callbacks) name the task's model; false: a gateway that does not. */
	reportTaskModel: boolean;
	/**
	 * A remix takes `webhook` as a create does (the default: the contract documents it for creates,
	 * the remix page does not list it); false: a gateway whose remix refuses it (400).
	 */
	remixTakesWebhook: boolean;
	/** 'array' → url: [..]; 'string' → url: ".."; 'relative' → links on the gateway's own origin. */
	urlShape: 'array' | 'string' | 'relative';
	giveEstimate: boolean;
	/** Bytes each video file has; files above 16 MB are streamed, never held in memory. */
	videoBytes: number;
	/** A real film served as every video (the `npm start` demo). */
	clip?: Buffer;
	/** 0 or less: every create answers 402. */
	balance: number;
	/** Model IDs served at GET /v1/models; null answers 404 there. */
	models: string[] | null;
	/** Replays a create sent again with the same Idempotency-Key (APIMart does; some gateways not). */
	honourIdempotency: boolean;
	/** Real ms per API second: estimated_time is reported in these units (tests scale time down). */
	msPerSecond: number;
	/** Lose every callback (a gateway or network that never delivers). */
	dropCallbacks: boolean;
	/** estimated_time = real duration × this (5 = five times too high). */
	estimateFactor: number;
	/** 'linear' (default), 'none' (always 0) or 'jumps' (5 % until 80 % of the time, then 95 %). */
	progressMode: 'linear' | 'none' | 'jumps';
	/** Answer every n-th status request with 429 (0 = never). */
	rateLimitEvery: number;
	/** The Retry-After (seconds) of those 429s; null sends none. */
	rateLimitRetryAfter: number | null;
	/** Other words for the task states, as some gateways use: { processing: 'in_progress', ... }. */
	statusWords: Record<string, string>;
	/** A gateway that echoes the caller's API key inside the task object. */
	echoKey: boolean;
	/** GET /v1/balance and /v1/user/balance: remaining (-1: an unlimited key) and used. */
	remainBalance: number;
	usedBalance: number;
	/** false: the gateway does not serve the balance endpoints (404). */
	balanceEndpoints: boolean;
	/** A message: the balance endpoints answer HTTP 200 with success: false and it. */
	balanceError: string | null;
}

export const DEFAULTS: SimulatorConfig = {
	apiKey: 'sk-sim-valid-key-0123456789',
	taskDurationMs: 1500,
	latencyMs: 0,
	createShape: 'array',
	tasksPerCreate: 1,
	reportTaskModel: true,
	remixTakesWebhook: true,
	urlShape: 'array',
	giveEstimate: true,
	videoBytes: 4096,
	balance: Infinity,
	models: [
		'veo3.1-fast-official',
		'gpt-4o-mini',
		'veo3.1-quality-official',
		'veo3.1-lite-official',
		'veo3-pro-preview',
		// The other channel (docs/API.md): another body, and the only models a remix extends.
		'veo3.1-fast',
		'veo3.1-quality',
		'veo3.1-lite',
	],
	honourIdempotency: true,
	msPerSecond: 1000,
	dropCallbacks: false,
	estimateFactor: 1,
	progressMode: 'linear',
	rateLimitEvery: 0,
	rateLimitRetryAfter: 1,
	statusWords: {},
	echoKey: false,
	remainBalance: 10.5,
	usedBalance: 2.3,
	balanceEndpoints: true,
	balanceError: null,
};
