// Time and cancellation. Every duration the node waits passes through `scaled`, so tests run the
// real retry and poll code in milliseconds (they set timing.scale); in n8n it is always 1.
import type { INode } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export const timing = { scale: 1 };
export const scaled = (ms: number) => ms * timing.scale;

// The execution was stopped (Stop button, timeout): that error crosses every catch on its way
// out and is never an item's error, even with continueOnFail; remembered here to tell it apart.
const cancellations = new WeakSet<Error>();

export function executionCancelledError(node: INode): NodeOperationError {
	const error = new NodeOperationError(node, 'Execution cancelled');
	cancellations.add(error);
	return error;
}

export function isCancellation(error: unknown): boolean {
	return error instanceof Error && cancellations.has(error);
}

// n8n's sleep takes the cancel signal on newer hosts; on n8n 2.8.x it ignores it and its timer
// outlives a stopped execution, so sleepWithAbort (which clears its timer) is used where the host
// has it. Listening to the signal ourselves as well makes Stop work at once on every host.
const hostSleep = ((n8nWorkflow as { sleepWithAbort?: unknown }).sleepWithAbort ??
	n8nWorkflow.sleep) as (ms: number, abortSignal?: AbortSignal) => Promise<void>;

export async function cancellableSleep(
	node: INode,
	ms: number,
	signal: AbortSignal | undefined,
): Promise<void> {
	if (signal?.aborted) throw executionCancelledError(node);
	if (ms <= 0) return;
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(executionCancelledError(node));
		signal?.addEventListener('abort', onAbort, { once: true });
		hostSleep(ms, signal).then(
			() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			},
			() => {
				signal?.removeEventListener('abort', onAbort);
				onAbort();
			},
		);
	});
}

/**
 * The signal one attempt runs under: it aborts at the attempt's wall-clock deadline (however
 * slowly the answer trickles in) or when the execution is stopped, whichever comes first.
 */
export function attemptSignal(
	cancel: AbortSignal | undefined,
	ms: number,
): { signal: AbortSignal; timedOut: () => boolean } {
	const deadline = AbortSignal.timeout(Math.max(1, Math.round(ms)));
	const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
	return { signal, timedOut: () => deadline.aborted && !cancel?.aborted };
}
