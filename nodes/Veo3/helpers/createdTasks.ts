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

export function rememberCreated(
	key: string,
	generation: number,
	task: { taskId: string; raw: IDataObject },
) {
	remember(key, { ...task, at: Date.now(), generation });
}

/** The create may have made a task that cannot be named or looked up: never resent blindly. */
export function rememberAmbiguous(key: string, generation: number) {
	remember(key, { at: Date.now(), generation, ambiguous: true });
}

/** The task failed or was cancelled (and refunded): a re-run of the node may buy it again. */
export function markGenerationFailed(key: string, taskId: string) {
	const entry = createdTasks.get(key);
	if (entry?.taskId === taskId) entry.failed = true;
}

function remember(key: string, entry: CreatedTask) {
	if (createdTasks.size >= REMEMBER_MAX)
		createdTasks.delete(createdTasks.keys().next().value as string);
	createdTasks.set(key, entry);
}
