// Create Video: the panel of every node version, in the order the editor shows it, and the item
// reader. A new node version adds a panel file (like panel.v1_1.ts) and an entry in VERSIONS.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { RunSettings } from '../advancedOptions';
import { advancedOptionsField } from '../advancedOptions';
import type { ItemJob } from '../jobs';
import { frameFields, videoFields } from './fields';
import { v1 } from './panel.v1';
import { v1_1 } from './panel.v1_1';
import { readCreateItem } from './read';

export { MODEL_NAMES } from './limits';

/** Node versions from newest to oldest, with the first version each applies from. */
const VERSIONS = [
	{ from: 1.1, panel: v1_1 },
	{ from: 1, panel: v1 },
];
const oldestFirst = [...VERSIONS].reverse().map(({ panel }) => panel);

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['createVideo'] } },
	[
		...oldestFirst.flatMap((panel) => panel.model),
		...videoFields,
		...oldestFirst.flatMap((panel) => panel.imageInput),
		...frameFields,
		...oldestFirst.flatMap((panel) => panel.afterFrames),
		...oldestFirst.flatMap((panel) => panel.output),
		advancedOptionsField(true),
	],
);

export function readItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	settings: RunSettings,
): ItemJob {
	const { typeVersion } = ctx.getNode();
	const { panel } =
		VERSIONS.find(({ from }) => typeVersion >= from) ?? VERSIONS[VERSIONS.length - 1];
	return readCreateItem(ctx, itemIndex, settings, panel.reader);
}
