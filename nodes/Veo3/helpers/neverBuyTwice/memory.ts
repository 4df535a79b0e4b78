// Rule 2 of never buying twice (index.ts): the memory of what this process bought, by key, and
// the one rule for what a re-run of the node (n8n's Retry On Fail) reuses.
import type { IDataObject } from 'n8n-workflow';

import { setBounded } from '../boundedMap';
import type { TaskView } from '../task';

/** What one try left: a named task, or a request that may have made one. */
type TryOutcome = (
	| { taskId: string; raw: IDataObject; failed?: boolean }
	/** The request failed after it was sent: a task may exist that we cannot name. */
	| { taskId?: undefined; ambiguous: true }
) & { at: number; generation: number };

type Bought = TryOutcome & {
	/**
	 * Every task ID an answer to any try named for this request, of every generation: each is
	 * paid (or was, and refunded), and the item names them all, whatever its last try ended with.
	 */
	named: string[];
	/**
	 * A try's request may have made a task that no answer named (it failed after it was sent),
	 * and no replay of the same key has named it since: the item warns of it.
	 */
	unnamed: boolean;
};

const bought = new Map<string, Bought>();
const REMEMBER_MS = 24 * 3600_000;

/** What an earlier try of this request left (within a day), if anything. */
export function rememberedTask(key: string): Bought | undefined {
	const entry = bought.get(key);
	return entry && Date.now() - entry.at < REMEMBER_MS ? entry : undefined;
}

/**
 * The one reuse rule: the task an earlier try created and that is still good (not failed). A
 * re-run goes on with it, and the spending limits do not count it again.
 */
export function reusableTask(key: string) {
	const earlier = rememberedTask(key);
	return earlier?.taskId !== undefined && !earlier.failed ? earlier : undefined;
}

/** The generation the next request is sent as. */
export function nextGeneration(earlier: Bought | undefined): number {
	if (!earlier) return 0;
	// The same key again after an ambiguous failure (the gateway replays it); a new one after a failure.
	return earlier.generation + (earlier.taskId !== undefined ? 1 : 0);
}

/** Keeps what this try learnt, and every task an earlier try was told of. */
export function remember(
	key: string,
	entry: TryOutcome,
	told: { named: string[]; unnamed?: boolean; replayed?: boolean },
) {
	const earlier = bought.get(key);
	// A gateway that replays keys answers a resend of the same generation with the task the lost
	// answer named: that task is named now.
	const resolved = told.replayed && earlier?.generation === entry.generation;
	const unnamed = Boolean(told.unnamed) || (Boolean(earlier?.unnamed) && !resolved);
	setBounded(bought, key, {
		...entry,
		named: [...new Set([...(earlier?.named ?? []), ...told.named])],
		unnamed,
	});
}

/** The tasks the gateway named for this request besides the one the item goes on with. */
export function otherNamedTasks(key: string, taskId?: string) {
	return (rememberedTask(key)?.named ?? []).filter((id) => id !== taskId);
}

/**
 * A waited-for task ended without its video: failed or cancelled tasks are refunded, so a re-run
 * of the node may buy it again (the next generation).
 */
export function settleGeneration(key: string, task: TaskView) {
	const entry = bought.get(key);
	if (task.status !== 'completed' && entry?.taskId === task.taskId) entry.failed = true;
}
