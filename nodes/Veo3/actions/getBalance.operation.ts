// Get Balance: what the API key (or the whole account) has left, in the gateway's unit: remaining,
// used, unlimited, and the gateway's answer.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readBalance } from '../helpers/balance';
import { requireOneOf } from '../helpers/validate';
import type { ItemJob, Operation } from './operation';

interface BalanceJob extends ItemJob {
	scope: 'key' | 'account';
}

const description: INodeProperties[] = updateDisplayOptions(
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

function readItem(ctx: IExecuteFunctions, itemIndex: number): BalanceJob {
	const scope = requireOneOf(
		ctx,
		itemIndex,
		'Balance Of',
		ctx.getNodeParameter('balanceScope', itemIndex, 'key'),
		['key', 'account'] as const,
	);
	return { itemIndex, scope };
}

export const getBalance: Operation<BalanceJob> = {
	option: {
		name: 'Get Balance',
		value: 'getBalance',
		action: 'Get the account balance',
		description: 'What the API key or the account has left to spend',
	},
	description,
	readItem,
	async execute(session, job, record) {
		const { remaining, used, unlimited, raw } = await readBalance(
			session,
			job.itemIndex,
			job.scope,
		);
		record.json = { remaining, used, unlimited, balance: raw };
		record.summary = `balance ${remaining ?? 'unlimited'}`;
	},
};
