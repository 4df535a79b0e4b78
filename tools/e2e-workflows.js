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

/**
 * The workflows the CLI checks run, by the ID each check executes.
 * @param {string} version the n8n version
 * @param {string} videoFile where the text-to-video workflow writes its video
 * @returns {import('./workflow-json').Workflow[]}
 */
function cliWorkflows(version, videoFile) {
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
	];
}

/**
 * The workflows `n8n start` serves: the callback pattern (delivered and lost), Stop while waiting.
 * @param {string} callbackFile
 * @param {string} lostFile
 */
function serverWorkflows(callbackFile, lostFile) {
	return [
		callbackWorkflow('veo3e2ecallbk01', GOOD, 'veo3-e2e-callback', 300, callbackFile),
		callbackWorkflow('veo3e2elostcb02', LOST, 'veo3-e2e-lost', 8, lostFile),
		// Stop from the editor while the node (version 1 and 1.1) waits for a long video.
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
	tag,
	cliWorkflows,
	serverWorkflows,
};
