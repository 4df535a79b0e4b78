// The memory of the paid requests this process already sent, by idempotency key. n8n's Retry On
// Fail re-runs the whole node in the same execution: it must go on waiting for the tasks it
// created instead of buying them again. A task that failed is refunded: the re-run buys a new one
// (generation + 1, a new key). A create that failed after it was sent may have made a task that
// we cannot name: the re-run must not resend it blindly.
import type { IDataObject } from 'n8n-workflow';

type CreatedTask =
	| { taskId: string; raw: IDataObject; at: number; generation: number; failed?: boolean }
	/** The create failed after it was sent: a task may exist that we cannot name. */
	| { taskId?: undefined; at: number; generation: number; ambiguous: true };

const createdTasks = new Map<string, CreatedTask>();
const REMEMBER_MS = 24 * 3600_000;
const REMEMBER_MAX = 10_000;

/**
 * What every try of a request left, which its entry forgets (a new generation replaces it):
 * each task a create was answered with, one no status request can reach included, and whether a
 * create may have made a task no answer named. n8n keeps only the last try's output or error, so
 * the run's answer names these whatever the last try ended with.
 */
export interface TriesLeft {
	taskIds: string[];
	unnamed: boolean;
}
const triesLeft = new Map<string, TriesLeft>();

function leftBy(key: string): TriesLeft {
	let left = triesLeft.get(key);
	if (!left) triesLeft.set(key, (left = { taskIds: [], unnamed: false }));
	return left;
}

function noteTask(key: string, taskId: string) {
	const left = leftBy(key);
	if (!left.taskIds.includes(taskId)) left.taskIds.push(taskId);
}

/** What the tries of this request left besides `current` (the task the item has), if anything. */
export function earlierTries(key: string, current?: string): TriesLeft | undefined {
	const left = rememberedTask(key) && triesLeft.get(key);
	const taskIds = left ? left.taskIds.filter((id) => id !== current) : [];
	return left && (taskIds.length || left.unnamed) ? { taskIds, unnamed: left.unnamed } : undefined;
}

/** What an earlier try of this request left (within a day), if anything. */
export function rememberedTask(key: string): CreatedTask | undefined {
	const entry = createdTasks.get(key);
	return entry && Date.now() - entry.at < REMEMBER_MS ? entry : undefined;
}

/**
 * The task an earlier try created and that is still good (not failed): a re-run goes on with it,
 * and the spending limits do not count it again.
 */
export function reusableTask(key: string) {
	const earlier = rememberedTask(key);
	return earlier?.taskId !== undefined && !earlier.failed ? earlier : undefined;
}

/** The generation the next create of this request is sent as. */
export function nextGeneration(earlier: CreatedTask | undefined): number {
	if (!earlier) return 0;
	// The same key again after an ambiguous failure (the gateway replays it); a new one after a failure.
	return earlier.generation + (earlier.taskId !== undefined ? 1 : 0);
}

/** `replayed`: the gateway replays keys, so this is the task an earlier ambiguous send made. */
export function rememberCreated(
	key: string,
	generation: number,
	task: { taskId: string; raw: IDataObject },
	replayed: boolean,
) {
	const earlier = createdTasks.get(key);
	if (replayed && earlier && 'ambiguous' in earlier && earlier.generation === generation)
		leftBy(key).unnamed = false;
	noteTask(key, task.taskId);
	remember(key, { ...task, at: Date.now(), generation });
}

/**
 * The create may have made a task that cannot be named, or named one that cannot be looked up
 * (`unreachableTaskId`): never resent blindly.
 */
export function rememberAmbiguous(key: string, generation: number, unreachableTaskId?: string) {
	if (unreachableTaskId === undefined) leftBy(key).unnamed = true;
	else noteTask(key, unreachableTaskId);
	remember(key, { at: Date.now(), generation, ambiguous: true });
}

/** The task failed or was cancelled (and refunded): a re-run of the node may buy it again. */
export function markGenerationFailed(key: string, taskId: string) {
	const entry = createdTasks.get(key);
	if (entry?.taskId === taskId) entry.failed = true;
}

function remember(key: string, entry: CreatedTask) {
	if (createdTasks.size >= REMEMBER_MAX) {
		const oldest = createdTasks.keys().next().value as string;
		createdTasks.delete(oldest);
		triesLeft.delete(oldest);
	}
	createdTasks.set(key, entry);
}
