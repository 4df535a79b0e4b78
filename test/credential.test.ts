/* eslint-disable
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
import { testCredential } from './support/harness';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useSimulator } from './support/sim';

const sim = useSimulator();

describe('Veo3 API credential test', () => {
	test('a right key passes (the probe task is unknown: 404 still proves the key)', async () => {
		const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.log).toHaveLength(1);
		expect(sim.log[0].path).toBe('/v1/tasks/task_credential_check');
		expect(sim.log[0].headers.authorization).toBe(`Bearer ${sim.config.apiKey}`);
	});

	test('a wrong key fails with a message that says so', async () => {
		const result = await testCredential({ apiKey: 'sk-wrong', baseUrl: sim.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/API key was rejected/);
	});

	test('a base URL typed with a trailing /v1/ still works', async () => {
		const result = await testCredential({
			apiKey: sim.config.apiKey,
			baseUrl: `${sim.baseUrl}/v1/`,
		});
		expect(result.status).toBe('OK');
		expect(sim.log[0].path).toBe('/v1/tasks/task_credential_check');
	});

	test.each([
		['a web page', { raw: '<!doctype html><title>Welcome to our site</title>' }],
		['plain text', { raw: 'Not Found', status: 404, contentType: 'text/plain' }],
		['an empty 200', { raw: '' }],
	])(
		'a Base URL that answers with %s fails: it does not look like the API',
		async (_name, fault) => {
			sim.inject('task', fault);
			const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/^The Base URL answered with a web page or text, not JSON: this does not look like a Veo3 API gateway/,
				),
			});
		},
	);

	test.each([
		[{ message: 'Unauthorized' }],
		[{ error: 'Unauthorized' }],
		[{ code: 403, msg: 'forbidden' }],
	])('a 401/403 body %j fails as a rejected key', async (body) => {
		sim.inject('task', { status: 401, body });
		const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({
			status: 'Error',
			message: 'The API key was rejected. Copy it again from your API key page.',
		});
	});

	test.each([
		['FastAPI', 404, { detail: 'Not Found' }],
		['Django REST framework', 404, { detail: 'Not found.' }],
		[
			'Spring Boot',
			404,
			{
				timestamp: '2026-11-24T10:00:00Z',
				status: 404,
				error: 'Not Found',
				path: '/v1/tasks/task_credential_check',
			},
		],
		[
			'NestJS',
			404,
			{
				statusCode: 404,
				message: 'Cannot GET /v1/tasks/task_credential_check?language=en',
				error: 'Not Found',
			},
		],
		[
			'an OpenAI-style gateway without this API',
			404,
			{
				error: {
					message: 'Invalid URL (GET /v1/tasks/task_credential_check)',
					type: 'invalid_request_error',
					param: null,
					code: null,
				},
			},
		],
		['a bare JSON number', 200, 42],
		['a bare JSON boolean', 200, true],
	])(
		'JSON from a server that is not this API (%s) fails: it does not serve /v1/tasks',
		async (_name, status, body) => {
			sim.inject('task', { status, body });
			const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/^The Base URL answered, but it does not serve the Veo3 task API \(\/v1\/tasks\): this does not look like a Veo3 API gateway/,
				),
			});
		},
	);

	test.each([
		[
			'the newer envelope',
			404,
			{
				request_id: 'req_1',
				error: {
					message: 'task not found',
					type: 'not_found',
					param: 'task_id',
					code: 'task_not_found',
				},
			},
		],
		['code and msg', 404, { code: 404, msg: 'task not found' }],
		['HTTP 200 with an error body', 200, { code: 404, msg: 'task not found' }],
		['HTTP 200 with success false', 200, { success: false, message: 'task not found' }],
	])("the API's own answer for an unknown task (%s) passes", async (_name, status, body) => {
		sim.inject('task', { status, body });
		const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(sim.log[0].headers.accept).toMatch(/application\/json/);
	});

	test('a redirect is not followed: the test fails and the key never reaches the other origin', async () => {
		// The other origin answers like the API would, so only not following the redirect fails the test.
		const seen: string[] = [];
		const other = createServer((req, res) => {
			seen.push(String(req.headers.authorization));
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ code: 404, message: 'task not found' }));
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = other.address() as AddressInfo;
			sim.inject('task', { redirect: `http://127.0.0.1:${port}/v1/tasks/task_credential_check` });
			const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: sim.baseUrl });
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(/does not look like a Veo3 API gateway/),
			});
			expect(seen).toEqual([]);
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
	});

	test('an unreachable gateway fails', async () => {
		const result = await testCredential({
			apiKey: sim.config.apiKey,
			baseUrl: 'http://127.0.0.1:9',
		});
		expect(result.status).toBe('Error');
	});
});
