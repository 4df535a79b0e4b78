// The account's balance (GET /v1/balance for the API key, /v1/user/balance for the account) and
// the run's spending guard: nothing is bought when the run would buy more videos than the user
// allows, or when the balance is below the user's floor.
import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../transport';
import {
	apiMessage,
	apiRequest,
	asNumber,
	effectiveStatus,
	requestError,
	scrub,
	scrubDeep,
} from '../transport';

interface Balance {
	/** null for an unlimited key. */
	remaining: number | null;
	used: number | null;
	unlimited: boolean;
	raw: IDataObject;
}

const BALANCE_BUDGET_MS = 30_000;

/** Reads the balance; throws a NodeApiError naming what went wrong. */
export async function readBalance(
	session: ApiSession,
	itemIndex: number,
	scope: 'key' | 'account',
): Promise<Balance> {
	const path = scope === 'account' ? '/v1/user/balance' : '/v1/balance';
	const answer = await getBalanceAnswer(session, path, itemIndex);
	// Errors come back as HTTP 200 with success: false and a message.
	const failed = answer.ok ? answer.body : (answer.last.body as IDataObject | undefined);
	if (failed?.success === false && (answer.ok || answer.last.status === 200)) {
		const message = `The gateway could not report the balance: ${scrub(session.apiKey, apiMessage(failed) ?? 'no reason given')}`;
		throw new NodeApiError(session.node, { message } as JsonObject, {
			message,
			itemIndex,
			httpCode: '200',
		});
	}
	if (!answer.ok) {
		if (effectiveStatus(answer.last) === 404) {
			throw new NodeOperationError(session.node, 'This gateway does not report balances (404)', {
				itemIndex,
				description: `${session.baseUrl}${path} is not served by this gateway. Check the balance on the gateway's website${scope === 'key' ? '' : ', or try the API key balance'}.`,
			});
		}
		throw requestError(session, itemIndex, answer);
	}
	const body = scrubDeep(session.apiKey, answer.body);
	const remain = asNumber(body.remain_balance ?? body.remain_credits);
	const unlimited = body.unlimited_quota === true || remain === -1;
	return {
		remaining: unlimited ? null : (remain ?? null),
		used: asNumber(body.used_balance ?? body.used_credits) ?? null,
		unlimited,
		raw: body,
	};
}

async function getBalanceAnswer(session: ApiSession, path: string, itemIndex: number) {
	return await apiRequest(session, {
		method: 'GET',
		path,
		itemIndex,
		kind: 'free',
		deadline: Date.now() + BALANCE_BUDGET_MS,
	});
}

interface SpendingLimits {
	/** 0: no limit. */
	maxVideosPerRun: number;
	minBalance?: number;
}

export interface PlannedPurchase {
	items: number;
	/** Videos the run would buy (items × Sample Count, tasks reused from an earlier try left out). */
	videos: number;
	sampleCounts: number[];
}

/** Throws, before anything is sent, when the run would buy more than the user allows. */
export async function checkSpending(
	session: ApiSession,
	plan: PlannedPurchase,
	limits: SpendingLimits,
) {
	const { videos, items, sampleCounts } = plan;
	if (limits.maxVideosPerRun > 0 && videos > limits.maxVideosPerRun) {
		const same = sampleCounts.every((n) => n === sampleCounts[0]);
		const how = same
			? `${items} item${items === 1 ? '' : 's'} × Sample Count ${sampleCounts[0] ?? 1}`
			: `${items} items with their Sample Counts`;
		throw new NodeOperationError(
			session.node,
			`This run would buy ${videos} videos (${how}); Max Videos per Run is ${limits.maxVideosPerRun}. Nothing was sent.`,
			{
				description:
					'Raise Advanced Options → Max Videos per Run (0 for no limit), or send fewer items to this node.',
			},
		);
	}
	if (limits.minBalance === undefined || videos === 0) return;
	const balance = await readBalance(session, 0, 'key');
	if (balance.unlimited || balance.remaining === null) return;
	if (balance.remaining < limits.minBalance) {
		throw new NodeOperationError(
			session.node,
			`The balance is ${balance.remaining}, below Min Balance (${limits.minBalance}). Nothing was sent.`,
			{
				description:
					"Top up the account, or lower Advanced Options → Min Balance. The unit is the gateway's (USD, CNY or credits).",
			},
		);
	}
}
