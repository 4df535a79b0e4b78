// Get Balance: what the API key (or the whole account) has left, in the gateway's unit.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readBalance } from '../helpers/balance';
import { asNodeError } from '../helpers/errors';
import { requireOneOf } from '../helpers/validate';
import { openSession, scrub } from '../transport';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['getBalance'] } },
	[
		{
			displayName: 'Balance Of',
			name: 'balanceScope',
			type: 'options',
			options: [
				{ name: 'This API Key', value: 'key', description: 'GET /v1/balance' },
				{ name: 'The Whole Account', value: 'account', description: 'GET /v1/user/balance' },
			],
			default: 'key',
			description: "Whose balance to read. The unit is the gateway's: USD, CNY or credits.",
		},
	],
);

/** One output item per input item: remaining, used, unlimited, and the gateway's answer. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const session = await openSession(this, {
		requestTimeoutSeconds: 30,
		language: 'en',
		concurrency: 1,
	});
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			const scope = requireOneOf(
				this,
				itemIndex,
				'Balance Of',
				this.getNodeParameter('balanceScope', itemIndex, 'key'),
				['key', 'account'] as const,
			);
			const balance = await readBalance(session, itemIndex, scope);
			output.push({
				json: {
					remaining: balance.remaining,
					used: balance.used,
					unlimited: balance.unlimited,
					balance: balance.raw,
				},
				pairedItem: { item: itemIndex },
			});
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			error.message = scrub(session.apiKey, error.message);
			if (!this.continueOnFail()) throw error;
			const item: INodeExecutionData = {
				json: { error: error.message },
				pairedItem: { item: itemIndex },
			};
			if (this.getNode().onError === 'continueErrorOutput') item.error = error;
			output.push(item);
		}
	}
	return [output];
}
