'use strict';
// A local stand-in for the Veo 3.1 gateway (APIMart or a white-label one) and its video CDN.
// Plain Node http on 127.0.0.1, random ports. It implements docs/API.md (the API in our words):
// both create/task response shapes, task progress over time, failure and cancellation,
// 401/402/404/429, image uploads, and a request log that tests assert on. Faults can be
// injected per route. Used by the tests, the benchmark and `npm start`.
const http = require('node:http');
const crypto = require('node:crypto');

/** A small but real mp4 (ftyp + mdat boxes), plus deterministic payload bytes. */
function makeMp4(payloadBytes = 4096, seed = 'veo3') {
	const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
	const payload = Buffer.alloc(payloadBytes);
	let state = crypto.createHash('sha256').update(seed).digest();
	for (let offset = 0; offset < payloadBytes; offset += 32) {
		state.copy(payload, offset, 0, Math.min(32, payloadBytes - offset));
		state = crypto.createHash('sha256').update(state).digest();
	}
	const mdatHeader = Buffer.alloc(8);
	mdatHeader.writeUInt32BE(payloadBytes + 8, 0);
	mdatHeader.write('mdat', 4, 'latin1');
	return Buffer.concat([ftyp, mdatHeader, payload]);
}

const DEFAULTS = {
	apiKey: 'sk-sim-valid-key-0123456789',
	taskDurationMs: 1500,
	latencyMs: 0,
	/** 'array' → data: [{task_id,status}]; 'object' → data: {id,status}. */
	createShape: 'array',
	/** 'array' → url: [..]; 'string' → url: "..". */
	urlShape: 'array',
	giveEstimate: true,
	/** Bytes each video file has; files above 16 MB are streamed, never held in memory. */
	videoBytes: 4096,
	balance: Infinity,
	/** Model IDs served at GET /v1/models; null answers 404 there. */
	models: [
		'veo3.1-fast-official',
		'gpt-4o-mini',
		'veo3.1-quality-official',
		'veo3.1-lite-official',
		'veo3-pro-preview',
	],
	/** Replays a create sent again with the same Idempotency-Key (APIMart does; some gateways not). */
	honourIdempotency: true,
	/** Real ms per API second: estimated_time is reported in these units (tests scale time down). */
	msPerSecond: 1000,
	/** Lose every callback (a gateway or network that never delivers). */
	dropCallbacks: false,
	/** estimated_time = real duration × this (5 = five times too high). */
	estimateFactor: 1,
	/** 'linear' (default), 'none' (always 0) or 'jumps' (5 % until 80 % of the time, then 95 %). */
	progressMode: 'linear',
	/** Answer every n-th status request with 429 and Retry-After: 1 (0 = never). */
	rateLimitEvery: 0,
	/** Other words for the task states, as some gateways use: { processing: 'in_progress', ... }. */
	statusWords: {},
	/** A gateway that echoes the caller's API key inside the task object. */
	echoKey: false,
	/** GET /v1/balance and /v1/user/balance: remaining (-1: an unlimited key) and used. */
	remainBalance: 10.5,
	usedBalance: 2.3,
	/** false: the gateway does not serve the balance endpoints (404). */
	balanceEndpoints: true,
	/** A message: the balance endpoints answer HTTP 200 with success: false and it. */
	balanceError: null,
};

function createSimulator(options = {}) {
	const config = { ...DEFAULTS, ...options };
	const tasks = new Map();
	const uploads = new Map();
	/** Idempotency-Key → { body (JSON text), task } of the first create that used it. */
	const idempotency = new Map();
	const log = [];
	const fileLog = [];
	const faults = { create: [], task: [], upload: [], file: [], models: [], balance: [] };
	const stats = { createsInFlight: 0, maxCreatesInFlight: 0, tasksCreated: 0, faultsServed: {} };
	/** Callbacks sent: { taskId, url, status (or error), attempt }. */
	const callbacks = [];
	const timers = new Set();
	let seq = 0;
	let apiServer;
	let fileServer;
	const sockets = new Set();

	const fileBase = () => `http://127.0.0.1:${fileServer.address().port}`;

	function send(res, status, body, headers = {}) {
		const text = JSON.stringify(body);
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(text);
	}

	function taskState(task, now = Date.now()) {
		if (task.finalStatus) return task.finalStatus;
		const elapsed = now - task.createdAt;
		if (elapsed < task.durationMs * 0.1) return 'pending';
		if (elapsed < task.durationMs) return 'processing';
		return task.outcome;
	}

	function progressAt(share) {
		if (config.progressMode === 'none') return 0;
		if (config.progressMode === 'jumps') return share < 0.8 ? 5 : 95;
		return Math.min(99, Math.floor(share * 100));
	}

	let statusRequests = 0;

	function taskBody(task) {
		const now = Date.now();
		const status = taskState(task, now);
		const data = {
			id: task.id,
			status,
			progress: status === 'completed' ? 100 : progressAt((now - task.createdAt) / task.durationMs),
			// Unix seconds; fractional on a scaled clock (tests), where a second is a few ms.
			created:
				config.msPerSecond === 1000 ? Math.floor(task.createdAt / 1000) : task.createdAt / 1000,
		};
		if (config.giveEstimate)
			data.estimated_time = Math.max(
				1,
				Math.round((task.durationMs * config.estimateFactor) / config.msPerSecond),
			);
		if (status === 'completed') {
			if (task.firstNoticedAt === undefined) task.firstNoticedAt = now;
			data.completed = Math.floor((task.createdAt + task.durationMs) / 1000);
			data.actual_time = Math.round(task.durationMs / config.msPerSecond);
			data.progress = 100;
			data.cost = 0.4 * task.samples;
			data.credits_cost = 4 * task.samples;
			if (!task.noVideo) {
				// urlShape 'relative': links relative to the gateway, which serves the files too.
				const origin = config.urlShape === 'relative' ? '' : fileBase();
				const urls = Array.from(
					{ length: task.samples },
					(_, n) => `${origin}/videos/${task.id}_${n}.mp4`,
				);
				data.result = {
					videos: [
						{
							url: config.urlShape === 'string' && urls.length === 1 ? urls[0] : urls,
							expires_at: Math.floor(now / 1000) + 86400,
						},
					],
				};
			} else data.result = { videos: [] };
		}
		if (status === 'failed')
			data.error = {
				code: 'content_policy',
				message: 'The prompt was rejected by the safety filter',
			};
		if (config.statusWords[status]) data.status = config.statusWords[status];
		if (config.echoKey) data.request = { authorization: `Bearer ${config.apiKey}` };
		if (status === 'cancelled')
			data.error = { code: 'cancelled', message: 'The task was cancelled' };
		return { code: 200, data };
	}

	function later(ms, fn) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			fn();
		}, ms);
		timers.add(timer);
	}

	/**
	 * As APIMart does: when a task ends, POST the same JSON as GET /v1/tasks/{id} to
	 * <webhook>/callback, unsigned; retry up to 3 times (10, 30, 60 s) on 5xx or no answer.
	 */
	async function deliverCallback(task, url, attempt) {
		if (config.dropCallbacks)
			return callbacks.push({ taskId: task.id, url, status: 'dropped', attempt });
		let status;
		try {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(taskBody(task)),
				signal: AbortSignal.timeout(10_000),
			});
			status = response.status;
		} catch (error) {
			status = String(error.code ?? error.name ?? error);
		}
		callbacks.push({ taskId: task.id, url, status, attempt });
		const retry = typeof status !== 'number' || status >= 500;
		if (retry && attempt <= 3)
			later([10, 30, 60][attempt - 1] * config.msPerSecond, () =>
				deliverCallback(task, url, attempt + 1),
			);
	}

	/** Applies an injected fault; returns true when the response is already handled. */
	function applyFault(route, req, res, afterEffect) {
		const fault = faults[route].shift();
		if (!fault) return false;
		stats.faultsServed[route] = (stats.faultsServed[route] ?? 0) + 1;
		if (fault.drop === 'before') {
			req.socket.destroy();
			return true;
		}
		if (fault.drop === 'after') {
			afterEffect?.();
			req.socket.destroy();
			return true;
		}
		if (fault.truncate) {
			res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
			res.write(makeMp4(100000, 'truncated').subarray(0, 5000));
			setTimeout(() => req.socket.destroy(), 20);
			return true;
		}
		if (fault.raw !== undefined) {
			// Anything but the API's JSON: a web page, plain text.
			res.writeHead(fault.status ?? 200, { 'content-type': fault.contentType ?? 'text/html' });
			res.end(fault.raw);
			return true;
		}
		if (fault.serve) {
			// A "video" of the test's choosing: { contentType, body, noLength }.
			const headers = { 'content-type': fault.serve.contentType };
			if (!fault.serve.noLength) headers['content-length'] = String(fault.serve.body.length);
			res.writeHead(200, headers);
			res.end(fault.serve.body);
			return true;
		}
		if (fault.redirect) {
			res.writeHead(302, { location: fault.redirect });
			res.end();
			return true;
		}
		if (fault.hang) {
			if (fault.afterEffect) afterEffect?.();
			return true; // never answers; the client's timeout must end it
		}
		if (fault.status) {
			if (fault.afterEffect) afterEffect?.();
			const headers =
				fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
			send(
				res,
				fault.status,
				fault.body ?? { code: fault.status, error: { message: `injected ${fault.status}` } },
				headers,
			);
			return true;
		}
		return false;
	}

	function authorized(req, res) {
		if (req.headers.authorization !== `Bearer ${config.apiKey}`) {
			send(res, 401, {
				error: { code: 401, message: 'Invalid API key', type: 'authentication_error' },
			});
			return false;
		}
		return true;
	}

	function createTask(body, key) {
		const prompt = String(body.prompt ?? '');
		const id = `task_${Date.now().toString(36).toUpperCase()}${(++seq).toString().padStart(4, '0')}`;
		const task = {
			id,
			createdAt: Date.now(),
			durationMs: config.taskDurationMs,
			outcome: prompt.includes('[fail]')
				? 'failed'
				: prompt.includes('[cancel]')
					? 'cancelled'
					: 'completed',
			noVideo: prompt.includes('[novideo]'),
			samples: Number(body.sample_count ?? 1),
			body,
		};
		const match = /\[duration=(\d+)ms\]/.exec(prompt);
		if (match) task.durationMs = (Number(match[1]) * config.msPerSecond) / 1000;
		tasks.set(id, task);
		stats.tasksCreated++;
		if (key && config.honourIdempotency) idempotency.set(key, { body: JSON.stringify(body), task });
		if (typeof body.webhook === 'string' && body.webhook && task.outcome !== 'cancelled') {
			later(task.durationMs + 5, () =>
				deliverCallback(task, `${body.webhook.replace(/\/+$/, '')}/callback`, 1),
			);
		}
		return task;
	}

	function validateCreate(body) {
		if (typeof body.model !== 'string' || !body.model) return 'model is required';
		if (typeof body.prompt !== 'string' || !body.prompt) return 'prompt is required';
		if (body.duration !== undefined && ![4, 6, 8].includes(body.duration))
			return 'duration must be the number 4, 6 or 8';
		if (body.last_frame_image && !body.first_frame_image)
			return 'last_frame_image requires first_frame_image';
		if (body.resize_mode && !body.first_frame_image)
			return 'resize_mode is only for image-to-video';
		return undefined;
	}

	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		return Buffer.concat(chunks);
	}

	function parseMultipart(raw, contentType) {
		const boundary = /boundary=(.+)$/.exec(contentType ?? '')?.[1];
		if (!boundary) return undefined;
		const text = raw.toString('latin1');
		const start = text.indexOf('\r\n\r\n');
		const end = text.lastIndexOf(`\r\n--${boundary}--`);
		const head = text.slice(0, start);
		if (!/name="file"/.test(head) || start < 0 || end < 0) return undefined;
		return {
			data: raw.subarray(start + 4, end),
			contentType: /Content-Type: ([^\r\n]+)/i.exec(head)?.[1],
			filename: /filename="([^"]*)"/.exec(head)?.[1],
		};
	}

	async function handleApi(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		// When the request arrived (its body may take longer).
		const arrived = Date.now();
		const raw = await readBody(req);
		const entry = {
			at: arrived,
			method: req.method,
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
		log.push(entry);
		const isCreate = req.method === 'POST' && url.pathname === '/v1/videos/generations';
		if (isCreate) {
			stats.createsInFlight++;
			stats.maxCreatesInFlight = Math.max(stats.maxCreatesInFlight, stats.createsInFlight);
		}
		if (config.latencyMs) await new Promise((resolve) => setTimeout(resolve, config.latencyMs));

		if (isCreate) {
			try {
				if (config.createHoldMs)
					await new Promise((resolve) => setTimeout(resolve, config.createHoldMs));
				if (!authorized(req, res)) return;
				const body = entry.body;
				if (!body || typeof body !== 'object')
					return send(res, 400, { code: 400, message: 'body must be JSON' });
				const key = config.honourIdempotency ? req.headers['idempotency-key'] : undefined;
				const answer = (task, headers) =>
					send(
						res,
						200,
						{
							code: 200,
							data:
								config.createShape === 'object'
									? { id: task.id, status: 'submitted' }
									: [{ status: 'submitted', task_id: task.id }],
						},
						headers,
					);
				const seen = key ? idempotency.get(key) : undefined;
				if (seen && seen.body !== JSON.stringify(body)) {
					return send(res, 409, {
						error: {
							code: 'idempotency_key_reused',
							message: 'Idempotency-Key was used with another request body',
							type: 'idempotency_error',
						},
					});
				}
				if (seen) return answer(seen.task, { 'idempotency-replayed': 'true' });
				if (applyFault('create', req, res, () => createTask(body, key))) return;
				const problem = validateCreate(body);
				if (problem)
					return send(res, 400, {
						code: 400,
						error: { message: problem, type: 'invalid_request' },
					});
				if (config.balance <= 0)
					return send(res, 402, { code: 402, msg: 'Insufficient balance, please top up' });
				return answer(createTask(body, key));
			} finally {
				stats.createsInFlight--;
			}
		}
		if (req.method === 'GET' && url.pathname.startsWith('/videos/')) return handleFile(req, res);
		if (req.method === 'GET' && url.pathname === '/v1/models') {
			// OpenAI-style model list, as many gateways serve it (null: this gateway has none).
			if (!authorized(req, res)) return;
			if (applyFault('models', req, res)) return;
			if (!config.models) return send(res, 404, { code: 404, message: 'no such route' });
			return send(res, 200, {
				object: 'list',
				data: config.models.map((id) => ({ id, object: 'model' })),
			});
		}
		const taskMatch = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
		if (req.method === 'GET' && taskMatch) {
			if (!authorized(req, res)) return;
			const id = decodeURIComponent(taskMatch[1]);
			if (applyFault('task', req, res)) return;
			if (config.rateLimitEvery && ++statusRequests % config.rateLimitEvery === 0) {
				return send(
					res,
					429,
					{ error: { code: 429, message: 'rate limited' } },
					{ 'retry-after': '1' },
				);
			}
			const task = tasks.get(id);
			if (!task) return send(res, 404, { code: 404, message: `task ${id} not found` });
			return send(res, 200, taskBody(task));
		}
		if (req.method === 'POST' && url.pathname === '/v1/uploads/images') {
			if (!authorized(req, res)) return;
			if (applyFault('upload', req, res)) return;
			const part = parseMultipart(raw, req.headers['content-type']);
			if (!part)
				return send(res, 400, { code: 400, message: 'multipart field "file" is required' });
			const name = `img_${++seq}_${part.filename || 'image'}`;
			uploads.set(name, part);
			return send(res, 200, {
				url: `${fileBase()}/images/${encodeURIComponent(name)}`,
				filename: part.filename,
				content_type: part.contentType,
				bytes: part.data.length,
				created_at: Math.floor(Date.now() / 1000),
			});
		}
		if (req.method === 'GET' && ['/v1/balance', '/v1/user/balance'].includes(url.pathname)) {
			if (!authorized(req, res)) return;
			if (applyFault('balance', req, res)) return;
			if (!config.balanceEndpoints) return send(res, 404, { code: 404, message: 'no such route' });
			if (config.balanceError)
				return send(res, 200, { success: false, message: config.balanceError });
			const account = url.pathname === '/v1/user/balance';
			return send(res, 200, {
				success: true,
				remain_balance:
					account && config.remainBalance !== -1 ? config.remainBalance * 10 : config.remainBalance,
				used_balance: account ? config.usedBalance * 10 : config.usedBalance,
				unlimited_quota: config.remainBalance === -1,
			});
		}
		if (req.method === 'POST' && url.pathname === '/llm/v1/chat/completions') {
			const completion = fakeChatCompletion(entry.body ?? {});
			if (!entry.body?.stream) return send(res, 200, completion);
			// Streamed (n8n 1.x's AI Agent asks for it): the same answer as one chunk, then [DONE].
			const { message, finish_reason } = completion.choices[0];
			const delta = {
				...message,
				tool_calls: message.tool_calls?.map((call, index) => ({ index, ...call })),
			};
			const chunk = {
				...completion,
				object: 'chat.completion.chunk',
				choices: [{ index: 0, delta, finish_reason }],
			};
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			return res.end(`data: ${JSON.stringify(chunk)}\n\ndata: [DONE]\n\n`);
		}
		if (req.method === 'GET' && url.pathname === '/__sim/report') {
			// For the benchmark: when each task finished and when a poll first saw it finished.
			const polls = {};
			for (const entry of log) {
				const id = /^\/v1\/tasks\/(.+)$/.exec(entry.path)?.[1];
				if (id) polls[id] = (polls[id] ?? 0) + 1;
			}
			return send(res, 200, {
				videosServed: fileLog.filter((entry) => entry.path.startsWith('/videos/')).length,
				tasks: [...tasks.values()].map((task) => ({
					id: task.id,
					prompt: task.body.prompt,
					createdAt: task.createdAt,
					finishedAt: task.createdAt + task.durationMs,
					firstNoticedAt: task.firstNoticedAt ?? null,
					polls: polls[task.id] ?? 0,
				})),
				maxCreatesInFlight: stats.maxCreatesInFlight,
				callbacks,
			});
		}
		if (req.method === 'POST' && url.pathname === '/__sim/reset') {
			tasks.clear();
			idempotency.clear();
			log.length = 0;
			fileLog.length = 0;
			stats.maxCreatesInFlight = 0;
			return send(res, 200, { ok: true });
		}
		send(res, 404, { code: 404, message: 'no such route' });
	}

	function handleFile(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		fileLog.push({
			at: Date.now(),
			method: req.method,
			path: url.pathname,
			headers: { ...req.headers },
		});
		if (applyFault('file', req, res)) return;
		if (url.pathname.startsWith('/images/')) {
			const part = uploads.get(decodeURIComponent(url.pathname.slice('/images/'.length)));
			if (!part) return send(res, 404, { message: 'no such image' });
			res.writeHead(200, { 'content-type': part.contentType ?? 'application/octet-stream' });
			return res.end(part.data);
		}
		const video = /^\/videos\/(.+)_(\d+)\.mp4$/.exec(url.pathname);
		if (!video || !tasks.has(video[1])) return send(res, 404, { message: 'no such video' });
		if (config.clip) {
			// A real film (the `npm start` demo), the same for every task.
			res.writeHead(200, {
				'content-type': 'video/mp4',
				'content-length': String(config.clip.length),
			});
			return res.end(config.clip);
		}
		const size = config.videoBytes;
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size + 32) });
		if (size <= 16 * 1024 * 1024) return res.end(makeMp4(size, `${video[1]}_${video[2]}`));
		// Large files: stream a real mp4 header and then chunks, without holding the file.
		const chunk = makeMp4(1024 * 1024 - 32, 'chunk').subarray(32);
		res.write(makeMp4(0, 'head').subarray(0, 24));
		const mdat = Buffer.alloc(8);
		mdat.writeUInt32BE(size + 8, 0);
		mdat.write('mdat', 4, 'latin1');
		res.write(mdat);
		let left = size;
		const pump = () => {
			while (left > 0) {
				const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
				left -= piece.length;
				if (!res.write(piece)) return res.once('drain', pump);
			}
			res.end();
		};
		pump();
	}

	/**
	 * A scripted OpenAI-compatible chat model for the AI-agent end-to-end test: first it calls the
	 * first tool it is offered (filling every string argument with a prompt), then it answers
	 * with what the tool returned.
	 */
	function fakeChatCompletion(body) {
		const messages = body.messages ?? [];
		const toolResult = messages.filter((message) => message.role === 'tool').pop();
		const base = {
			id: `chatcmpl-${++seq}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model ?? 'fake',
		};
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (toolResult || !body.tools?.length) {
			const content = `Your video is ready. Tool result: ${typeof toolResult?.content === 'string' ? toolResult.content : JSON.stringify(toolResult?.content ?? null)}`;
			return {
				...base,
				choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
				usage,
			};
		}
		const tool = body.tools[0].function;
		const args = {};
		for (const [name, schema] of Object.entries(tool.parameters?.properties ?? {})) {
			if (schema.type === 'string') args[name] = 'a red kite flying over green hills';
		}
		const call = {
			id: `call_${seq}`,
			type: 'function',
			function: { name: tool.name, arguments: JSON.stringify(args) },
		};
		return {
			...base,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: null, tool_calls: [call] },
					finish_reason: 'tool_calls',
				},
			],
			usage,
		};
	}

	function listen(server) {
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		return new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
	}

	return {
		config,
		tasks,
		log,
		fileLog,
		stats,
		callbacks,
		/** Queue faults for a route: 'create' | 'task' | 'upload' | 'file'. */
		inject(route, ...list) {
			faults[route].push(...list);
		},
		clear() {
			log.length = 0;
			fileLog.length = 0;
			callbacks.length = 0;
			for (const route of Object.keys(faults)) faults[route].length = 0;
			stats.maxCreatesInFlight = 0;
			stats.tasksCreated = 0;
			stats.faultsServed = {};
		},
		requests(method, pathPrefix) {
			return log.filter(
				(entry) =>
					(!method || entry.method === method) &&
					(!pathPrefix || entry.path.startsWith(pathPrefix)),
			);
		},
		get baseUrl() {
			return `http://127.0.0.1:${apiServer.address().port}`;
		},
		get fileUrl() {
			return fileBase();
		},
		videoBytesFor(taskId, sample = 0) {
			return makeMp4(config.videoBytes, `${taskId}_${sample}`);
		},
		async start() {
			apiServer = http.createServer((req, res) => {
				handleApi(req, res).catch((error) => send(res, 500, { message: String(error) }));
			});
			fileServer = http.createServer(handleFile);
			const apiPort = options.port;
			delete options.port;
			await listen(fileServer);
			options.port = apiPort;
			await listen(apiServer);
			return this;
		},
		async stop() {
			for (const timer of timers) clearTimeout(timer);
			for (const socket of sockets) socket.destroy();
			await Promise.all(
				[apiServer, fileServer].map(
					(server) => new Promise((resolve) => server.close(() => resolve())),
				),
			);
		},
	};
}

module.exports = { createSimulator, makeMp4 };

if (require.main === module) {
	// `node test/simulator.js`: a stand-alone gateway for `npm start`, the benchmark and by hand.
	// Settings come from the environment; the first line printed is JSON with the addresses.
	const env = process.env;
	const sim = createSimulator({
		port: Number(env.SIM_PORT ?? 0) || undefined,
		apiKey: env.SIM_API_KEY ?? DEFAULTS.apiKey,
		taskDurationMs: Number(env.SIM_TASK_MS ?? 20000),
		latencyMs: Number(env.SIM_LATENCY_MS ?? 0),
		videoBytes: Number(env.SIM_VIDEO_BYTES ?? 2 * 1024 * 1024),
		dropCallbacks: env.SIM_DROP_CALLBACKS === '1',
		msPerSecond: Number(env.SIM_MS_PER_SECOND ?? 1000),
		estimateFactor: Number(env.SIM_ESTIMATE_FACTOR ?? 1),
		giveEstimate: env.SIM_NO_ESTIMATE !== '1',
		progressMode: env.SIM_PROGRESS ?? 'linear',
		rateLimitEvery: Number(env.SIM_429_EVERY ?? 0),
		// SIM_CLIP=path: serve this file as every video (the demo's playable clip).
		clip: env.SIM_CLIP ? require('node:fs').readFileSync(env.SIM_CLIP) : undefined,
	});
	sim.start().then(() => {
		console.log(
			JSON.stringify({ baseUrl: sim.baseUrl, fileUrl: sim.fileUrl, apiKey: sim.config.apiKey }),
		);
	});
	const stop = () => sim.stop().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
