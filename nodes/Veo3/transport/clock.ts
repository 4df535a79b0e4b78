// Time and cancellation. The node keeps time only with Date.now() and n8n's sleep (never
// AbortSignal.timeout or the socket's own timers): the tests replace both with a virtual clock
// (test/support/virtualTime.ts), so every deadline, back-off and poll wait runs on the test's
// time, in full seconds, however busy the machine is.
import type { INode } from 'n8n-workflow';
import * as n8nWorkflow from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
 * The signal one attempt runs under: it aborts at the attempt's deadline (however slowly the
 * answer trickles in) or when the execution is stopped, whichever comes first. `done` ends the
 * deadline's timer once the attempt is over (on hosts whose sleep takes a signal).
 */
export function attemptSignal(
	cancel: AbortSignal | undefined,
	ms: number,
): { signal: AbortSignal; timedOut: () => boolean; done: () => void } {
	const deadline = new AbortController();
	const over = new AbortController();
	hostSleep(Math.max(1, Math.round(ms)), over.signal).then(
		() => deadline.abort(new DOMException('The attempt timed out', 'TimeoutError')),
		() => undefined,
	);
	const signal = cancel ? AbortSignal.any([cancel, deadline.signal]) : deadline.signal;
	return {
		signal,
		timedOut: () => deadline.signal.aborted && !cancel?.aborted,
		done: () => over.abort(),
	};
}

/**
 * The socket timeout given to n8n's request helpers: only a backstop in case a host drops the
 * attempt's signal (which is the real deadline, on the node's clock); it counts idle time on the
 * socket, not the whole attempt, and so it is never the first to fire.
 */
export const socketBackstopMs = (ms: number) => ms + 30_000;
