// Waiting for one task: ask at the end the gateway predicts, never more often than the Poll
// Interval, until the task ends or the wait budget runs out.
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { cancellableSleep, fetchLater } from '../transport';
import { glitchError, readTask } from './readTask';
import type { TaskView } from './task';
import { FINAL_STATUSES } from './task';

export interface WaitSettings {
	maxWaitSeconds: number;
	pollIntervalSeconds: number;
}

/** What the schedule knows of one task between two polls. */
export interface PollSchedule {
	/** The user's poll interval in ms: never ask about the task more often. */
	intervalMs: number;
	/** Epoch ms the task's age counts from. */
	startedAt: number;
	expectedEndAt?: number;
	/** Epoch ms the node began watching (later than startedAt for a task made long ago). */
	watchingSince?: number;
}

const POLL_GAP_CAP_MS = 15_000;
// A predicted end further away than this gets a check half-way, in case the task finishes early
// (a gateway's estimated_time can be far above the real time: 60 s estimated, 19 s taken).
const CHECK_HALFWAY_ABOVE_MS = 30_000;
// Whatever the estimate says, the gap between two polls stays below max(2 s, 20 % of the task's
// age so far, counted from when the node began watching it): a task that ends is noticed within
// max(2 s, Poll Interval, 20 % of its duration or of the time the node has waited for it).
const PROMPT_FLOOR_MS = 2000;
const PROMPT_SHARE = 0.2;

/**
 * How long to wait before asking about a task again. It predicts the end from the gateway's
 * estimated_time and from progress, and asks right then: a quick notice at the end, few requests
 * when the prediction is right. The gap never exceeds the prompt-notice cap above (so a wrong
 * estimate cannot make the node late), and is never below the user's Poll Interval.
 * Times are in milliseconds; the gateway's seconds are converted here.
 */
export function nextPollDelay(schedule: PollSchedule, view: TaskView, now: number): number {
	const interval = schedule.intervalMs;
	if (view.estimatedSeconds && view.estimatedSeconds > 0 && schedule.expectedEndAt === undefined) {
		schedule.expectedEndAt = schedule.startedAt + view.estimatedSeconds * 1000;
	}
	const elapsed = Math.max(0, now - schedule.startedAt);
	// An overdue task is asked about more often as the node watches it longer, counted from when
	// the node began watching: a task created hours ago is not asked about hours apart.
	const watched = Math.max(0, now - (schedule.watchingSince ?? schedule.startedAt));
	const byEstimate =
		schedule.expectedEndAt !== undefined ? schedule.expectedEndAt - now : undefined;
	const byProgress =
		view.progress > 0 && view.progress < 100 && elapsed > 0
			? (elapsed * (100 - view.progress)) / view.progress
			: undefined;

	let remaining: number | undefined = byEstimate;
	if (byProgress !== undefined) {
		remaining =
			byEstimate !== undefined && byEstimate > 0 ? Math.min(byEstimate, byProgress) : byProgress;
	}
	const gapCap = POLL_GAP_CAP_MS;
	let predicted: number;
	if (remaining === undefined) predicted = Math.min(watched / 4, gapCap);
	else if (remaining > 0)
		predicted = remaining > CHECK_HALFWAY_ABOVE_MS ? remaining / 2 : remaining;
	else predicted = Math.min(-remaining / 4, watched / 4, gapCap);
	// The age counts only as far as the node has watched: a gateway whose clock (or whose task)
	// says "created hours ago" cannot stretch the gap past 20 % of what the node has seen.
	const promptCap = Math.max(PROMPT_FLOOR_MS, PROMPT_SHARE * Math.min(elapsed, watched));
	return Math.max(interval, Math.min(predicted, promptCap));
}

/**
 * Polls one task until it is completed with a video, failed or cancelled, and returns it. Only a
 * definitive answer ends the wait early (readTask.ts); glitches are asked again until Max Wait.
 * Throws (with the task ID, which is never lost) at Max Wait or on a definitive error.
 * `createdAt` is when we created the task; for a task we are only asked about (Get Task) it is
 * undefined and the task's own `created` time is used.
 */
export async function waitForTask(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	settings: WaitSettings,
	createdAt: number | undefined,
): Promise<TaskView> {
	const began = Date.now();
	const deadline = began + settings.maxWaitSeconds * 1000;
	const schedule: PollSchedule = {
		intervalMs: settings.pollIntervalSeconds * 1000,
		startedAt: createdAt ?? began,
		watchingSince: began,
	};
	// A task we just created cannot be done yet; one we are asked about may be.
	let nextPollAt = createdAt !== undefined ? createdAt + schedule.intervalMs : began;
	let last: { view?: TaskView; glitch?: string } = {};
	let completedWithoutVideo = 0;
	for (let first = true; ; first = false) {
		await cancellableSleep(session.node, nextPollAt - Date.now(), session.signal);
		const reading = await readTask(session, itemIndex, taskId, deadline, { createdAt });
		if (reading.kind === 'end') throw reading.error;
		if (reading.kind === 'glitch') {
			last = { ...last, glitch: reading.reason };
			session.log('debug', `task ${taskId}: ${reading.reason}; asking again`);
		} else {
			const view = reading.view;
			last = { view };
			if (first && createdAt === undefined && view.createdAt && view.createdAt <= Date.now())
				schedule.startedAt = Math.max(view.createdAt, began - 86_400_000);
			// A first "completed" may come before its video list: one more look before giving up.
			const videoPending = view.status === 'completed' && !view.videoUrls.length;
			if (videoPending && ++completedWithoutVideo < 2) last.glitch = 'completed without a video';
			else if (FINAL_STATUSES.includes(view.status)) return view;
		}
		const now = Date.now();
		if (now >= deadline) throw maxWaitError(session, itemIndex, taskId, settings, last);
		const gap = last.view ? nextPollDelay(schedule, last.view, now) : schedule.intervalMs;
		nextPollAt = Math.min(deadline, now + Math.max(schedule.intervalMs, gap));
	}
}

function maxWaitError(
	session: ApiSession,
	itemIndex: number,
	taskId: string,
	settings: WaitSettings,
	last: { view?: TaskView; glitch?: string },
) {
	if (!last.view && last.glitch)
		return glitchError(session, itemIndex, taskId, last.glitch, settings.maxWaitSeconds);
	const view = last.view;
	const word = view?.unknownStatus
		? `"${view.unknownStatus}" (a status this node does not know)`
		: (view?.status ?? 'unknown');
	const also = last.glitch ? `; the last answer was ${last.glitch}` : '';
	return new NodeOperationError(
		session.node,
		`Task ${taskId} did not finish within ${settings.maxWaitSeconds} seconds (last status: ${word}, ${view?.progress ?? 0}%${also})`,
		{
			itemIndex,
			description: `The task keeps running and is not lost: ${fetchLater(taskId)}, or raise Max Wait (Seconds).`,
		},
	);
}
