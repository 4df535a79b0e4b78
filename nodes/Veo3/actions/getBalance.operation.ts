// Get Balance: what the API key (or the whole account) has left, in the gateway's unit.
// The reading itself is processItem's; its output is results.ts outputItem (remaining, used,
// unlimited, and the gateway's answer).
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requireOneOf } from '../helpers/validate';
import type { BalanceJob } from './jobs';

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

/** Reads and checks one item's fields (throws a NodeOperationError naming the field). */
export function readItem(ctx: IExecuteFunctions, itemIndex: number): BalanceJob {
	const scope = requireOneOf(
		ctx,
		itemIndex,
		'Balance Of',
		ctx.getNodeParameter('balanceScope', itemIndex, 'key'),
		['key', 'account'] as const,
	);
	return { kind: 'balance', itemIndex, scope };
}
