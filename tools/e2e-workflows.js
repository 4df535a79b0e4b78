'use strict';
// The workflows and credentials `npm run test:e2e` imports into n8n: what each check runs.
const fs = require('node:fs');
const path = require('node:path');

const rt = require('./n8n-runtime');
const {
	NODE_TYPE,
	GOOD,
	workflow,
	veo3,
	create,
	createFor,
	webhook,
	callbackWorkflow,
	extendCallbackWorkflow,
} = require('./workflow-json');

const BAD = { id: 'veo3e2ebad00001', name: 'Veo3 (wrong key)' };
const REDIRECTING = { id: 'veo3e2eredir001', name: 'Veo3 (a gateway that redirects)' };

/** Node versions that n8n's own settings (On Error, Retry On Fail, Stop) are checked with. */
const NODE_VERSIONS = [1, 1.1];
/**
 * A workflow ID part for a node version: 1 → '0100', 1.1 → '0110'.
 * @param {number} typeVersion
 */
const tag = (typeVersion) => String(Math.round(typeVersion * 100)).padStart(4, '0');

const trigger = { name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger' };
const LLM_CREDENTIAL = { id: 'veo3e2ellm00001', name: 'Scripted chat model (simulator)' };

const DEMO = { id: 'veo3DemoCredSim', name: 'Veo3 demo (local simulator)' };

const LOST = { id: 'veo3e2elostcb01', name: 'Veo3 (simulator that loses callbacks)' };
const WEBSITE = { id: 'veo3e2ewebsite1', name: 'Veo3 (a website, not the API)' };

/**
 * Manual Trigger → AI Agent, with a scripted chat model and Veo3 as the agent's tool. n8n 1.x's
 * newest AI Agent is 1.8 (a tools agent when asked); 2.x's is 2.2.
 * @param {string} n8nVersion
 */
function agentWorkflow(n8nVersion) {
	const agent = n8nVersion.startsWith('1.')
		? { typeVersion: 1.8, parameters: { agent: 'toolsAgent' } }
		: { typeVersion: 2.2, parameters: {} };
	const wf = workflow('veo3e2eagent001', 'e2e AI agent uses Veo3 as a tool', [
		trigger,
		{
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: agent.typeVersion,
			parameters: {
				...agent.parameters,
				promptType: 'define',
				text: 'Make a short video of a red kite and give me the link.',
				options: {},
			},
		},
	]);
	wf.nodes.push(
		{
			id: 'veo3e2eagent001-llm',
			name: 'Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.2,
			position: [200, 200],
			credentials: { openAiApi: LLM_CREDENTIAL },
			parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
		},
		{
			// Version 1.1 as n8n adds it today. On n8n 2.x Return is left at its default, which for a
			// tool is the URL; n8n 1.x has no @tool display condition, so there the user picks it.
			id: 'veo3e2eagent001-tool',
			name: 'Veo3',
			type: `${NODE_TYPE}Tool`,
			typeVersion: 1.1,
			position: [400, 200],
			credentials: { veo3Api: GOOD },
			parameters: {
				operation: 'createVideo',
				modelId: { __rl: true, mode: 'id', value: 'veo3.1-fast-official' },
				prompt: "={{ $fromAI('prompt', 'What the video should show', 'string') }}",
				...(n8nVersion.startsWith('1.') ? { returnAs: 'url' } : {}),
				options: { pollIntervalSeconds: 1, maxWaitSeconds: 60 },
			},
		},
	);
	wf.connections['Chat Model'] = {
		ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
	};
	wf.connections.Veo3 = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	return wf;
}
/**
 * Manual Trigger → two items (prompts) → the given Veo3 node.
 * @param {string} id
 * @param {string} name
 * @param {import('./workflow-json').WorkflowNode} veo3Node
 * @param {string[]} prompts
 */
function twoPrompts(id, name, veo3Node, prompts) {
	return workflow(id, name, [
		trigger,
		{
			name: 'Prompts',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ prompts: prompts.map((prompt) => ({ prompt })) }),
			},
		},
		{
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			parameters: { fieldToSplitOut: 'prompts', options: {} },
		},
		veo3Node,
	]);
}

/** The Veo 3.1 channel's model that takes reference images, GIFs and extensions. */
const FAST = 'veo3.1-fast';
/** The waiting settings of every Veo3 node (version 1.1) below. */
const QUICK = { pollIntervalSeconds: 1, maxWaitSeconds: 60 };

/**
 * Create Video parameters for node version 1.1 on `model` (an ID or an expression).
 * @param {string} model
 * @param {string} prompt
 * @param {Record<string, unknown> & { options?: Record<string, unknown> }} [more] more fields;
 *   `options` are added to QUICK
 * @returns {Record<string, unknown>}
 */
const createOn = (model, prompt, { options = {}, ...more } = {}) => ({
	operation: 'createVideo',
	modelId: { __rl: true, mode: 'id', value: model },
	prompt,
	...more,
	options: { ...QUICK, ...options },
});

/**
 * Extend Video parameters (node version 1.1) for the task in `taskId` (an expression).
 * @param {string} taskId
 * @param {string} prompt
 * @param {Record<string, unknown>} [more]
 * @returns {Record<string, unknown>}
 */
const extendOf = (taskId, prompt, more = {}) => ({
	operation: 'extendVideo',
	taskId,
	prompt,
	...more,
	options: QUICK,
});

/**
 * Three HTTP Request nodes that download three photos into one item, as
 * examples/product-photos-to-extended-video.json does: each keeps the item's earlier files and
 * adds its own, under `data`, `data_1` and `data_2`.
 * @param {string} photosUrl a server of /front.png, /side.png and /back.png
 * @returns {import('./workflow-json').WorkflowNode[]}
 */
const threePhotos = (photosUrl) =>
	PHOTOS.map((photo, i) => ({
		name: `Photo: ${photo}`,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			url: `${photosUrl}/${photo}.png`,
			options: {
				response: {
					response: { responseFormat: 'file', outputPropertyName: i ? `data_${i}` : 'data' },
				},
			},
		},
	}));
/** The photos threePhotos downloads, in the order of their binary properties. */
const PHOTOS = ['front', 'side', 'back'];

/**
 * A Write File node that writes the item's `property` to `fileName`.
 * @param {string} name
 * @param {string} fileName
 * @returns {import('./workflow-json').WorkflowNode}
 */
const writeFile = (name, fileName, property = 'data') => ({
	name,
	type: 'n8n-nodes-base.readWriteFile',
	parameters: { operation: 'write', fileName, dataPropertyName: property },
});

/**
 * Three photos → Create Video on veo3.1-fast with them as reference images (from binary data),
 * the video to a file; and, from the same output, Extend Video by expression, the 15-second
 * video to another file.
 * @param {string} photosUrl
 * @param {string} referenceFile
 * @param {string} extendedFile
 */
function referenceThenExtendWorkflow(photosUrl, referenceFile, extendedFile) {
	const wf = workflow('veo3e2erefext01', 'e2e reference images, then extend', [
		trigger,
		...threePhotos(photosUrl),
		veo3(
			'Create',
			createOn(FAST, 'the product turns on a marble table', {
				imageInputType: 'referenceBinary',
				referenceBinaryProperties: 'data, data_1, data_2',
			}),
			GOOD,
			{ typeVersion: 1.1 },
		),
		writeFile('Write Video', referenceFile),
		veo3('Extend', extendOf('={{ $json.taskId }}', 'the camera moves closer'), GOOD, {
			typeVersion: 1.1,
		}),
		writeFile('Write Extended Video', extendedFile),
	]);
	// Create's output goes to both Write Video and Extend.
	wf.connections.Create.main[0].push({ node: 'Extend', type: 'main', index: 0 });
	delete wf.connections['Write Video'];
	return wf;
}

/**
 * Where the CLI workflows read and write.
 * @typedef {object} CliFiles
 * @property {string} videoFile where the text-to-video workflow writes its video
 * @property {string} photosUrl a server of the three photos (threePhotos)
 * @property {string} referenceFile where the reference-images video is written
 * @property {string} extendedFile where its extension is written
 */

/**
 * The workflows the CLI checks run, by the ID each check executes.
 * @param {string} version the n8n version
 * @param {CliFiles} files
 * @returns {import('./workflow-json').Workflow[]}
 */
function cliWorkflows(version, { videoFile, photosUrl, referenceFile, extendedFile }) {
	return [
		workflow('veo3e2eredirect', 'e2e API redirect', [
			trigger,
			veo3('Veo3', create('a red kite'), REDIRECTING),
		]),
		workflow('veo3e2etext0001', 'e2e text-to-video, download, write file', [
			trigger,
			veo3('Veo3', create('a lighthouse at dawn', { downloadVideo: true })),
			{
				name: 'Write File',
				type: 'n8n-nodes-base.readWriteFile',
				parameters: { operation: 'write', fileName: videoFile, dataPropertyName: 'data' },
			},
		]),
		workflow('veo3e2enowait01', 'e2e no-wait create then Get Task', [
			trigger,
			veo3('Create', create('a paper boat', { waitForCompletion: false })),
			veo3('Get Task', {
				operation: 'getTask',
				taskId: '={{ $json.taskId }}',
				waitForCompletion: true,
				pollIntervalSeconds: 1,
			}),
		]),
		workflow('veo3e2efailed01', 'e2e failed task', [
			trigger,
			veo3('Veo3', create('forbidden [fail]')),
		]),
		workflow('veo3e2ebadkey01', 'e2e wrong key', [trigger, veo3('Veo3', create('a cat'), BAD)]),
		workflow('veo3e2elimit001', 'e2e over Max Videos per Run', [
			trigger,
			veo3(
				'Veo3',
				create('a kite', {
					waitForCompletion: false,
					options: { sampleCount: 2 },
					advancedOptions: { maxVideosPerRun: 1 },
				}),
			),
		]),
		workflow('veo3e2ebalance1', 'e2e Get Balance', [
			trigger,
			veo3('Veo3', { operation: 'getBalance' }),
		]),
		agentWorkflow(version),
		workflow('veo3e2econtinue', 'e2e continue on fail', [
			trigger,
			veo3('Veo3', create('forbidden [fail]'), GOOD, { onError: 'continueRegularOutput' }),
		]),
		// n8n's own settings, on node version 1 and on 1.1 (what a new node is).
		...NODE_VERSIONS.flatMap((typeVersion) => [
			twoPrompts(
				`veo3e2eerrout${tag(typeVersion)}`,
				`e2e error output (v${typeVersion})`,
				veo3('Veo3', createFor(typeVersion, '={{ $json.prompt }}'), GOOD, {
					typeVersion,
					onError: 'continueErrorOutput',
				}),
				['a calm lake', 'forbidden [fail]'],
			),
			twoPrompts(
				`veo3e2eretry${tag(typeVersion)}`,
				`e2e retry on fail bills once (v${typeVersion})`,
				veo3('Veo3', createFor(typeVersion, '={{ $json.prompt }}'), GOOD, {
					typeVersion,
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 100,
				}),
				['a windmill', 'forbidden [fail]'],
			),
		]),
		// The demo workflow `npm start` imports, as shipped (its credential is imported too).
		JSON.parse(fs.readFileSync(path.join(rt.ROOT, 'examples/demo-simulator.json'), 'utf8')),
		// The Veo 3.1 channel (veo3.1-fast) and Extend Video, on node version 1.1.
		referenceThenExtendWorkflow(photosUrl, referenceFile, extendedFile),
		workflow('veo3e2egif00001', 'e2e Output GIF', [
			trigger,
			veo3('Veo3', createOn(FAST, 'a spinning top', { options: { outputGif: true } }), GOOD, {
				typeVersion: 1.1,
			}),
		]),
		// The model by an expression: the panel shows every field, the run refuses Seed.
		workflow('veo3e2erefused1', 'e2e a field the model does not take', [
			trigger,
			...threePhotos(photosUrl),
			veo3(
				'Veo3',
				createOn(`={{ "${FAST}" }}`, 'a product shot', {
					imageInputType: 'referenceBinary',
					referenceBinaryProperties: 'data, data_1, data_2',
					options: { seed: 3 },
				}),
				GOOD,
				{ typeVersion: 1.1 },
			),
		]),
		workflow('veo3e2eextretry', 'e2e Retry On Fail on Extend Video', [
			trigger,
			veo3('Create', createOn(FAST, 'a red kite', { returnAs: 'url' }), GOOD, {
				typeVersion: 1.1,
			}),
			veo3('Extend', extendOf('={{ $json.taskId }}', 'the kite rises'), GOOD, {
				typeVersion: 1.1,
				retryOnFail: true,
				maxTries: 3,
				waitBetweenTries: 100,
			}),
		]),
	];
}

/**
 * The workflows `n8n start` serves: the callback pattern (delivered, lost, and after Extend Video),
 * Stop while waiting.
 * @param {{ callbackFile: string, lostFile: string, extendCallbackFile: string }} files
 */
function serverWorkflows({ callbackFile, lostFile, extendCallbackFile }) {
	return [
		callbackWorkflow('veo3e2ecallbk01', GOOD, 'veo3-e2e-callback', 300, callbackFile),
		extendCallbackWorkflow(
			'veo3e2eextcb001',
			GOOD,
			'veo3-e2e-extend-callback',
			300,
			extendCallbackFile,
		),
		callbackWorkflow('veo3e2elostcb02', LOST, 'veo3-e2e-lost', 8, lostFile),
		// Stop from the editor while the node (version 1 and 1.1) waits for a long video.
		// Stop while Extend Video (version 1.1) waits for a long extension of the task posted.
		workflow('veo3e2estopext1', 'e2e stop while Extend Video waits', [
			webhook('veo3e2estopext1', 'veo3-e2e-stop-extend'),
			veo3(
				'Veo3',
				{
					...extendOf('={{ $json.body.taskId }}', 'a very long extension [duration=600000ms]'),
					options: { maxWaitSeconds: 3600, pollIntervalSeconds: 1 },
				},
				GOOD,
				{ typeVersion: 1.1 },
			),
		]),
		...NODE_VERSIONS.map((typeVersion) =>
			workflow(`veo3e2estop${tag(typeVersion)}`, `e2e stop while waiting (v${typeVersion})`, [
				webhook(`veo3e2estop${tag(typeVersion)}`, `veo3-e2e-stop-${tag(typeVersion)}`),
				veo3(
					'Veo3',
					createFor(typeVersion, 'a very long film [duration=600000ms]', {
						maxWaitSeconds: 3600,
						pollIntervalSeconds: 1,
					}),
					GOOD,
					{ typeVersion },
				),
			]),
		),
	];
}

module.exports = {
	BAD,
	REDIRECTING,
	LLM_CREDENTIAL,
	DEMO,
	LOST,
	WEBSITE,
	NODE_VERSIONS,
	PHOTOS,
	tag,
	cliWorkflows,
	serverWorkflows,
};
