import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as createVideo from './createVideo.operation';
import * as getTask from './getTask.operation';

const operations = { createVideo, getTask };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!(operation in operations)) {
		throw new NodeOperationError(this.getNode(), `Operation: must be Create Video or Get Task`, {
			description: `Got "${operation}".`,
		});
	}
	return await operations[operation as keyof typeof operations].execute.call(this);
}
