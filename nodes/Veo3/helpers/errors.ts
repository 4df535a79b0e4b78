import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

// Cancellation must cross every catch on its way out (it is never an item's error, even with
// continueOnFail), so the errors that mean "the user stopped the execution" are remembered here.
const cancellations = new WeakSet<Error>();

/** The error for a stopped execution: it names the tasks that keep running, so none is lost. */
export function cancelledError(node: INode, taskIds: string[]): NodeOperationError {
	const error = new NodeOperationError(
		node,
		taskIds.length
			? `Execution cancelled while waiting; these tasks keep running at the gateway: ${taskIds.join(', ')}`
			: 'Execution cancelled',
		{
			description: taskIds.length
				? 'Nothing was lost: fetch the results later with the Get Task operation and the task IDs above.'
				: undefined,
		},
	);
	cancellations.add(error);
	return error;
}

export function isCancellation(error: unknown): boolean {
	return error instanceof Error && cancellations.has(error);
}

/** The message of whatever was thrown, for output items and aggregated errors. */
export function errorText(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}

/** n8n's error types pass through unchanged; anything else is wrapped with the item index. */
export function asNodeError(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), errorText(error), { itemIndex });
}
