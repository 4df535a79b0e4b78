import type { TaskView } from '../nodes/Veo3/helpers/task';
import { parseCreateResponse, parseTaskResponse } from '../nodes/Veo3/helpers/task';
import type { WatchedTask } from '../nodes/Veo3/helpers/wait';
import { nextPollDelay } from '../nodes/Veo3/helpers/wait';

const view = (overrides: Partial<TaskView> = {}): TaskView => ({
	taskId: 't', status: 'processing', progress: 0, videoUrls: [], raw: {}, ...overrides,
});
const task = (intervalMs: number): WatchedTask => ({
	itemIndex: 0, taskId: 't', intervalMs, maxWaitSeconds: 600, deadline: 600_000, startedAt: 0, nextPollAt: 0,
});

describe('poll schedule', () => {
	test('with estimated_time: sparse early, dense near the end, never below the interval', () => {
		const t = task(2000);
		const delays: number[] = [];
		let now = 2000;
		while (now < 60_000) {
			const delay = nextPollDelay(t, view({ estimatedSeconds: 60 }), now);
			delays.push(delay);
			now += delay;
		}
		expect(delays[0]).toBe(29_000); // half of what is left of the estimate
		expect(Math.min(...delays)).toBe(2000);
		expect(delays.length).toBeLessThanOrEqual(8); // vs 29 polls at a fixed 2 s
		expect(now - 60_000).toBeLessThanOrEqual(2000); // the end is noticed within one interval
	});

	test('from progress when there is no estimate', () => {
		// 20 s elapsed at 50 %: about 20 s left → ask again in 10 s.
		expect(nextPollDelay(task(1000), view({ progress: 50 }), 20_000)).toBe(10_000);
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
