import type { TaskView } from '../nodes/Veo3/helpers/task';
import { parseCreateResponse, parseTaskResponse } from '../nodes/Veo3/helpers/task';
import type { PollSchedule } from '../nodes/Veo3/helpers/wait';
import { nextPollDelay } from '../nodes/Veo3/helpers/wait';
import { timing } from '../nodes/Veo3/transport';

// The schedule is pure arithmetic: it runs on the real clock's units here.
beforeAll(() => {
	timing.scale = 1;
});

const view = (overrides: Partial<TaskView> = {}): TaskView => ({
	taskId: 't', status: 'processing', progress: 0, videoUrls: [], raw: {}, ...overrides,
});
const task = (intervalMs: number): PollSchedule => ({ intervalMs, startedAt: 0 });

describe('poll schedule', () => {
	function simulate(intervalMs: number, estimateSeconds: number, actualMs: number, progress = false) {
		const t = task(intervalMs);
		const polls: number[] = [];
		let now = intervalMs; // the first poll comes one interval after the create call
		for (;;) {
			polls.push(now);
			if (now >= actualMs) break;
			const p = progress ? Math.floor((now / actualMs) * 100) : 0;
			now += nextPollDelay(t, view({ estimatedSeconds: estimateSeconds || undefined, progress: p }), now);
		}
		return { polls, noticeDelay: now - actualMs };
	}

	test('an accurate estimate: two requests for a 10 s task, noticed at once', () => {
		const { polls, noticeDelay } = simulate(1000, 10, 10_000);
		expect(polls).toEqual([1000, 10_000]);
		expect(noticeDelay).toBe(0);
	});

	test('long tasks get a half-way check, still few requests', () => {
		const { polls, noticeDelay } = simulate(1000, 300, 300_000);
		expect(polls.length).toBeLessThanOrEqual(8);
		expect(noticeDelay).toBe(0);
	});

	test('a task far faster than its estimate is caught by progress', () => {
		// The contract's own example: estimated 60 s, took 19 s.
		const { polls, noticeDelay } = simulate(2000, 60, 19_000, true);
		expect(noticeDelay).toBeLessThanOrEqual(2000);
		expect(polls.length).toBeLessThanOrEqual(6);
	});

	test('never more often than the interval', () => {
		const { polls } = simulate(10_000, 12, 40_000);
		for (let i = 1; i < polls.length; i++) expect(polls[i] - polls[i - 1]).toBeGreaterThanOrEqual(10_000);
	});

	test('from progress when there is no estimate', () => {
		// 20 s elapsed at 50 %: about 20 s left.
		expect(nextPollDelay(task(1000), view({ progress: 50 }), 20_000)).toBe(20_000);
	});

	test('no information: gentle back-off capped at 15 s, never below the interval', () => {
		expect(nextPollDelay(task(10_000), view(), 4000)).toBe(10_000);
		expect(nextPollDelay(task(1000), view(), 20_000)).toBe(5000);
		expect(nextPollDelay(task(1000), view(), 600_000)).toBe(15_000);
	});

	test('overdue tasks are checked at the interval at first, then less often', () => {
		const t = task(1000);
		t.expectedEndAt = 10_000;
		expect(nextPollDelay(t, view(), 10_500)).toBe(1000);
		expect(nextPollDelay(t, view(), 70_000)).toBe(15_000);
	});
});

describe('response shapes', () => {
	test('create: data array with task_id, or object with id', () => {
		expect(parseCreateResponse({ code: 200, data: [{ status: 'submitted', task_id: 'task_A' }] }).taskId).toBe('task_A');
		expect(parseCreateResponse({ code: 200, data: { id: 'task_B', status: 'submitted' } }).taskId).toBe('task_B');
		expect(parseCreateResponse({ code: 200, data: [] }).taskId).toBeUndefined();
	});

	test('task: url as array or string, several videos, expiry as ISO time, error reason', () => {
		const a = parseTaskResponse({ data: { id: 'x', status: 'completed', progress: 100, result: { videos: [{ url: ['u1', 'u2'], expires_at: 1763174708 }] } } }, 'x');
		expect(a.videoUrls).toEqual(['u1', 'u2']);
		expect(a.expiresAt).toBe(new Date(1763174708 * 1000).toISOString());
		const b = parseTaskResponse({ data: { id: 'x', status: 'completed', result: { videos: [{ url: 'u1' }, { url: 'u2' }] } } }, 'x');
		expect(b.videoUrls).toEqual(['u1', 'u2']);
		const c = parseTaskResponse({ data: { id: 'x', status: 'FAILED', error: { message: 'nsfw', code: 'policy' } } }, 'x');
		expect(c).toMatchObject({ status: 'failed', error: 'nsfw (policy)' });
	});
});
