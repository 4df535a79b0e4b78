// Rule 1 of never buying twice (index.ts): the Idempotency-Key, the same for the same request of
// the same execution, and the key of each generation (a refunded task is bought again under a
// new key).
import { createHash, randomUUID } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The Idempotency-Key of one paid request: the same for the same n8n instance, execution, node,
 * run, item and request (so our retries, n8n's Retry On Fail and a queue worker that picks the
 * job up again reuse it), different for a new execution and for another n8n instance (staging
 * and production on one API key both have an execution 1).
 */
export function idempotencyKey(parts: {
	instanceId: string;
	workflowId: string;
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	request: unknown;
}): string {
	const hash = createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 48);
	return `n8n-veo3-${hash}`;
}

/** The Idempotency-Key of an item's paid request in this execution (see idempotencyKey). */
export function itemKey(ctx: IExecuteFunctions, itemIndex: number, request: unknown): string {
	return idempotencyKey({
		instanceId: instanceIdOf(ctx),
		workflowId: String(ctx.getWorkflow().id ?? ''),
		// Without an execution ID (never in a saved n8n execution) no two runs may share a key.
		executionId: ctx.getExecutionId() || `no-execution-id-${randomUUID()}`,
		nodeId: ctx.getNode().id,
		runIndex: ctx.getWorkflowDataProxy(itemIndex).$runIndex as number,
		itemIndex,
		request,
	});
}

/** n8n's instance ID (one per installation, shared by its queue workers). */
function instanceIdOf(ctx: IExecuteFunctions): string {
	try {
		return ctx.getInstanceId() ?? '';
	} catch {
		return '';
	}
}

/**
 * The key a generation of the request is sent with: the first is the plain key. A generation
 * that failed (refunded) is bought again with the next one, so the gateway cannot replay it.
 */
export const keyForGeneration = (key: string, generation: number) =>
	generation ? `${key}-${generation}` : key;
