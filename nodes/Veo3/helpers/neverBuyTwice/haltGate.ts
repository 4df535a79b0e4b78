// Rule 4 of never buying twice (index.ts): the halt gate. Without Continue On Fail, a failed
// paid request stops the rest of the run.
import { NodeOperationError } from 'n8n-workflow';

import type { ApiSession } from '../../transport';

/** An item that was not submitted because another item's paid request failed first. */
export class NotSubmittedError extends NodeOperationError {}

/**
 * Shared by the items of one execution, and the one owner of halting: without continueOnFail a
 * failed paid request stops the run, and no further item is submitted (or billed).
 */
export class HaltGate {
	private haltedBy?: { itemIndex: number; request: string };

	constructor(private readonly haltOnFailure: boolean) {}

	/** Item `itemIndex` failed on its way to (or in) its paid `request` ("create", "extension"). */
	halt(itemIndex: number, request: string) {
		if (this.haltOnFailure) this.haltedBy ??= { itemIndex, request };
	}

	/** Throws for an item that must not be submitted because another one's request failed. */
	stopIfHalted(session: ApiSession, itemIndex: number) {
		if (this.haltedBy === undefined) return;
		throw new NotSubmittedError(
			session.node,
			`Not submitted because the ${this.haltedBy.request} request of item ${this.haltedBy.itemIndex + 1} failed`,
			{
				itemIndex,
				description:
					'Nothing was sent for this item. Fix the failed item and run the workflow again.',
			},
		);
	}
}
