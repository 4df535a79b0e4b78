/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Callback mode: Create Video without waiting sends a Callback URL as `webhook`; the gateway POSTs
// the finished task to <url>/callback (the pattern: Create Video → Wait node → Get Task).
import * as http from 'node:http';

import { createParams, run, seconds, useSimulator } from './support/sim';

const sim = useSimulator();
const creates = () => sim.requests('POST', '/v1/videos/generations');

/** A stand-in for n8n's Wait node webhook: records what the gateway posts to it. */
async function receiver() {
	const received: Array<{ path: string; body: Record<string, unknown> }> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(200).end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook-waiting/42`;
	return {
		url,
		received,
		close: async () => await new Promise((resolve) => server.close(resolve)),
	};
}

test('the Callback URL is sent as webhook, and the gateway posts the finished task to <url>/callback', async () => {
	const wait = await receiver();
	try {
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false, callbackUrl: wait.url }),
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].body.webhook).toBe(wait.url);
		const taskId = String(result.items[0].json.taskId);
		for (let i = 0; i < 100 && !wait.received.length; i++)
			await new Promise((resolve) => setTimeout(resolve, seconds(0.2)));
		expect(wait.received).toHaveLength(1);
		expect(wait.received[0].path).toBe('/webhook-waiting/42/callback');
		expect(wait.received[0].body.data).toMatchObject({ id: taskId, status: 'completed' });
	} finally {
		await wait.close();
	}
});

test('no Callback URL: no webhook field', async () => {
	await run(sim, { parameters: createParams({ waitForCompletion: false }) });
	expect(creates()[0].body).not.toHaveProperty('webhook');
});

test('the Callback URL is ignored while waiting (the node polls)', async () => {
	await run(sim, {
		parameters: createParams({ callbackUrl: 'https://n8n.example.com/webhook-waiting/1' }),
	});
	expect(creates()[0].body).not.toHaveProperty('webhook');
});

test.each([['ftp://n8n.example.com/x'], ['not a url'], ['{{ $execution.resumeUrl }}']])(
	'a bad Callback URL "%s" is refused before any request',
	async (callbackUrl) => {
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false, callbackUrl }),
		});
		expect(result.error?.message).toBe(
			'Callback URL: must be a public http(s) URL, e.g. https://n8n.example.com/webhook-waiting/123',
		);
		expect(sim.log).toHaveLength(0);
	},
);

describe('Extend Video takes a Callback URL too (with Return = Task ID Only)', () => {
	const remixes = () =>
		sim.requests('POST', '/v1/videos/').filter((r) => r.path.endsWith('/remix'));

	/** A finished veo3.1-fast video made by the node, its task ID. */
	async function original(): Promise<string> {
		const made = await run(sim, {
			parameters: {
				operation: 'createVideo',
				prompt: 'a red kite',
				modelId: { __rl: true, mode: 'id', value: 'veo3.1-fast' },
				returnAs: 'url',
			},
			typeVersion: 1.1,
		});
		sim.clear();
		return String(made.items[0].json.taskId);
	}

	const extend = (taskId: string, parameters: Record<string, unknown>) => ({
		parameters: { operation: 'extendVideo', taskId, prompt: 'the kite rises', ...parameters },
		typeVersion: 1.1,
	});

	test('sent as webhook on the remix; the gateway posts the finished extension to <url>/callback', async () => {
		const wait = await receiver();
		try {
			const id = await original();
			const result = await run(sim, extend(id, { returnAs: 'taskId', callbackUrl: wait.url }));
			expect(result.error).toBeUndefined();
			expect(remixes()).toHaveLength(1);
			expect(remixes()[0].body.webhook).toBe(wait.url);
			const extensionId = String(result.items[0].json.taskId);
			expect(extensionId).not.toBe(id);
			for (let i = 0; i < 100 && !wait.received.length; i++)
				await new Promise((resolve) => setTimeout(resolve, seconds(0.2)));
			expect(wait.received).toHaveLength(1);
			expect(wait.received[0].path).toBe('/webhook-waiting/42/callback');
			expect(wait.received[0].body.data).toMatchObject({ id: extensionId, status: 'completed' });
		} finally {
			await wait.close();
		}
	});

	test('not sent while the node waits, nor when empty', async () => {
		const id = await original();
		await run(sim, extend(id, { returnAs: 'url', callbackUrl: 'https://n8n.example.com/w/1' }));
		await run(sim, extend(id, { returnAs: 'taskId', extensionOnly: true }));
		expect(remixes()).toHaveLength(2);
		for (const remix of remixes()) expect(remix.body).not.toHaveProperty('webhook');
	});

	test('a bad Callback URL is refused before any request, the original not even read', async () => {
		const id = await original();
		const result = await run(sim, extend(id, { returnAs: 'taskId', callbackUrl: 'not a url' }));
		expect(result.error?.message).toBe(
			'Callback URL: must be a public http(s) URL, e.g. https://n8n.example.com/webhook-waiting/123',
		);
		expect(sim.log).toHaveLength(0);
	});
});
