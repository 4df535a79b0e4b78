// A gateway that misbehaves on purpose, from a plan the fuzz suite generates: each route takes
// its answers from a list of faults, in order, and behaves when the list is used up. It logs
// every request with when it arrived and when its connection closed, so the suite can check
// the node's promises (test/fuzz.test.ts). A third server stands for an internal service that
// a download must never reach.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { makeMp4 } from './sim';

export type CreateFault =
	| 'ok'
	| 'code201'
	| 'code1'
	| 'code0'
	| 'successTrue'
	| 'queued202'
	| 'numericId'
	| 'keyInId'
	| '429'
	| '429now'
	| 'channel500'
	| '503'
	| 'dropAfter'
	| 'trickle'
	| 'hang'
	| 'balance402in200';

export type TaskFault =
	| 'ok'
	| '404'
	| 'code429in200'
	| 'code503in200'
	| 'dataNull'
	| 'html'
	| 'trickle'
	| 'hang'
	| 'completedNoUrls'
	| 'huge'
	| 'deep'
	| 'constructorWord'
	| 'oddTimestamps'
	| '429retryAfter0';

export type FileFault =
	| 'ok'
	| 'empty'
	| 'ftypOnly'
	| 'expiredText'
	| 'gif'
	| 'html'
	| 'redirectPrivate'
	| 'stall'
	| '503'
	| 'dropMidway';

export type Outcome = 'completed' | 'failed' | 'cancelled' | 'rejectedWithReason';
export type UrlShape =
	| 'one'
	| 'duplicates'
	| 'many'
	| 'withBadSchemes'
	| 'privateFirst'
	| 'relative';

export interface GatewayPlan {
	honourIdempotency: boolean;
	create: CreateFault[];
	task: TaskFault[];
	file: FileFault[];
	outcomes: Outcome[];
	urlShape: UrlShape;
	/** How long a task runs (ms of the tests' virtual clock). */
	taskMs: number;
}

export interface LoggedCall {
	route: 'create' | 'task' | 'file' | 'private';
	at: number;
	closedAt?: number;
	path: string;
	authorization?: string;
	idempotencyKey?: string;
	prompt?: string;
}

interface Task {
	id: string;
	createdAt: number;
	prompt: string;
	outcome: Outcome;
	samples: number;
}

const VIDEO = makeMp4(4096, 'fuzz');

export class HostileGateway {
	readonly apiKey = 'sk-fuzz-secret-key-4242';
	plan!: GatewayPlan;
	calls: LoggedCall[] = [];
	tasks = new Map<string, Task>();
	/** The bytes of every real video this gateway served: nothing else may be stored as one. */
	readonly video = VIDEO;
	private keys = new Map<string, Task>();
	private seq = 0;
	private servers: http.Server[] = [];

	baseUrl = '';
	fileUrl = '';
	privateUrl = '';

	async start() {
		const [api, files, internal] = await Promise.all([
			this.listen((req, res) => this.api(req, res)),
			this.listen((req, res) => this.file(req, res)),
			this.listen((req, res) => {
				this.log(req, 'private');
				res.end('internal service secret');
			}),
		]);
		this.baseUrl = api;
		this.fileUrl = files;
		this.privateUrl = internal;
		return this;
	}

	async stop() {
		for (const server of this.servers) server.closeAllConnections();
		await Promise.all(this.servers.map(async (s) => await new Promise((r) => s.close(r))));
	}

	reset(plan: GatewayPlan) {
		this.plan = {
			...plan,
			create: [...plan.create],
			task: [...plan.task],
			file: [...plan.file],
			outcomes: [...plan.outcomes],
		};
		this.calls = [];
		this.tasks.clear();
		this.keys.clear();
	}

	private async listen(handler: http.RequestListener): Promise<string> {
		const server = http.createServer(handler);
		this.servers.push(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	private log(req: http.IncomingMessage, route: LoggedCall['route'], prompt?: string) {
		const call: LoggedCall = {
			route,
			at: Date.now(),
			path: req.url ?? '',
			authorization: req.headers.authorization,
			idempotencyKey: req.headers['idempotency-key'] as string | undefined,
			prompt,
		};
		req.socket.once('close', () => (call.closedAt = Date.now()));
		this.calls.push(call);
		return call;
	}

	private send(res: http.ServerResponse, status: number, body: unknown, headers = {}) {
		res.writeHead(status, { 'content-type': 'application/json', ...headers });
		res.end(typeof body === 'string' ? body : JSON.stringify(body));
	}

	/** Sends `text` one byte a second until it is done or the client goes away. */
	private trickle(res: http.ServerResponse, text: string) {
		res.writeHead(200, { 'content-type': 'application/json' });
		let i = 0;
		const timer = setInterval(() => {
			if (res.destroyed || i >= text.length) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(text[i++]);
		}, 1000);
		res.on('close', () => clearInterval(timer));
	}

	private async api(req: http.IncomingMessage, res: http.ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://x');
		if (req.headers.authorization !== `Bearer ${this.apiKey}`)
			return this.send(res, 401, { error: { message: 'bad key' } });
		if (req.method === 'POST' && url.pathname === '/v1/videos/generations') {
			const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
			this.log(req, 'create', body.prompt);
			return this.create(req, res, body);
		}
		const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
		if (req.method === 'GET' && match) {
			this.log(req, 'task');
			return this.task(res, decodeURIComponent(match[1]));
		}
		if (req.method === 'GET' && url.pathname.startsWith('/videos/')) return this.file(req, res);
		this.send(res, 404, { message: 'no such route' });
	}

	private newTask(body: { prompt?: string; sample_count?: number }, key?: string): Task {
		if (key && this.plan.honourIdempotency && this.keys.has(key)) return this.keys.get(key)!;
		const fault = this.plan.create[0];
		const id =
			fault === 'keyInId'
				? `task_${this.apiKey}_${++this.seq}`
				: fault === 'numericId'
					? String(1000 + ++this.seq)
					: `task_F${++this.seq}`;
		const task: Task = {
			id,
			createdAt: Date.now(),
			prompt: String(body.prompt ?? ''),
			outcome: this.plan.outcomes.shift() ?? 'completed',
			samples: Number(body.sample_count ?? 1),
		};
		this.tasks.set(id, task);
		if (key && this.plan.honourIdempotency) this.keys.set(key, task);
		return task;
	}

	private create(req: http.IncomingMessage, res: http.ServerResponse, body: { prompt?: string }) {
		const fault = this.plan.create.shift() ?? 'ok';
		const key = req.headers['idempotency-key'] as string | undefined;
		if (fault === '429') return this.send(res, 429, { error: { message: 'slow down' } });
		if (fault === '429now')
			return this.send(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' });
		if (fault === 'channel500')
			return this.send(res, 500, {
				error: {
					message: 'Please wait and try again later (request id: 1)',
					type: 'apimart_error',
					code: 'get_channel_failed',
				},
			});
		if (fault === 'balance402in200')
			return this.send(res, 200, { code: 402, msg: 'insufficient balance' });
		// Every other fault creates (and bills) the task first.
		this.plan.create.unshift(fault);
		const task = this.newTask(body, key);
		this.plan.create.shift();
		const id = fault === 'numericId' ? Number(task.id) : task.id;
		if (fault === '503') return this.send(res, 503, { error: { message: 'upstream busy' } });
		if (fault === 'dropAfter') return req.socket.destroy();
		if (fault === 'hang') return;
		const answers: Record<string, [number, unknown]> = {
			code201: [200, { code: 201, data: { id, status: 'submitted' } }],
			code1: [200, { code: 1, data: [{ task_id: id, status: 'submitted' }] }],
			code0: [200, { code: 0, data: { id, status: 'submitted' } }],
			successTrue: [200, { success: true, data: { id } }],
			queued202: [202, { code: 202, data: { id, status: 'queued' }, request_id: 'r1' }],
		};
		const [status, answer] = answers[fault] ?? [
			200,
			{ code: 200, data: [{ status: 'submitted', task_id: id }] },
		];
		if (fault === 'trickle') return this.trickle(res, JSON.stringify(answer));
		this.send(res, status, answer);
	}

	private urls(task: Task): unknown[] {
		const file = (n: number) => `${this.fileUrl}/videos/${encodeURIComponent(task.id)}_${n}.mp4`;
		const own = Array.from({ length: task.samples }, (_, n) => file(n));
		switch (this.plan.urlShape) {
			case 'duplicates':
				return [...own, ...own, own[0]];
			case 'many':
				return [
					...own,
					...Array.from({ length: 300 }, (_, n) => `${this.fileUrl}/videos/extra_${n}.mp4`),
				];
			case 'withBadSchemes':
				return ['javascript:alert(1)', 'file:///etc/passwd', ...own];
			case 'privateFirst':
				return [`${this.privateUrl}/latest/meta-data`, 'http://169.254.169.254/latest/', ...own];
			case 'relative':
				return own.map((u) => new URL(u).pathname);
			default:
				return own;
		}
	}

	private task(res: http.ServerResponse, id: string) {
		const fault = this.plan.task.shift() ?? 'ok';
		const task = this.tasks.get(id);
		if (fault === 'hang') return;
		if (fault === '404' || !task)
			return this.send(res, 404, { code: 404, message: `task ${id} not found` });
		if (fault === 'code429in200') return this.send(res, 200, { code: 429, msg: 'rate limited' });
		if (fault === '429retryAfter0')
			return this.send(res, 429, { error: { message: 'rate' } }, { 'retry-after': '0' });
		if (fault === 'code503in200') return this.send(res, 200, { code: 503, msg: 'busy' });
		if (fault === 'dataNull') return this.send(res, 200, { code: 200, data: null });
		if (fault === 'html')
			return this.send(res, 200, '<!doctype html><title>Welcome</title>', {
				'content-type': 'text/html',
			});
		if (fault === 'huge')
			return this.send(res, 200, {
				code: 200,
				data: { id, status: 'processing', junk: 'x'.repeat(2_000_000) },
			});
		if (fault === 'deep')
			return this.send(res, 200, `{"code":200,"data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
		const done = Date.now() - task.createdAt >= this.plan.taskMs;
		const data: Record<string, unknown> = {
			id: task.id,
			status: done ? 'completed' : 'processing',
			progress: done ? 100 : 50,
		};
		if (fault === 'constructorWord') data.status = 'constructor';
		if (fault === 'oddTimestamps')
			Object.assign(data, { created: task.createdAt * 1000, estimated_time: 'soon' });
		if (done && fault !== 'constructorWord') {
			if (task.outcome === 'completed') {
				data.result = {
					videos:
						fault === 'completedNoUrls'
							? []
							: [
									{
										url: this.urls(task),
										expires_at:
											fault === 'oddTimestamps'
												? Date.now() * 1000
												: Math.floor(Date.now() / 1000) + 86400,
									},
								],
				};
				data.cost = 0.4;
			} else if (task.outcome === 'rejectedWithReason') {
				Object.assign(data, {
					status: 'moderated_out',
					fail_reason: 'blocked by the safety filter',
				});
			} else {
				Object.assign(data, {
					status: task.outcome,
					error: { code: '', message: `task ${task.outcome}` },
				});
			}
		}
		const body = JSON.stringify({ code: 200, data });
		if (fault === 'trickle') return this.trickle(res, body);
		this.send(res, 200, body);
	}

	private file(req: http.IncomingMessage, res: http.ServerResponse) {
		this.log(req, 'file');
		const fault = this.plan.file.shift() ?? 'ok';
		const video = (type = 'video/mp4', body: Buffer = VIDEO) => {
			res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) });
			res.end(body);
		};
		switch (fault) {
			case 'empty':
				return video('video/mp4', Buffer.alloc(0));
			case 'ftypOnly':
				return video('video/mp4', VIDEO.subarray(0, 12));
			case 'expiredText':
				return video('video/mp4', Buffer.from('expired'));
			case 'gif':
				return video('video/mp4', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(2000)]));
			case 'html':
				return video(
					'application/octet-stream',
					Buffer.from(`<html><body>${'x'.repeat(2000)}</body></html>`),
				);
			case 'redirectPrivate':
				res.writeHead(302, { location: `${this.privateUrl}/admin` });
				return res.end();
			case 'stall':
				res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
				return res.write(VIDEO.subarray(0, 100));
			case '503':
				return this.send(res, 503, { message: 'busy' });
			case 'dropMidway':
				res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
				res.write(VIDEO.subarray(0, 1000));
				return setTimeout(() => req.socket.destroy(), 5);
			default:
				return video();
		}
	}
}
