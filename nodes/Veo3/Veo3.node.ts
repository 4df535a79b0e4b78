import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { OPERATION_SUBTITLE, OPERATIONS, operationField } from './actions/operations';
import { router } from './actions/router';
import { listModels } from './methods/listSearch';

export class Veo3 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Veo3',
		name: 'veo3',
		icon: { light: 'file:veo3.svg', dark: 'file:veo3.dark.svg' },
		group: ['transform'],
		// 1.1: the leaner panel (model picker, Image Input "None", Return); 1 keeps its fields.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: OPERATION_SUBTITLE,
		description:
			'Create videos with Veo 3.1 (APIMart and compatible gateways) and get them back as links or files',
		defaults: { name: 'Veo3' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'veo3Api', required: true }],
		properties: [operationField, ...OPERATIONS.flatMap(({ description }) => description)],
	};

	methods = { listSearch: { listModels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
