// Callback mode: Create Video without waiting sends a Callback URL as `webhook`; the gateway POSTs
// the finished task to <url>/callback (the pattern: Create Video → Wait node → Get Task).
import { callbackReceiver } from './support/callbackReceiver';
import { createParams, run, useSimulator } from './support/sim';

const sim = useSimulator();
const creates = () => sim.requests('POST', '/v1/videos/generations');

test('the Callback URL is sent as webhook, and the gateway posts the finished task to <url>/callback', async () => {
	const wait = await callbackReceiver();
	try {
		const result = await run(sim, {
			parameters: createParams({ waitForCompletion: false, callbackUrl: wait.url }),
		});
		expect(result.error).toBeUndefined();
		expect(creates()[0].body.webhook).toBe(wait.url);
		const taskId = String(result.items[0].json.taskId);
		expect(await wait.afterFirstCall()).toHaveLength(1);
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
