/* eslint-disable
	@n8n/community-nodes/no-hardcoded-secrets
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Know and bound the bill: Get Balance, Max Videos per Run and Min Balance (checked before
// anything is bought), and the run's cost hint. Through n8n's engine against the simulator.
import { costSummary } from '../nodes/Veo3/actions/spending';
import { createParams, run, useSimulator } from './support/sim';

const sim = useSimulator();
const creates = () => sim.requests('POST', '/v1/videos/generations');
const prompts = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ json: { prompt: `clip ${i}` } }));
const many = (overrides: Record<string, unknown> = {}) =>
	createParams({ prompt: '={{ $json.prompt }}', waitForCompletion: false, ...overrides });

afterEach(() => {
	Object.assign(sim.config, {
		remainBalance: 10.5,
		usedBalance: 2.3,
		balanceEndpoints: true,
		balanceError: null,
	});
});

describe('Get Balance', () => {
	test('a limited key: remaining, used, not unlimited, and the raw answer', async () => {
		const result = await run(sim, { parameters: { operation: 'getBalance' } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ remaining: 10.5, used: 2.3, unlimited: false });
		expect(result.items[0].json.balance).toMatchObject({ success: true, remain_balance: 10.5 });
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(1);
	});

	test('the whole account reads /v1/user/balance', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getBalance', balanceScope: 'account' },
		});
		expect(result.items[0].json).toMatchObject({ remaining: 105, used: 23 });
		expect(sim.requests('GET', '/v1/user/balance')).toHaveLength(1);
	});

	test('the balance goes down by what was bought (a failed task is refunded)', async () => {
		const bought = await run(sim, {
			parameters: many({ options: { sampleCount: 2 } }),
			items: [{ json: { prompt: 'a kite' } }, { json: { prompt: 'a boat' } }],
		});
		expect(bought.error).toBeUndefined();
		await run(sim, { parameters: many(), items: [{ json: { prompt: 'a storm [fail]' } }] });
		const key = await run(sim, { parameters: { operation: 'getBalance' } });
		// Four videos at 0.4 USD: 1.6 off the key's 10.5, onto its 2.3 used.
		expect(key.items[0].json).toMatchObject({ remaining: 8.9, used: 3.9 });
		const account = await run(sim, {
			parameters: { operation: 'getBalance', balanceScope: 'account' },
		});
		expect(account.items[0].json).toMatchObject({ remaining: 89, used: 39 });
	});

	test('an unlimited key (remain_balance -1): unlimited, remaining null', async () => {
		sim.config.remainBalance = -1;
		const result = await run(sim, { parameters: { operation: 'getBalance' } });
		expect(result.items[0].json).toMatchObject({ remaining: null, unlimited: true });
	});

	test('HTTP 200 with success: false is an error with the message', async () => {
		sim.config.balanceError = 'Failed to get token info';
		const result = await run(sim, { parameters: { operation: 'getBalance' } });
		expect(result.error?.message).toBe(
			'The gateway could not report the balance: Failed to get token info',
		);
	});

	test('a wrong key: 401 with the usual advice', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getBalance' },
			credentials: { apiKey: 'sk-wrong-key-000' },
		});
		expect(result.error?.message).toMatch(/^The API key was rejected \(401\)/);
	});

	test('a gateway without the endpoint: says it does not report balances; Continue puts it on the item', async () => {
		sim.config.balanceEndpoints = false;
		const result = await run(sim, {
			parameters: { operation: 'getBalance' },
			continueOnFail: true,
		});
		expect(result.items[0].json.error).toBe('This gateway does not report balances (404)');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('Get Balance under the contract every operation has', () => {
	test('every item is read and answered with its own pairedItem; a bad Balance Of fails only its item, before anything is sent', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getBalance', balanceScope: '={{ $json.scope }}' },
			items: [
				{ json: { scope: 'key' } },
				{ json: { scope: 'both' } },
				{ json: { scope: 'account' } },
			],
			continueOnFail: true,
		});
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		expect(result.items[0].json).toMatchObject({ remaining: 10.5 });
		expect(result.items[1].json.error).toMatch(/^Balance Of: must be one of/);
		expect(result.items[2].json).toMatchObject({ remaining: 105 });
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(1);
		expect(sim.requests('GET', '/v1/user/balance')).toHaveLength(1);
	});

	test('without Continue, a bad Balance Of stops the run before any balance is read', async () => {
		const result = await run(sim, {
			parameters: { operation: 'getBalance', balanceScope: '={{ $json.scope }}' },
			items: [{ json: { scope: 'key' } }, { json: { scope: 'both' } }],
		});
		expect(result.error?.message).toMatch(/^Balance Of: must be one of/);
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(0);
	});

	test('a failed item goes to the error output, with the API key scrubbed from the message', async () => {
		sim.config.balanceError = `token ${sim.config.apiKey} has no quota`;
		const result = await run(sim, {
			parameters: { operation: 'getBalance' },
			onError: 'continueErrorOutput',
		});
		expect(result.items).toHaveLength(0);
		expect(result.errorItems).toHaveLength(1);
		expect(JSON.stringify(result.errorItems[0].json)).toContain('has no quota');
		expect(JSON.stringify(result.errorItems[0].json)).not.toContain(sim.config.apiKey);
	});

	test('without Continue, two failed items make one error that lists both', async () => {
		sim.config.balanceEndpoints = false;
		const result = await run(sim, {
			parameters: { operation: 'getBalance' },
			items: [{ json: {} }, { json: {} }],
		});
		expect(result.error?.message).toMatch(/^2 of 2 items failed/);
		expect(result.error?.description).toContain('item 2: no task: This gateway does not report');
	});
});

describe('Max Videos per Run', () => {
	test('exactly at the limit: all are bought', async () => {
		const result = await run(sim, {
			parameters: many({ advancedOptions: { maxVideosPerRun: 3 } }),
			items: prompts(3),
		});
		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(3);
	});

	test('one over: nothing is sent, the error names the count, the limit and the setting', async () => {
		const result = await run(sim, {
			parameters: many({ advancedOptions: { maxVideosPerRun: 3 } }),
			items: prompts(4),
		});
		expect(result.error?.message).toBe(
			'This run would buy 4 videos (4 items × Sample Count 1); Max Videos per Run is 3. Nothing was sent.',
		);
		expect(sim.log).toHaveLength(0);
	});

	test('Sample Count multiplies; with On Error Continue it is every item error', async () => {
		const result = await run(sim, {
			parameters: many({ options: { sampleCount: 4 } }),
			items: prompts(30),
			continueOnFail: true,
		});
		expect(result.items).toHaveLength(30);
		for (const item of result.items) {
			expect(item.json.error).toBe(
				'This run would buy 120 videos (30 items × Sample Count 4); Max Videos per Run is 50. Nothing was sent.',
			);
		}
		expect(creates()).toHaveLength(0);
	});

	test('0 is no limit', async () => {
		const result = await run(sim, {
			parameters: many({ advancedOptions: { maxVideosPerRun: 0 } }),
			items: prompts(51),
		});
		expect(result.error).toBeUndefined();
		expect(creates()).toHaveLength(51);
	});

	test('a Retry On Fail re-run does not count the tasks it reuses', async () => {
		// Try 1 buys the video, then its download fails (404): Retry On Fail runs the node again,
		// which reuses the task and buys nothing. A purchase of 0 skips the spending checks, so the
		// balance is read once (try 1); counting the reused task as a purchase would read it again,
		// find it below Min Balance, and fail the re-run before the download.
		sim.inject('file', { status: 404 });
		const low = { success: true, remain_balance: 0.5, used_balance: 12, unlimited_quota: false };
		sim.inject(
			'balance',
			{ status: 200, body: { ...low, remain_balance: 10.5 } },
			{ status: 200, body: low },
		);
		const result = await run(sim, {
			parameters: createParams({
				downloadVideo: true,
				advancedOptions: { maxVideosPerRun: 1, minBalance: 5 },
			}),
			retryOnFail: true,
			maxTries: 2,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].binary?.data).toBeDefined();
		expect(creates()).toHaveLength(1);
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(1);
	});
});

describe('Min Balance', () => {
	test('below it: nothing is sent, the error says so', async () => {
		sim.config.remainBalance = 0.3;
		const result = await run(sim, {
			parameters: many({ advancedOptions: { minBalance: 1 } }),
			items: prompts(1),
		});
		expect(result.error?.message).toBe(
			'The balance is 0.3, below Min Balance (1). Nothing was sent.',
		);
		expect(creates()).toHaveLength(0);
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(1);
	});

	test('above it: one balance read, then the create', async () => {
		const result = await run(sim, {
			parameters: many({ advancedOptions: { minBalance: 1 } }),
			items: prompts(3),
		});
		expect(result.error).toBeUndefined();
		expect(sim.requests('GET', '/v1/balance')).toHaveLength(1);
		expect(creates()).toHaveLength(3);
	});

	test('a gateway without the endpoint: an error that says so, no silent pass', async () => {
		sim.config.balanceEndpoints = false;
		const result = await run(sim, {
			parameters: many({ advancedOptions: { minBalance: 1 } }),
			items: prompts(1),
		});
		expect(result.error?.message).toBe('This gateway does not report balances (404)');
		expect(creates()).toHaveLength(0);
	});
});

describe('the cost hint', () => {
	test('videos bought, tasks reused, cost and credits', () => {
		const job = (itemIndex: number, videos = 1) => ({
			itemIndex,
			purchase: { idempotencyKey: '', videos },
		});
		const task = (cost?: number, creditsCost?: number) => ({
			taskId: 't',
			status: 'completed',
			progress: 100,
			videoUrls: [],
			raw: {},
			cost,
			creditsCost,
		});
		expect(
			costSummary(
				[job(0, 2), job(1)],
				[
					{ taskId: 'a', task: task(0.8, 8) },
					{ taskId: 'b', reused: true, task: task(0.4, 4) },
				],
			),
		).toBe('Veo3: 2 videos bought, 1 task reused; cost 1.2 USD (12 credits)');
		// No "0 tasks reused"; each amount in its unit, also when the gateway gives only one.
		expect(costSummary([job(0)], [{ taskId: 'a', task: task(0.4, 4) }])).toBe(
			'Veo3: 1 video bought; cost 0.4 USD (4 credits)',
		);
		expect(costSummary([job(0)], [{ taskId: 'a', task: task(0.4) }])).toBe(
			'Veo3: 1 video bought; cost 0.4 USD',
		);
		expect(costSummary([job(0)], [{ taskId: 'a', task: task(undefined, 1) }])).toBe(
			'Veo3: 1 video bought; cost 1 credit',
		);
		expect(costSummary([job(0)], [{ taskId: 'a', task: task() }])).toBe(
			'Veo3: 1 video bought; cost not reported by the gateway',
		);
	});

	test('the hint is in the execution data after a run', async () => {
		const result = await run(sim, { parameters: createParams() });
		const hints = JSON.stringify(result.run.data.resultData.runData.Veo3[0]);
		expect(hints).toContain('Veo3: 1 video bought; cost 0.4 USD (4 credits)');
	});
});
