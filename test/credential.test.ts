import { testCredential } from './support/harness';
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
		const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: `${sim.baseUrl}/v1/` });
		expect(result.status).toBe('OK');
		expect(sim.log[0].path).toBe('/v1/tasks/task_credential_check');
	});

	test('an unreachable gateway fails', async () => {
		const result = await testCredential({ apiKey: sim.config.apiKey, baseUrl: 'http://127.0.0.1:9' });
		expect(result.status).toBe('Error');
	});
});
