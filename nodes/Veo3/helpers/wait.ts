// Waiting for one task: ask at the end the gateway predicts, never more often than the Poll
// Interval, until the task ends or the wait budget runs out.
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { cancellableSleep, scaled } from '../transport';
import type { TaskView } from './task';
import { FINAL_STATUSES, getTask } from './task';

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
}

const BACKOFF_CAP_MS = 15_000;
// A predicted end further away than this gets a check half-way, in case the task finishes early
// (a gateway's estimated_time can be far above the real time: 60 s estimated, 19 s taken).
const CHECK_HALFWAY_ABOVE_MS = 30_000;
// Whatever the estimate says, the gap between two polls stays below max(2 s, 20 % of the task's
// age so far): a task that ends is noticed within max(2 s, Poll Interval, 20 % of its duration).
const PROMPT_FLOOR_MS = 2000;
const PROMPT_SHARE = 0.2;

/**
 * How long to wait before asking about a task again. It predicts the end from the gateway's
 * estimated_time and from progress, and asks right then: a quick notice at the end, few requests
 * when the prediction is right. The gap never exceeds the prompt-notice cap above (so a wrong
 * estimate cannot make the node late), and is never below the user's Poll Interval.
 * Times are in the node's (scaled) milliseconds; the gateway's seconds are scaled here.
 */
export function nextPollDelay(schedule: PollSchedule, view: TaskView, now: number): number {
	const interval = schedule.intervalMs;
	if (view.estimatedSeconds && view.estimatedSeconds > 0 && schedule.expectedEndAt === undefined) {
		schedule.expectedEndAt = schedule.startedAt + scaled(view.estimatedSeconds * 1000);
	}
	const elapsed = Math.max(0, now - schedule.startedAt);
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
	const backoffCap = scaled(BACKOFF_CAP_MS);
	let predicted: number;
	if (remaining === undefined) predicted = Math.min(elapsed / 4, backoffCap);
	else if (remaining > 0)
		predicted = remaining > scaled(CHECK_HALFWAY_ABOVE_MS) ? remaining / 2 : remaining;
	else predicted = Math.min(-remaining / 4, backoffCap);
	const promptCap = Math.max(scaled(PROMPT_FLOOR_MS), PROMPT_SHARE * elapsed);
	return Math.max(interval, Math.min(predicted, promptCap));
}

/**
 * Polls one task until it is completed, failed or cancelled, and returns it; throws (with the
 * task ID, which is never lost) when the wait budget runs out or a poll cannot get through.
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
	const deadline = began + scaled(settings.maxWaitSeconds * 1000);
	const schedule: PollSchedule = {
		intervalMs: scaled(settings.pollIntervalSeconds * 1000),
		startedAt: createdAt ?? began,
	};
	// A task we just created cannot be done yet; one we are asked about may be.
	let nextPollAt = createdAt !== undefined ? createdAt + schedule.intervalMs : began;
	for (let first = true; ; first = false) {
		await cancellableSleep(session.node, nextPollAt - Date.now(), session.signal);
		const view = await getTask(session, itemIndex, taskId, deadline);
		if (first && createdAt === undefined) {
			const created = Number(view.raw.created) * 1000;
			if (created > Date.now() - 86_400_000 && created <= Date.now()) schedule.startedAt = created;
		}
		if (FINAL_STATUSES.includes(view.status)) return view;
		const now = Date.now();
		if (now >= deadline) {
			const last = `last status: ${view.unknownStatus ? `"${view.unknownStatus}" (a status this node does not know)` : view.status}, ${view.progress}%`;
			throw new NodeOperationError(
				session.node,
				`Task ${taskId} did not finish within ${settings.maxWaitSeconds} seconds (${last})`,
				{
					itemIndex,
					description: `The task keeps running and is not lost: use the Get Task operation with task ID ${taskId} to fetch the video later, or raise Max Wait (Seconds).`,
				},
			);
		}
		nextPollAt = Math.min(deadline, now + nextPollDelay(schedule, view, now));
	}
}
