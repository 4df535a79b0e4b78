import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import { apiRequest } from '../transport';
import { asNodeError, isCancellation } from './errors';
import { sleepUnlessCancelled } from './sleep';
import type { TaskView } from './task';
import { parseTaskResponse } from './task';

/** One task the wait loop is watching. */
export interface WatchedTask {
	itemIndex: number;
	taskId: string;
	/** The user's poll interval: the loop never asks about this task more often. */
	intervalMs: number;
	maxWaitSeconds: number;
	/** Epoch ms when the wait budget runs out. */
	deadline: number;
	/** Epoch ms we count the task's age from: when we submitted it, or when waiting began. */
	startedAt: number;
	/** False for Get Task: then the task's own `created` time (if sane) replaces startedAt. */
	createdByThisRun: boolean;
	nextPollAt: number;
	expectedEndAt?: number;
	last?: TaskView;
}

export interface WaitOutcome {
	view?: TaskView;
	error?: Error;
}

const BACKOFF_CAP_MS = 15_000;
// A predicted end further away than this gets a check half-way, in case the task finishes early
// (a gateway's estimated_time can be far above the real time: 60 s estimated, 19 s taken).
const CHECK_HALFWAY_ABOVE_MS = 30_000;

/**
 * How long to wait before asking about a task again. It predicts the end from the gateway's
 * estimated_time and from progress, and asks right then: few requests early, a quick notice at
 * the end. Never below the user's interval; past the predicted end it backs off gently.
 */
export function nextPollDelay(task: WatchedTask, view: TaskView, now: number): number {
	const interval = task.intervalMs;
	if (view.estimatedSeconds && view.estimatedSeconds > 0 && task.expectedEndAt === undefined) {
		task.expectedEndAt = task.startedAt + view.estimatedSeconds * 1000;
	}
	const elapsed = Math.max(0, now - task.startedAt);
	const byEstimate = task.expectedEndAt !== undefined ? task.expectedEndAt - now : undefined;
	const byProgress =
		view.progress > 0 && view.progress < 100 && elapsed > 0
			? (elapsed * (100 - view.progress)) / view.progress
			: undefined;

	let remaining: number | undefined = byEstimate;
	if (byProgress !== undefined) {
		remaining = byEstimate !== undefined && byEstimate > 0 ? Math.min(byEstimate, byProgress) : byProgress;
	}
	if (remaining === undefined) return Math.max(interval, Math.min(elapsed / 4, BACKOFF_CAP_MS));
	if (remaining > 0) {
		return Math.max(interval, remaining > CHECK_HALFWAY_ABOVE_MS ? remaining / 2 : remaining);
	}
	return Math.max(interval, Math.min(-remaining / 4, BACKOFF_CAP_MS));
}

function describeLast(view: TaskView | undefined): string {
	return view ? `last status: ${view.status}, ${view.progress}%` : 'no status received yet';
}

/**
 * Watches all tasks in one loop until each is completed, failed, cancelled or out of time.
 * Polls run concurrently (bounded); the loop sleeps until the earliest task is due.
 * Only cancellation of the execution throws; every other end reaches onSettled.
 */
export async function waitForTasks(
	session: ApiSession,
	tasks: WatchedTask[],
	concurrency: number,
	onSettled: (task: WatchedTask, outcome: WaitOutcome) => void,
): Promise<void> {
	const node = session.ctx.getNode();
	const pending = new Set(tasks);
	const inFlight = new Map<WatchedTask, Promise<void>>();
	let cancelled: unknown;

	const settle = (task: WatchedTask, outcome: WaitOutcome) => {
		pending.delete(task);
		onSettled(task, outcome);
	};

	const pollOnce = async (task: WatchedTask) => {
		let view: TaskView;
		try {
			const body = await apiRequest(session, {
				method: 'GET',
				path: `/v1/tasks/${encodeURIComponent(task.taskId)}`,
				qs: { language: session.language },
				itemIndex: task.itemIndex,
				policy: 'repeatable',
				deadline: task.deadline,
			});
			view = parseTaskResponse(body, task.taskId);
		} catch (error) {
			if (isCancellation(error)) throw asNodeError(session.ctx, error);
			(error as { description?: string }).description = `${
				(error as { description?: string }).description ?? ''
			} Task ${task.taskId} is not lost: check it later with Get Task.`.trim();
			settle(task, { view: task.last, error: error as Error });
			return;
		}
		if (!task.last && !task.createdByThisRun) {
			const created = Number(view.raw.created) * 1000;
			const now = Date.now();
			if (created > now - 86_400_000 && created <= now) task.startedAt = created;
		}
		task.last = view;
		const itemIndex = task.itemIndex;
		if (view.status === 'completed') {
			if (view.videoUrls.length) settle(task, { view });
			else
				settle(task, {
					view,
					error: new NodeOperationError(node, `Task ${task.taskId} completed but returned no video`, {
						itemIndex,
						description: 'The gateway reported success without a video URL. Contact the gateway with the task ID.',
					}),
				});
			return;
		}
		if (view.status === 'failed' || view.status === 'cancelled') {
			settle(task, {
				view,
				error: new NodeOperationError(
					node,
					`Task ${task.taskId} ${view.status}: ${view.error ?? 'the gateway gave no reason'}`,
					{ itemIndex, description: 'Change the prompt or settings named in the reason and run the item again.' },
				),
			});
			return;
		}
		const now = Date.now();
		if (now >= task.deadline) {
			settle(task, {
				view,
				error: new NodeOperationError(
					node,
					`Task ${task.taskId} did not finish within ${task.maxWaitSeconds} seconds (${describeLast(view)})`,
					{
						itemIndex,
						description: `The task keeps running and is not lost: use the Get Task operation with task ID ${task.taskId} to fetch the video later, or raise Max Wait (Seconds).`,
					},
				),
			});
			return;
		}
		task.nextPollAt = Math.min(task.deadline, now + nextPollDelay(task, view, now));
	};

	const pendingIds = () => [...pending].map((t) => t.taskId);
	while (pending.size) {
		if (cancelled) throw cancelled;
		const now = Date.now();
		for (const task of pending) {
			if (inFlight.size >= concurrency) break;
			if (inFlight.has(task) || task.nextPollAt > now) continue;
			inFlight.set(
				task,
				pollOnce(task)
					.catch((error) => {
						cancelled = error;
					})
					.finally(() => inFlight.delete(task)),
			);
		}
		const waits: Array<Promise<unknown>> = [...inFlight.values()];
		const idle = [...pending].filter((task) => !inFlight.has(task));
		if (idle.length && inFlight.size < concurrency) {
			const nextAt = Math.min(...idle.map((task) => task.nextPollAt));
			waits.push(sleepUnlessCancelled(node, nextAt - Date.now(), session.signal, pendingIds));
		}
		if (waits.length) await Promise.race(waits);
	}
	if (cancelled) throw cancelled;
}
