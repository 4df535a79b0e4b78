// Create Video: the panel of every node version, in the order the editor shows it, the item
// reader, and the run: buy the task once (neverBuyTwice), then wait and download (followTask).
// A new node version adds a panel file (like panel.v1_1.ts) and an entry in VERSIONS.
import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { followTask } from '../../helpers/followTask';
import { submitOnce } from '../../helpers/neverBuyTwice';
import { rememberModel } from '../../helpers/originalVideo';
import { advancedOptionsField } from '../advancedOptions';
import type { Operation } from '../operation';
import { frameFields, videoFields } from './fields';
import { v1 } from './panel.v1';
import { v1_1 } from './panel.v1_1';
import { bodyWithImages } from './images';
import type { CreateJob } from './read';
import { readCreateItem } from './read';

export { CHANNEL_MODEL_NAMES, MODEL_NAMES } from './limits';

/** Node versions from newest to oldest, with the first version each applies from. */
const VERSIONS = [
	{ from: 1.1, panel: v1_1 },
	{ from: 1, panel: v1 },
];
const oldestFirst = [...VERSIONS].reverse().map(({ panel }) => panel);

const description: INodeProperties[] = updateDisplayOptions(
	{ show: { operation: ['createVideo'] } },
	[
		...oldestFirst.flatMap((panel) => panel.model),
		...videoFields,
		...oldestFirst.flatMap((panel) => panel.imageInput),
		...frameFields,
		...oldestFirst.flatMap((panel) => panel.afterFrames),
		...oldestFirst.flatMap((panel) => panel.output),
		advancedOptionsField({ buys: true }),
	],
);

const sampleCount = (job: CreateJob) => Number(job.body.sample_count ?? 1);

export const createVideo: Operation<CreateJob> = {
	option: {
		name: 'Create Video',
		value: 'createVideo',
		action: 'Create a video',
		description: 'Start a video task and, by default, wait for the video',
	},
	description,
	readItem(ctx, itemIndex, settings) {
		const { typeVersion } = ctx.getNode();
		const { panel } =
			VERSIONS.find(({ from }) => typeVersion >= from) ?? VERSIONS[VERSIONS.length - 1];
		return readCreateItem(ctx, itemIndex, settings, panel.reader);
	},
	async execute(session, job, record, gate) {
		const createdAt = await submitOnce(
			session,
			{
				itemIndex: job.itemIndex,
				path: '/v1/videos/generations',
				name: 'create',
				idempotencyKey: job.idempotencyKey,
				resubmitOnAmbiguousFailure: job.resubmitOnAmbiguousFailure,
				body: async (deadline) => await bodyWithImages(session, job, deadline),
			},
			record,
			gate,
		);
		// Extend Video checks an original against the model this process made it with.
		rememberModel([record.taskId!, ...(record.otherTaskIds ?? [])], job.body.model);
		await followTask(session, job.itemIndex, record.taskId!, job, record, {
			createdAt,
			lookOnce: false,
			maxFiles: sampleCount(job),
			fileKind: job.body.enable_gif ? 'gif' : 'video',
		});
	},
	purchase: (job) => ({ idempotencyKey: job.idempotencyKey, videos: sampleCount(job) }),
};
