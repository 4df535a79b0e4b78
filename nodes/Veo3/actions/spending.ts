// What the run spends: what it would buy (checked against the spending limits before anything is
// sent) and what it bought (the cost hint n8n shows with the execution).
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PlannedPurchase } from '../helpers/balance';
import { reusableTask } from '../helpers/neverBuyTwice';
import type { ItemRecord, Purchase } from './operation';

/** What one item would buy. */
export interface ItemPurchase {
	itemIndex: number;
	purchase: Purchase;
}

/** What the run would buy: every item's videos, tasks an earlier try bought left out. */
export function plannedPurchase(purchases: ItemPurchase[]): PlannedPurchase {
	const sampleCounts = purchases
		.filter(({ purchase }) => !reusableTask(purchase.idempotencyKey))
		.map(({ purchase }) => purchase.videos);
	return {
		items: sampleCounts.length,
		videos: sampleCounts.reduce((sum, n) => sum + n, 0),
		sampleCounts,
	};
}

/** The run's cost at a glance, where n8n shows execution hints (n8n 1.x and later). */
export function addCostHint(
	ctx: IExecuteFunctions,
	purchases: ItemPurchase[],
	records: ItemRecord[],
) {
	if (!purchases.length || typeof ctx.addExecutionHints !== 'function') return;
	ctx.addExecutionHints({ message: costSummary(purchases, records), location: 'outputPane' });
}

export function costSummary(purchases: ItemPurchase[], records: ItemRecord[]): string {
	let bought = 0;
	let reused = 0;
	let cost: number | undefined;
	let credits: number | undefined;
	for (const { itemIndex, purchase } of purchases) {
		const record = records[itemIndex];
		if (!record.taskId) continue;
		if (record.reused) reused++;
		else bought += purchase.videos;
		if (record.task?.cost !== undefined) cost = (cost ?? 0) + record.task.cost;
		if (record.task?.creditsCost !== undefined) credits = (credits ?? 0) + record.task.creditsCost;
	}
	const round = (n: number) => Math.round(n * 10_000) / 10_000;
	// The API's units: cost is in USD, credits_cost in credits (cost × 10).
	const usd = cost !== undefined ? `cost ${round(cost)} USD` : '';
	const inCredits =
		credits !== undefined ? `${round(credits)} credit${credits === 1 ? '' : 's'}` : '';
	const spent =
		usd && inCredits
			? `${usd} (${inCredits})`
			: usd || (inCredits ? `cost ${inCredits}` : 'cost not reported by the gateway');
	const reusedPart = reused ? `, ${reused} task${reused === 1 ? '' : 's'} reused` : '';
	return `Veo3: ${bought} video${bought === 1 ? '' : 's'} bought${reusedPart}; ${spent}`;
}
