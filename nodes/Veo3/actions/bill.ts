// The run's bill: what it would buy (checked against the spending limits before anything is
// sent) and what it bought (the execution hint).
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PlannedPurchase } from '../helpers/balance';
import { reusableTask } from '../helpers/createdTasks';
import type { CreateJob, ItemJob, ItemRecord } from './jobs';

/** What the run would buy: every create job's Sample Count, tasks an earlier try made left out. */
export function plannedPurchase(jobs: ItemJob[]): PlannedPurchase {
	const sampleCounts = jobs
		.filter((job): job is CreateJob => job.kind === 'create')
		.filter((job) => !reusableTask(job.idempotencyKey))
		.map((job) => Number(job.body.sample_count ?? 1));
	return {
		items: sampleCounts.length,
		videos: sampleCounts.reduce((sum, n) => sum + n, 0),
		sampleCounts,
	};
}

/** The run's cost at a glance, where n8n shows execution hints (n8n 1.x and later). */
export function addCostHint(ctx: IExecuteFunctions, jobs: ItemJob[], records: ItemRecord[]) {
	if (!jobs.some((job) => job.kind === 'create') || typeof ctx.addExecutionHints !== 'function')
		return;
	ctx.addExecutionHints({ message: costSummary(jobs, records), location: 'outputPane' });
}

export function costSummary(jobs: ItemJob[], records: ItemRecord[]): string {
	let bought = 0;
	let reused = 0;
	let cost: number | undefined;
	let credits: number | undefined;
	for (const job of jobs) {
		const record = records[job.itemIndex];
		if (job.kind !== 'create' || !record.taskId) continue;
		if (record.reused) reused++;
		else bought += Number(job.body.sample_count ?? 1);
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
