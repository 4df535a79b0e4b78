// execute(): what every operation shares, right for a paid API. Every item is read before anything
// is sent, then one session, the spending check, every item at once (the session bounds the
// requests), and one output item per input item (or one error that lists every task, so nothing
// paid for is lost), with error outputs, Stop and the API key scrubbed. The operations are known
// only through the table in operations.ts.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkSpending } from '../helpers/balance';
import { HaltGate } from '../helpers/neverBuyTwice';
import type { ApiSession } from '../transport';
import { asNodeError, isCancellation, openSession } from '../transport';
import { readRunSettings } from './advancedOptions';
import type { ItemJob, ItemRecord, Operation } from './operation';
import { OPERATIONS, operationNamed } from './operations';
import type { NodeError } from './output';
import { cancelledError, finishItemError, outputItem, runError, scrubError } from './output';
import type { ItemPurchase } from './spending';
import { addCostHint, plannedPurchase } from './spending';

interface Prepared {
	jobs: ItemJob[];
	purchases: ItemPurchase[];
	session?: ApiSession;
}

function operationOf(ctx: IExecuteFunctions): Operation {
	const value = ctx.getNodeParameter('operation', 0) as string;
	const operation = operationNamed(value);
	if (operation) return operation;
	const names = OPERATIONS.map(({ option }) => option.name);
	throw new NodeOperationError(
		ctx.getNode(),
		`Operation: must be ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`,
		{ description: `Got "${value}".` },
	);
}

/**
 * Reads and checks every item before any request is sent (bad input costs nothing), opens the
 * session and checks the spending limits. A bad item's error goes into `errors`; a run-wide
 * problem (credential, Advanced Options, the limits) is thrown.
 */
async function prepare(
	ctx: IExecuteFunctions,
	operation: Operation,
	errors: Array<NodeError | undefined>,
	prepared: Prepared,
) {
	const settings = readRunSettings(ctx);
	for (let itemIndex = 0; itemIndex < errors.length; itemIndex++) {
		try {
			prepared.jobs.push(operation.readItem(ctx, itemIndex, settings));
		} catch (error) {
			errors[itemIndex] = asNodeError(ctx, error, itemIndex);
			if (!ctx.continueOnFail()) throw errors[itemIndex];
		}
	}
	for (const job of prepared.jobs) {
		const purchase = operation.purchase?.(job);
		if (purchase) prepared.purchases.push({ itemIndex: job.itemIndex, purchase });
	}
	// Kept before the limits are checked, so that their error is scrubbed with its key too.
	if (prepared.jobs.length) prepared.session = await openSession(ctx, settings);
	if (prepared.session)
		await checkSpending(prepared.session, plannedPurchase(prepared.purchases), settings);
}

/** Runs every item at once; returns whether the execution was stopped meanwhile. */
async function runAll(
	ctx: IExecuteFunctions,
	operation: Operation,
	session: ApiSession,
	jobs: ItemJob[],
	records: ItemRecord[],
	errors: Array<NodeError | undefined>,
) {
	const gate = new HaltGate(!ctx.continueOnFail());
	let cancelled = false;
	await Promise.all(
		jobs.map(async (job) => {
			try {
				await operation.execute(session, job, records[job.itemIndex], gate);
			} catch (error) {
				if (isCancellation(error)) cancelled = true;
				else errors[job.itemIndex] = asNodeError(ctx, error, job.itemIndex);
			}
		}),
	);
	return cancelled || Boolean(session.signal?.aborted);
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const itemCount = this.getInputData().length;
	const continueOnFail = this.continueOnFail();
	const toErrorOutput = this.getNode().onError === 'continueErrorOutput';
	const records: ItemRecord[] = Array.from({ length: itemCount }, () => ({}));
	const errors: Array<NodeError | undefined> = new Array(itemCount);
	const prepared: Prepared = { jobs: [], purchases: [] };
	let operation: Operation | undefined;
	try {
		operation = operationOf(this);
		await prepare(this, operation, errors, prepared);
	} catch (error) {
		const apiKey = prepared.session?.apiKey ?? '';
		const runWide = scrubError(asNodeError(this, error), apiKey);
		if (!continueOnFail) throw runWide;
		// A run-wide problem is every item's error: each item its own, naming the item.
		const itemError = (i: number) =>
			new NodeOperationError(this.getNode(), runWide.message, {
				itemIndex: i,
				description: runWide.description ?? undefined,
			});
		return [
			records.map((record, i) =>
				outputItem(i, record, scrubError(errors[i] ?? itemError(i), apiKey), toErrorOutput, apiKey),
			),
		];
	}
	const { jobs, purchases, session } = prepared;
	const cancelled = session ? await runAll(this, operation, session, jobs, records, errors) : false;
	addCostHint(this, purchases, records);
	const apiKey = session?.apiKey ?? '';
	const bought = new Set(purchases.map(({ itemIndex }) => itemIndex));
	for (const [itemIndex, error] of errors.entries())
		if (error) finishItemError(error, records[itemIndex], apiKey, bought.has(itemIndex));
	if (cancelled) throw scrubError(cancelledError(this, records, apiKey), apiKey);
	const failed = errors
		.map((error, itemIndex) => ({ error, itemIndex }))
		.filter(({ error }) => error) as Array<{ error: NodeError; itemIndex: number }>;
	if (failed.length && !continueOnFail)
		throw scrubError(runError(this, failed, records, errors), apiKey);
	return [records.map((record, i) => outputItem(i, record, errors[i], toErrorOutput, apiKey))];
}
