import type { TaskView } from '../nodes/Veo3/helpers/task';
import { parseCreateResponse, parseTaskResponse } from '../nodes/Veo3/helpers/task';
import type { PollSchedule } from '../nodes/Veo3/helpers/wait';
import { nextPollDelay } from '../nodes/Veo3/helpers/wait';

// The schedule is pure arithmetic, in milliseconds.

const view = (overrides: Partial<TaskView> = {}): TaskView => ({
	taskId: 't',
	status: 'processing',
	progress: 0,
	videoUrls: [],
	raw: {},
	...overrides,
});
const task = (intervalMs: number): PollSchedule => ({ intervalMs, startedAt: 0 });

describe('poll schedule', () => {
	/**
	 * Polls a task that really takes `actualMs` with the node's schedule; the first poll comes one
	 * interval after the create call. Returns the poll times and how late completion was noticed.
	 */
	function simulate(
		intervalMs: number,
		estimateSeconds: number | undefined,
		actualMs: number,
		progress: 'none' | 'linear' | 'jumps' = 'none',
	) {
		const t = task(intervalMs);
		const polls: number[] = [];
		let now = intervalMs;
		for (;;) {
			polls.push(now);
			if (now >= actualMs) break;
			const share = now / actualMs;
			const p =
				progress === 'linear'
					? Math.floor(share * 100)
					: progress === 'jumps'
						? share < 0.8
							? 5
							: 95
						: 0;
			now += nextPollDelay(t, view({ estimatedSeconds: estimateSeconds, progress: p }), now);
		}
		return { polls, noticeDelay: now - actualMs };
	}

	// The promise: completion noticed within max(2 s, the Poll Interval, 20 % of the real duration),
	// whatever the estimate and progress say.
	const cases: Array<[string, number | undefined, 'none' | 'linear' | 'jumps']> = [
		['estimate right', 1, 'none'],
		['estimate 5x too high', 5, 'none'],
		['estimate 5x too low', 0.2, 'none'],
		['estimate 10x too high (600 s for 60 s)', 10, 'none'],
		['no estimate, no progress', undefined, 'none'],
		['no estimate, linear progress', undefined, 'linear'],
		['estimate right, progress that jumps', 1, 'jumps'],
	];
	for (const intervalMs of [1000, 2000, 10_000]) {
		for (const actualMs of [10_000, 19_000, 60_000, 90_000, 180_000, 300_000, 600_000]) {
			test.each(cases)(
				`%s: interval ${intervalMs / 1000} s, task ${actualMs / 1000} s, noticed in time`,
				(_name, factor, progress) => {
					const estimate =
						factor === undefined ? undefined : Math.round((actualMs / 1000) * factor);
					const { polls, noticeDelay } = simulate(intervalMs, estimate, actualMs, progress);
					expect(noticeDelay).toBeLessThanOrEqual(Math.max(2000, intervalMs, 0.2 * actualMs));
					for (let i = 1; i < polls.length; i++)
						expect(polls[i] - polls[i - 1]).toBeGreaterThanOrEqual(intervalMs);
					if (intervalMs === 10_000 && actualMs >= 60_000 && actualMs <= 300_000) {
						// The default interval and one- to five-minute tasks: at most one request per 5 s.
						expect(polls.length).toBeLessThanOrEqual(actualMs / 5000);
					}
				},
			);
		}
	}

	test("the issue's measured cases: estimated 600 s, done at 90 s; estimated 300 s, done at 60 s", () => {
		expect(simulate(10_000, 600, 90_000).noticeDelay).toBeLessThanOrEqual(18_000);
		expect(simulate(10_000, 300, 60_000).noticeDelay).toBeLessThanOrEqual(12_000);
	});

	test('an accurate estimate for a long task costs fewer requests than no estimate', () => {
		const withEstimate = simulate(10_000, 300, 300_000).polls.length;
		const without = simulate(10_000, undefined, 300_000).polls.length;
		expect(withEstimate).toBeLessThanOrEqual(without);
		expect(simulate(10_000, 300, 300_000).noticeDelay).toBe(0);
	});

	test('from progress when there is no estimate: asks when progress says it ends, within the cap', () => {
		// 20 s elapsed at 50 %: about 20 s left, but the cap (20 % of 20 s = 4 s) comes first.
		expect(nextPollDelay(task(1000), view({ progress: 50 }), 20_000)).toBe(4000);
		// 200 s elapsed at 95 %: about 10.5 s left, within the cap (40 s).
		expect(nextPollDelay(task(1000), view({ progress: 95 }), 200_000)).toBeCloseTo(10_526, 0);
	});

	test('a task the gateway says is hours old: the gap grows with the time the node has watched', () => {
		// Get Task on a task created 3 h ago at 50 %: progress alone would say 3 h to go, and 20 %
		// of its age is 36 min; the node has watched 10 s, so it asks again after 10 s (the interval).
		const hoursOld = { intervalMs: 10_000, startedAt: 0, watchingSince: 3 * 3600_000 };
		for (const watched of [0, 10_000, 20_000, 60_000]) {
			const now = hoursOld.watchingSince + watched;
			const gap = nextPollDelay({ ...hoursOld }, view({ progress: 50 }), now);
			expect(gap).toBeLessThanOrEqual(Math.max(10_000, 2000, 0.2 * watched));
		}
	});

	test('no information: gentle back-off, never below the interval', () => {
		expect(nextPollDelay(task(10_000), view(), 4000)).toBe(10_000);
		expect(nextPollDelay(task(1000), view(), 20_000)).toBe(4000);
		expect(nextPollDelay(task(1000), view(), 600_000)).toBe(15_000);
	});
});

describe('response shapes', () => {
	test('create: data array with task_id, or object with id', () => {
		expect(
			parseCreateResponse({ code: 200, data: [{ status: 'submitted', task_id: 'task_A' }] }).taskId,
		).toBe('task_A');
		expect(
			parseCreateResponse({ code: 200, data: { id: 'task_B', status: 'submitted' } }).taskId,
		).toBe('task_B');
		expect(parseCreateResponse({ code: 200, data: [] }).taskId).toBeUndefined();
	});

	test('task: url as array or string, several videos, expiry as ISO time, error reason', () => {
		const a = parseTaskResponse(
			{
				data: {
					id: 'x',
					status: 'completed',
					progress: 100,
					result: {
						videos: [
							{
								url: ['u1', 'https://cdn.example/u2', 'javascript:alert(1)', 'u1'],
								expires_at: 1763174708,
							},
						],
					},
				},
			},
			'x',
			'https://gw.example',
		);
		// Relative links are the gateway's; only http(s), each once.
		expect(a.videoUrls).toEqual(['https://gw.example/u1', 'https://cdn.example/u2']);
		expect(a.expiresAt).toBe(new Date(1763174708 * 1000).toISOString());
		const b = parseTaskResponse(
			{
				data: { id: 'x', status: 'completed', result: { videos: [{ url: 'u1' }, { url: 'u2' }] } },
			},
			'x',
			'https://gw.example',
		);
		expect(b.videoUrls).toEqual(['https://gw.example/u1', 'https://gw.example/u2']);
		const c = parseTaskResponse(
			{ data: { id: 'x', status: 'FAILED', error: { message: 'nsfw', code: 'policy' } } },
			'x',
		);
		expect(c).toMatchObject({ status: 'failed', error: 'nsfw (policy)' });
	});
});
