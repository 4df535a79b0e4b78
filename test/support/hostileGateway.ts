/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets,
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// A gateway that misbehaves on purpose, from a plan the fuzz suite generates: each item's paid
// requests (creates, or Extend Video's remixes of the run's original), each task's status
// requests and each task's files take their answers from the plan's lists, in order, and behave
// when a list is used up (per item and per task, so the order in which concurrent requests
// arrive changes nothing: a seed is the whole story). It serves both channels' bodies (a task
// made with enable_gif has GIF files) and refuses a body that mixes them. It logs every request
// with when it arrived and when its connection closed, and notes which tasks an answer that
// reached the node named, so the suite can check the node's promises (test/fuzz.test.ts);
// `settled()` waits until it has finished with every request it received, so a late effect is
// counted in its own run. A third server stands for an internal service that a download must
// never reach.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { makeGif } from '../simulator/gif';
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
	| 'dotDotId'
	/**
	 * Creates two or three tasks (each paid) and names them all in one list; their IDs share a stem
	 * (one is the start of the first's, the first is the start of the third's), so only a check
	 * that reads a whole ID tells them apart.
	 */
	| 'severalTasks';

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
	/** A real GIF, labelled video/mp4: right for a GIF task, not for a video one. */
	| 'gif'
	/** A real MP4: right for a video task, not for a GIF one. */
	| 'mp4'
	/** A GIF header and a few bytes, labelled image/gif. */
	| 'tinyGif'
	| 'html'
	/** A web page labelled image/gif. */
	| 'htmlAsGif'
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

/** The models an original of Extend Video may have been made with (the gateway extends two). */
export type OriginalModel = 'veo3.1-fast' | 'veo3.1-quality' | 'veo3.1-lite';
export const EXTENDABLE: readonly string[] = ['veo3.1-fast', 'veo3.1-quality'];

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
	/**
	 * Extend Video's original (finished before the run): the model that made it, whether its task
	 * answer names that model, and the faults of its status requests.
	 */
	original?: { model: OriginalModel; namesModel: boolean; faults: TaskFault[] };
}

export interface LoggedCall {
	/**
	 * 'remix': POST /v1/videos/<id>/remix; 'other': any API path that is not the create, a remix
	 * or one task (a malformed status request).
	 */
	route: 'create' | 'remix' | 'task' | 'file' | 'private' | 'other';
	at: number;
	closedAt?: number;
	path: string;
	authorization?: string;
	idempotencyKey?: string;
	prompt?: string;
	/** The fault it was answered with ('ok' when it behaved). */
	fault?: string;
	/** A paid request's model, and (a remix) the original's ID. */
	model?: string;
	remixOf?: string;
	/** A body its channel does not take (answered 400). */
	bodyProblem?: string;
	/** A remix the gateway refused (answered 4xx: no task). */
	refused?: string;
}

export interface Task {
	id: string;
	createdAt: number;
	prompt: string;
	outcome: Outcome;
	samples: number;
	/** The paid request's answer that made it: the tasks of one answer share it. */
	group: number;
	/** The first task its answer named: the one the item follows. */
	lead: boolean;
	/** Made with enable_gif: its files are GIFs. */
	gif: boolean;
	model?: string;
	/** Its task answer names its model. */
	namesModel?: boolean;
	/** Extend Video's original (made before the run, never bought by the node). */
	original?: boolean;
	/** When an answer that names it reached the node in full (undefined: none did). */
	toldAt?: number;
	/** The faults of its status requests and files still to come (the plan's lists, per task). */
	taskFaults: TaskFault[];
	fileFaults: FileFault[];
}

const VIDEO = makeMp4(4096, 'fuzz');
const GIF = makeGif(2048, 'fuzz');

/** The veo3.1 channel's models and what each channel's body must not carry (docs/API.md). */
const CHANNEL_MODELS = ['veo3.1-fast', 'veo3.1-quality', 'veo3.1-lite'];
const OFFICIAL_ONLY = [
	'negative_prompt',
	'seed',
	'sample_count',
	'generate_audio',
	'person_generation',
	'resize_mode',
	'enhance_prompt',
	'first_frame_image',
	'last_frame_image',
];
const CHANNEL_ONLY = ['enable_gif', 'official_fallback', 'image_urls', 'generation_type'];
const REMIX_FIELDS = ['model', 'prompt', 'raw', 'aspect_ratio', 'resolution'];

type Body = Record<string, unknown>;

/** Why a paid request's body is not its channel's (the fuzz suite sends no images). */
function bodyProblem(body: Body, remix: boolean): string | undefined {
	if (typeof body.prompt !== 'string' || !body.prompt) return 'no prompt';
	const model = String(body.model);
	if (remix) {
		const extra = Object.keys(body).find((field) => !REMIX_FIELDS.includes(field));
		if (extra) return `${extra} in a remix`;
		return EXTENDABLE.includes(model) ? undefined : `a remix with model ${model}`;
	}
	const channel = CHANNEL_MODELS.includes(model);
	const wrong = Object.keys(body).find((field) =>
		(channel ? OFFICIAL_ONLY : CHANNEL_ONLY).includes(field),
	);
	if (wrong) return `${wrong} for ${model}`;
	if (channel && body.duration !== 8) return `duration ${String(body.duration)} for ${model}`;
	return undefined;
}

export class HostileGateway {
	readonly apiKey = 'sk-fuzz-secret-key-4242';
	plan!: GatewayPlan;
	calls: LoggedCall[] = [];
	/** Every task made, by a key of its own (two tasks may both be named ".."). */
	tasks = new Map<string, Task>();
	/** The bytes of every real video this gateway served: nothing else may be stored as one. */
	readonly video = VIDEO;
	/** And of every real GIF (a task made with enable_gif). */
	readonly gif = GIF;
	/** Extend Video's original in this run (seedOriginal). */
	original?: Task;
	/** Per Idempotency-Key (when honoured): the tasks its first answer made. */
	private keys = new Map<string, Task[]>();
	private groups = 0;
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
		this.original = undefined;
	}

	/** A task the gateway already has (Get Task runs): made `agoMs` before now. */
	seedTask(prompt: string, agoMs = 0, gif = false): Task {
		const [task] = this.newTasks({ prompt, enable_gif: gif });
		task.createdAt = Date.now() - agoMs;
		return task;
	}

	/** Extend Video's original: finished a minute ago, made and answered as the plan says. */
	seedOriginal(): Task {
		const { model, namesModel, faults } = this.plan.original ?? {
			model: 'veo3.1-fast',
			namesModel: true,
			faults: [],
		};
		const [task] = this.newTasks({ prompt: 'the original', model });
		Object.assign(task, {
			createdAt: Date.now() - 60_000,
			outcome: 'completed',
			namesModel,
			original: true,
			taskFaults: [...faults],
		});
		this.original = task;
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
		const remix = /^\/v1\/videos\/([^/]+)\/remix$/.exec(url.pathname);
		if (req.method === 'POST' && (url.pathname === '/v1/videos/generations' || remix)) {
			const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Body;
			const call = this.log(req, remix ? 'remix' : 'create', String(body.prompt ?? ''));
			call.model = String(body.model);
			call.bodyProblem = bodyProblem(body, Boolean(remix));
			if (call.bodyProblem)
				return this.send(res, 400, { error: { message: call.bodyProblem, code: 'bad_body' } });
			if (remix) {
				call.remixOf = decodeURIComponent(remix[1]);
				call.refused = this.remixRefusal(call.remixOf, String(body.model));
				if (call.refused)
					return this.send(res, call.refused.includes('not found') ? 404 : 400, {
						error: { message: call.refused, type: 'invalid_request_error' },
					});
			}
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

	/**
	 * The tasks one paid request makes (`count`, one unless the answer names several), or those its
	 * Idempotency-Key made before when the gateway honours keys.
	 */
	private newTasks(body: Body, key?: string, fault?: string, count = 1): Task[] {
		if (key && this.plan.honourIdempotency && this.keys.has(key)) return this.keys.get(key)!;
		const prompt = String(body.prompt ?? '');
		const item = this.itemOf(prompt);
		const group = ++this.groups;
		const tasks = Array.from({ length: count }, (_, n): Task => {
			const seq = ++this.seq;
			const ids: Record<string, string> = {
				keyInId: `task_${this.apiKey}_${seq}`,
				numericId: String(1000 + seq),
				dotId: '.',
				dotDotId: '..',
			};
			// One answer's several tasks: task_S7-1 (followed), task_S7, task_S7-12.
			const stem = `task_S${seq - n}`;
			const several = [`${stem}-1`, stem, `${stem}-12`][n];
			const task: Task = {
				id: count > 1 ? several : (ids[fault ?? ''] ?? `task_F${seq}`),
				createdAt: Date.now(),
				prompt,
				// Each item's k-th task has the k-th outcome of the plan.
				outcome: this.plan.outcomes[item.tasks++] ?? 'completed',
				samples: Number(body.sample_count ?? 1),
				group,
				lead: n === 0,
				gif: body.enable_gif === true,
				model: typeof body.model === 'string' ? body.model : undefined,
				taskFaults: [...this.plan.task],
				fileFaults: [...this.plan.file],
			};
			this.tasks.set(`#${seq}`, task);
			return task;
		});
		if (key && this.plan.honourIdempotency) this.keys.set(key, tasks);
		return tasks;
	}

	/** Why the gateway does not extend the task `id` with `model` (docs/API.md, "Remix"). */
	private remixRefusal(id: string, model: string): string | undefined {
		const original = this.findTask(id);
		if (!original) return `task ${id} not found`;
		if (original.outcome !== 'completed' || Date.now() - original.createdAt < this.plan.taskMs)
			return `task ${id} is not completed: only a completed video can be extended`;
		if (!EXTENDABLE.includes(original.model ?? ''))
			return `task ${id} was made with ${original.model}: only videos of veo3.1-fast and veo3.1-quality can be extended`;
		if (model !== original.model)
			return `model must be the original task's model, ${original.model} (got ${model})`;
		return undefined;
	}

	/** Answers `body`, and notes the tasks it names as told once it has reached the node in full. */
	private sendNaming(
		res: http.ServerResponse,
		status: number,
		body: unknown,
		named: Task[],
		trickle = false,
	) {
		res.once('finish', () => {
			for (const task of named) task.toldAt ??= Date.now();
		});
		if (trickle) return this.trickle(res, JSON.stringify(body));
		this.send(res, status, body);
	}

	/** A create or a remix (already checked), answered as the item's next create fault says. */
	private async create(
		req: http.IncomingMessage,
		res: http.ServerResponse,
		body: Body,
		call: LoggedCall,
	) {
		const item = this.itemOf(String(body.prompt ?? ''));
		const fault = item.creates.shift() ?? 'ok';
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
		// Every other fault creates (and bills) the task first: several in one answer, or one.
		const count = fault === 'severalTasks' ? 2 + (item.tasks % 2) : 1;
		const tasks = this.newTasks(body, key, fault, count);
		const [task] = tasks;
		const wire = (t: Task) => (fault === 'numericId' && /^\d+$/.test(t.id) ? Number(t.id) : t.id);
		const id = wire(task);
		if (fault === '503') return this.send(res, 503, { error: { message: 'upstream busy' } });
		if (fault === '429WithId' || fault === '503WithId') {
			const status = fault === '429WithId' ? 429 : 503;
			return this.sendNaming(res, status, { code: status, data: { id, status: 'submitted' } }, [
				task,
			]);
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
		// The list names every task the request made (one, or several: a replay names them all).
		const [status, answer] = answers[fault] ?? [
			200,
			{ code: 200, data: tasks.map((t) => ({ status: 'submitted', task_id: wire(t) })) },
		];
		const named = answers[fault] ? [task] : tasks;
		if (!res.destroyed) this.sendNaming(res, status, answer, named, fault === 'trickle');
	}

	private urls(task: Task): unknown[] {
		const extension = task.gif ? 'gif' : 'mp4';
		const file = (n: number) =>
			`${this.fileUrl}/videos/${encodeURIComponent(task.id)}_${n}.${extension}`;
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
		if (task.namesModel) data.model = task.model;
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
		// /videos/<task id>_<n>.mp4 (or .gif): the task's own list of file faults. (The node scrubs a
		// key out of a link: its task is still the owner.)
		const owner = [...this.tasks.values()].find((task) =>
			[task.id, task.id.replace(this.apiKey, '***')].some((id) =>
				name.startsWith(`/videos/${id}_`),
			),
		);
		const fault = owner?.fileFaults.shift() ?? 'ok';
		call.fault = fault;
		// The task's own file: a GIF for a task made with enable_gif, else the video.
		const [own, ownType] = owner?.gif ? [GIF, 'image/gif'] : [VIDEO, 'video/mp4'];
		const serve = (type: string, body: Buffer) => {
			res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) });
			res.end(body);
		};
		const page = Buffer.from(`<html><body>${'x'.repeat(2000)}</body></html>`);
		switch (fault) {
			case 'empty':
				return serve(ownType, Buffer.alloc(0));
			case 'ftypOnly':
				return serve('video/mp4', VIDEO.subarray(0, 12));
			case 'expiredText':
				return serve(ownType, Buffer.from('expired'));
			case 'gif':
				return serve('video/mp4', GIF);
			case 'mp4':
				return serve('video/mp4', VIDEO);
			case 'tinyGif':
				return serve('image/gif', Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(14)]));
			case 'html':
				return serve('application/octet-stream', page);
			case 'htmlAsGif':
				return serve('image/gif', page);
			case 'redirectPrivate':
				res.writeHead(302, { location: `${this.privateUrl}/admin` });
				return res.end();
			case 'stall':
				res.writeHead(200, { 'content-type': ownType, 'content-length': String(own.length) });
				return res.write(own.subarray(0, 100));
			case '503':
				return this.send(res, 503, { message: 'busy' });
			case 'trickle':
				return this.trickle(res, own, {
					'content-type': ownType,
					'content-length': String(own.length),
				});
			case 'dropMidway':
				res.writeHead(200, { 'content-type': ownType, 'content-length': String(own.length) });
				res.write(own.subarray(0, 1000));
				return setTimeout(() => req.socket.destroy(), 5);
			default:
				return serve(ownType, own);
		}
	}
}
