/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// A strange or hostile gateway must not fool the node: odd status words, answers that are not
// the API's, a key echoed back, and bad input that must be caught before anything is sent.
import { createParams, run, useSimulator, visibleText } from './support/sim';

const sim = useSimulator();
const creates = () => sim.requests('POST', '/v1/videos/generations');

describe('status words', () => {
	afterEach(() => {
		sim.config.statusWords = {};
	});

	test.each([
		[{ pending: 'queued', processing: 'in_progress', completed: 'succeeded' }],
		[{ processing: 'running', completed: 'success' }],
		[{ completed: 'SUCCEEDED' }],
	])('the published synonyms %j are understood: the item completes', async (words) => {
		sim.config.statusWords = words;
		const result = await run(sim, { parameters: createParams() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
	});

	test('"canceled" is a cancelled task', async () => {
		sim.config.statusWords = { cancelled: 'canceled' };
		const result = await run(sim, { parameters: createParams({ prompt: 'x [cancel]' }) });
		expect(result.error?.message).toMatch(/^Task task_\w+ cancelled: The task was cancelled/);
	});

	test('an unknown word with the video attached counts as completed', async () => {
		sim.config.statusWords = { completed: 'all_done' };
		const result = await run(sim, { parameters: createParams() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
	});

	test('an unknown word without a video is still running; the timeout names the word', async () => {
		sim.config.statusWords = { processing: 'rendering_frames', completed: 'rendering_frames' };
		const result = await run(sim, {
			parameters: createParams({ prompt: 'x [novideo]', maxWaitSeconds: 3 }),
		});
		expect(result.error?.message).toMatch(
			/did not finish within 3 seconds \(last status: "rendering_frames" \(a status this node does not know\)/,
		);
	});
});

describe('answers that are not the API', () => {
	test('a web page instead of a task once: a glitch, asked again, the video arrives', async () => {
		sim.inject('task', { raw: '<!doctype html><title>Welcome</title>' });
		const result = await run(sim, { parameters: createParams() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
	});

	test('web pages instead of a task until Max Wait: the error names the task, the answer and the Base URL', async () => {
		sim.inject(
			'task',
			...Array.from({ length: 40 }, () => ({ raw: '<!doctype html><title>Welcome</title>' })),
		);
		const result = await run(sim, { parameters: createParams({ maxWaitSeconds: 3 }) });
		expect(result.error?.message).toMatch(
			/^Task task_\w+: the gateway gave no readable status within 3 seconds \(last answer: an answer that is not a task/,
		);
		expect(result.error?.description).toMatch(/not lost.*Get Task.*check the Base URL/);
		sim.clear();
	});

	test('a create answer that is a web page: not a task, and the message says so', async () => {
		sim.inject('create', { raw: '<!doctype html><title>Welcome</title>' });
		const result = await run(sim, { parameters: createParams() });
		expect(result.error?.message).toBe(
			'The gateway accepted the create request but returned no task ID; a task may have been created and billed',
		);
		expect(result.error?.description).toMatch(/check the Base URL/);
	});

	test('a gateway that echoes the API key: not in the output, not even in the raw task object', async () => {
		sim.config.echoKey = true;
		try {
			const result = await run(sim, { parameters: createParams() });
			expect(result.error).toBeUndefined();
			expect(JSON.stringify(result.items[0].json.task)).toContain('Bearer ***');
			expect(visibleText(result)).not.toContain(sim.config.apiKey);
		} finally {
			sim.config.echoKey = false;
		}
	});
});

describe('input checked before anything is sent', () => {
	test.each([
		['user and password', 'http://user:secret@127.0.0.1:9'],
		['a query', 'https://api.example.com/?token=1'],
		['a fragment', 'https://api.example.com/#x'],
	])('a Base URL with %s is refused', async (_name, baseUrl) => {
		const result = await run(sim, { parameters: createParams(), credentials: { baseUrl } });
		expect(result.error?.message).toMatch(
			/^Base URL in the Veo3 API credential must be an http\(s\) address without user, query or fragment/,
		);
		expect(JSON.stringify(result.error)).not.toContain('secret');
		expect(sim.log).toHaveLength(0);
	});

	test('booleans given as text by an expression are accepted', async () => {
		const result = await run(sim, {
			parameters: createParams({
				waitForCompletion: '={{ "true" }}',
				downloadVideo: '={{ "true" }}',
				options: { generateAudio: '={{ "false" }}' },
			}),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(creates()[0].body.generate_audio).toBe(false);
	});

	test('an image too large by its stored size (on disk) is refused before any item is created', async () => {
		const png = {
			mimeType: 'image/png',
			fileName: 'big.png',
			fileSize: '25 MB',
			id: 'filesystem-v2:not/read.png',
			data: 'filesystem-v2',
		};
		const small = {
			mimeType: 'image/png',
			fileName: 'ok.png',
			data: Buffer.from('89504e470d0a1a0a', 'hex').toString('base64'),
		};
		const result = await run(sim, {
			parameters: createParams({ imageInputType: 'binary', firstFrameBinaryProperty: 'data' }),
			items: [
				{ json: {}, binary: { data: small } },
				{ json: {}, binary: { data: png } },
			],
		});
		expect(result.error?.message).toBe(
			'First Frame Binary Property: binary property "data" is 23.8 MB; the limit is 20 MB',
		);
		expect(sim.log).toHaveLength(0);
	});
});

describe('TLS', () => {
	test('a gateway with a certificate n8n does not trust: "not sent", no billing scare, no retries, the reason shown', async () => {
		const https = await import('node:https');
		const fs = await import('node:fs');
		const path = await import('node:path');
		let requests = 0;
		const server = https.createServer(
			{
				// A self-signed certificate made for this test (test/fixtures), trusted by nobody.
				key: fs.readFileSync(path.join(__dirname, 'fixtures/self-signed.key')),
				cert: fs.readFileSync(path.join(__dirname, 'fixtures/self-signed.crt')),
			},
			(_req, res) => {
				requests++;
				res.end('{}');
			},
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			// A host name, not an IP: TLS server names must be names (RFC 6066; Node warns otherwise).
			const baseUrl = `https://localhost:${(server.address() as { port: number }).port}`;
			const result = await run(sim, { parameters: createParams(), credentials: { baseUrl } });
			expect(result.error?.message).toBe(
				`Could not reach the gateway at ${baseUrl}: its TLS certificate was not accepted`,
			);
			expect(result.error?.description).toMatch(
				/^Nothing was sent\. The certificate of .* was rejected \(code [A-Z_]+\)/,
			);
			expect(result.error?.description).not.toMatch(/retries/);
			expect(visibleText(result)).not.toMatch(/billed/);
			expect(requests).toBe(0);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

test('a create answer that echoes the API key: scrubbed, also when Retry On Fail reuses the task', async () => {
	const echo = {
		code: 200,
		data: [
			{
				task_id: 'task_ECHO0001',
				status: 'submitted',
				note: `accepted for Bearer ${sim.config.apiKey}`,
			},
		],
	};
	sim.inject('create', { status: 200, body: echo });
	const first = await run(sim, {
		parameters: createParams({ waitForCompletion: false }),
		executionId: 'exec-echo-1',
	});
	// The same execution again, as n8n's Retry On Fail runs it: the task comes from memory.
	const again = await run(sim, {
		parameters: createParams({ waitForCompletion: false }),
		executionId: 'exec-echo-1',
	});
	expect(creates()).toHaveLength(1);
	for (const result of [first, again]) {
		expect(result.items[0].json.taskId).toBe('task_ECHO0001');
		expect(visibleText(result)).not.toContain(sim.config.apiKey);
	}
});

describe('what a create answer names is a created task', () => {
	test.each([429, 503, 400, 202])(
		'HTTP %i with a task ID: followed as a created task, never sent again',
		async (status) => {
			sim.inject('create', {
				status,
				retryAfter: 0,
				body: { code: status, data: { id: 'task_named_anyway', status: 'submitted' } },
			});
			const result = await run(sim, {
				parameters: createParams({ waitForCompletion: false }),
				credentials: { idempotency: 'no' },
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.taskId).toBe('task_named_anyway');
			expect(creates()).toHaveLength(1);
		},
	);

	test.each(['.', '..'])(
		'a task ID %j cannot be looked up: the item fails naming it, no other path is asked',
		async (id) => {
			sim.inject('create', { status: 200, body: { code: 200, data: { id, status: 'submitted' } } });
			const result = await run(sim, { parameters: createParams() });
			expect(result.error?.message).toBe(
				`The gateway named the new task ${JSON.stringify(id)}, which cannot be looked up (a path of dots names no task); it was probably created and billed`,
			);
			expect(sim.log.map((request) => request.path)).toEqual(['/v1/videos/generations']);
		},
	);
});
