/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// A gateway that misbehaves on purpose, from a plan the fuzz suite generates: each item's
// creates, each task's status requests and each task's files take their answers from the plan's
// lists, in order, and behave when a list is used up (per item and per task, so the order in
// which concurrent requests arrive changes nothing: a seed is the whole story). It logs every
// request with when it arrived and when its connection closed, so the suite can check the
// node's promises (test/fuzz.test.ts), and `settled()` waits until it has finished with every
// request it received, so a late effect is counted in its own run. A third server stands for an
// internal service that a download must never reach.
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
	| 'balance402in200'
	/** Too busy to look at the request for 5 s (the node has given up), then runs it. */
	| 'readLate'
	/** Creates the task, then answers 429 or 503 with its ID in the body. */
	| '429WithId'
	| '503WithId'
	/** Names the task "." or "..", which no status request can reach. */
	| 'dotId'
	| 'dotDotId';

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
	| '429retryAfter0'
	/** The task's `created` is 3 hours ago (the gateway's clock, or a task made long ago). */
	| 'ancientCreated';

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
	| 'dropMidway'
	/** One byte a second: slow enough to be a stall, never silent for long. */
	| 'trickle';

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
	/** Every task answer says the task was created 3 hours ago (a gateway clock far behind). */
	oldClock?: boolean;
	create: CreateFault[];
	task: TaskFault[];
	file: FileFault[];
	outcomes: Outcome[];
	urlShape: UrlShape;
	/** How long a task runs (ms of the tests' virtual clock). */
	taskMs: number;
}

export interface LoggedCall {
	/** 'other': any API path that is not the create or one task (a malformed status request). */
	route: 'create' | 'task' | 'file' | 'private' | 'other';
	at: number;
	closedAt?: number;
	path: string;
	authorization?: string;
	idempotencyKey?: string;
	prompt?: string;
	/** The fault it was answered with ('ok' when it behaved). */
	fault?: string;
}

interface Task {
	id: string;
	createdAt: number;
	prompt: string;
	outcome: Outcome;
	samples: number;
	/** The faults of its status requests and files still to come (the plan's lists, per task). */
	taskFaults: TaskFault[];
	fileFaults: FileFault[];
}

const VIDEO = makeMp4(4096, 'fuzz');

export class HostileGateway {
	readonly apiKey = 'sk-fuzz-secret-key-4242';
	plan!: GatewayPlan;
	calls: LoggedCall[] = [];
	/** Every task made, by a key of its own (two tasks may both be named ".."). */
	tasks = new Map<string, Task>();
	/** The bytes of every real video this gateway served: nothing else may be stored as one. */
	readonly video = VIDEO;
	private keys = new Map<string, Task>();
	private seq = 0;
	private servers: http.Server[] = [];
	/** Per prompt: the create faults still to come, and how many tasks it has had. */
	private items = new Map<string, { creates: CreateFault[]; tasks: number }>();
	/** Requests the gateway is still working on (not those it will never answer). */
	private working = 0;

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
		this.items.clear();
	}

	/** A task the gateway already has (Get Task runs): made `agoMs` before now. */
	seedTask(prompt: string, agoMs = 0): Task {
		const task = this.newTask({ prompt });
		task.createdAt = Date.now() - agoMs;
		return task;
	}

	/** Resolves once the gateway has finished every request it received (on the tests' clock). */
	async settled(): Promise<void> {
		const until = Date.now() + 60_000;
		while (this.working > 0) {
			if (Date.now() > until)
				throw new Error(`the gateway is still working on ${this.working} requests`);
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	private itemOf(prompt: string) {
		let item = this.items.get(prompt);
		if (!item) {
			item = { creates: [...this.plan.create], tasks: 0 };
			this.items.set(prompt, item);
		}
		return item;
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
	private trickle(res: http.ServerResponse, text: string | Buffer, headers = {}) {
		res.writeHead(200, { 'content-type': 'application/json', ...headers });
		const bytes = Buffer.from(text);
		let i = 0;
		const timer = setInterval(() => {
			if (res.destroyed || i >= bytes.length) {
				clearInterval(timer);
				if (!res.destroyed) res.end();
				return;
			}
			res.write(bytes.subarray(i, ++i));
		}, 1000);
		res.on('close', () => clearInterval(timer));
	}

	private async api(req: http.IncomingMessage, res: http.ServerResponse) {
		this.working++;
		try {
			await this.answer(req, res);
		} finally {
			this.working--;
		}
	}

	private async answer(req: http.IncomingMessage, res: http.ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const url = new URL(req.url ?? '/', 'http://x');
		if (req.headers.authorization !== `Bearer ${this.apiKey}`)
			return this.send(res, 401, { error: { message: 'bad key' } });
		if (req.method === 'POST' && url.pathname === '/v1/videos/generations') {
			const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
			const call = this.log(req, 'create', body.prompt);
			return await this.create(req, res, body, call);
		}
		const match = /^\/v1\/tasks\/([^/]+)$/.exec(url.pathname);
		if (req.method === 'GET' && match) {
			const call = this.log(req, 'task');
			return this.task(res, decodeURIComponent(match[1]), call);
		}
		if (req.method === 'GET' && url.pathname.startsWith('/videos/')) return this.file(req, res);
		this.log(req, 'other');
		this.send(res, 404, { message: 'no such route' });
	}

	private newTask(
		body: { prompt?: string; sample_count?: number },
		key?: string,
		fault?: string,
	): Task {
		if (key && this.plan.honourIdempotency && this.keys.has(key)) return this.keys.get(key)!;
		const prompt = String(body.prompt ?? '');
		const item = this.itemOf(prompt);
		const seq = ++this.seq;
		const ids: Record<string, string> = {
			keyInId: `task_${this.apiKey}_${seq}`,
			numericId: String(1000 + seq),
			dotId: '.',
			dotDotId: '..',
		};
		const task: Task = {
			id: ids[fault ?? ''] ?? `task_F${seq}`,
			createdAt: Date.now(),
			prompt,
			// Each item's k-th task has the k-th outcome of the plan.
			outcome: this.plan.outcomes[item.tasks++] ?? 'completed',
			samples: Number(body.sample_count ?? 1),
			taskFaults: [...this.plan.task],
			fileFaults: [...this.plan.file],
		};
		this.tasks.set(`#${seq}`, task);
		if (key && this.plan.honourIdempotency) this.keys.set(key, task);
		return task;
	}

	private async create(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		body: { prompt?: string },
		call: LoggedCall,
	) {
		const fault = this.itemOf(String(body.prompt ?? '')).creates.shift() ?? 'ok';
		call.fault = fault;
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
		if (fault === 'readLate') await new Promise((resolve) => setTimeout(resolve, 5000));
		// Every other fault creates (and bills) the task first.
		const task = this.newTask(body, key, fault);
		const id = fault === 'numericId' ? Number(task.id) : task.id;
		if (fault === '503') return this.send(res, 503, { error: { message: 'upstream busy' } });
		if (fault === '429WithId' || fault === '503WithId') {
			const status = fault === '429WithId' ? 429 : 503;
			return this.send(res, status, { code: status, data: { id, status: 'submitted' } });
		}
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
		if (!res.destroyed) this.send(res, status, answer);
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

	private findTask(id: string): Task | undefined {
		for (const task of this.tasks.values()) if (task.id === id) return task;
		return undefined;
	}

	private task(res: http.ServerResponse, id: string, call: LoggedCall) {
		const task = this.findTask(id);
		const fault = task?.taskFaults.shift() ?? 'ok';
		call.fault = fault;
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
		if (fault === 'ancientCreated' || this.plan.oldClock)
			Object.assign(data, { created: Math.floor((Date.now() - 3 * 3600_000) / 1000) });
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
		const call = this.log(req, 'file');
		const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		// /videos/<task id>_<n>.mp4: the task's own list of file faults.
		const owner = [...this.tasks.values()].find((task) => name.startsWith(`/videos/${task.id}_`));
		const fault = owner?.fileFaults.shift() ?? 'ok';
		call.fault = fault;
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
			case 'trickle':
				return this.trickle(res, VIDEO, {
					'content-type': 'video/mp4',
					'content-length': String(VIDEO.length),
				});
			case 'dropMidway':
				res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(VIDEO.length) });
				res.write(VIDEO.subarray(0, 1000));
				return setTimeout(() => req.socket.destroy(), 5);
			default:
				return video();
		}
	}
}
