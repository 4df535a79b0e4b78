import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Thrown when the user (or n8n's execution timeout) stops the execution while we wait. */
export class ExecutionCancelledByUser extends NodeOperationError {
	constructor(node: INode, taskIds: string[]) {
		super(
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
	}
}

export function isCancellation(error: unknown): boolean {
	return error instanceof ExecutionCancelledByUser;
}

/** The message of whatever was thrown, for output items and aggregated errors. */
export function errorText(error: unknown): string {
	if (error instanceof Error) return error.message;
	return String(error);
}
