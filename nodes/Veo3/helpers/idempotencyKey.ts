// The Idempotency-Key of one paid request, and the key of each generation of it.
import { createHash } from 'node:crypto';

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

/** n8n's instance ID (one per installation, shared by its queue workers). */
export function instanceIdOf(ctx: IExecuteFunctions): string {
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
