import type { INode } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { cancelledError } from './errors';

// n8n-workflow >= 2.34 has sleep(ms, abortSignal); older hosts (n8n 2.8.x ships 2.8.0) have
// sleep(ms) and ignore the second argument. Listening to the signal ourselves as well makes a
// cancelled execution stop at once on every host.
const sleepWithSignal = sleep as (ms: number, abortSignal?: AbortSignal) => Promise<void>;

export async function sleepUnlessCancelled(
	node: INode,
	ms: number,
	signal: AbortSignal | undefined,
	pendingTaskIds: () => string[] = () => [],
): Promise<void> {
	if (signal?.aborted) throw cancelledError(node, pendingTaskIds());
	if (ms <= 0) return;
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(cancelledError(node, pendingTaskIds()));
		signal?.addEventListener('abort', onAbort, { once: true });
		sleepWithSignal(ms, signal).then(
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
