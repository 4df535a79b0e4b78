'use strict';
// Workflow JSON with our node, as n8n imports it: the builders the real-n8n checks
// (tools/e2e-workflows.js, tools/queue.js) make their workflows with.
const fs = require('node:fs');
const path = require('node:path');

const rt = require('./n8n-runtime');

/**
 * @typedef {object} WorkflowNode A node of a workflow, as n8n stores it.
 * @property {string} name
 * @property {string} type
 * @property {string} [id]
 * @property {number} [typeVersion]
 * @property {[number, number]} [position]
 * @property {Record<string, unknown>} [parameters]
 * @property {Record<string, Credential>} [credentials]
 * @property {string} [webhookId]
 */
/** @typedef {{ node: string, type: string, index: number }} Connection */
/**
 * @typedef {object} Workflow
 * @property {string} id
 * @property {string} name
 * @property {boolean} [active]
 * @property {Record<string, unknown>} [settings]
 * @property {Record<string, Record<string, Connection[][]>>} connections
 * @property {WorkflowNode[]} nodes
 */
/** @typedef {{ id: string, name: string }} Credential A stored credential, as a node names it. */

const NODE_TYPE = `${rt.PACKAGE.name}.veo3`;
/** The credential for the simulator every script imports. */
const GOOD = { id: 'veo3e2egood0001', name: 'Veo3 (simulator)' };

/**
 * A workflow whose nodes run one after another.
 * @param {string} id
 * @param {string} name
 * @param {WorkflowNode[]} nodes
 * @returns {Workflow}
 */
function workflow(id, name, nodes) {
	/** @type {Workflow['connections']} */
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map((node, i) => ({
			id: `${id}-${i}`,
			position: [i * 220, 0],
			typeVersion: 1,
			parameters: {},
			...node,
		})),
	};
}

/**
 * Our node.
 * @param {string} name
 * @param {Record<string, unknown>} parameters
 * @param {Credential} [credential]
 * @param {Partial<WorkflowNode> & Record<string, unknown>} [extra] more node fields (typeVersion, onError, ...)
 * @returns {WorkflowNode}
 */
const veo3 = (name, parameters, credential = GOOD, extra = {}) => ({
	name,
	type: NODE_TYPE,
	parameters,
	credentials: { veo3Api: credential },
	...extra,
});
/**
 * Create Video parameters for node version 1, waiting for the video.
 * @param {string} prompt
 * @param {Record<string, unknown>} [more]
 */
const create = (prompt, more = {}) => ({
	operation: 'createVideo',
	model: 'veo3.1-fast-official',
	prompt,
	pollIntervalSeconds: 1,
	maxWaitSeconds: 60,
	...more,
});
/**
 * Create Video parameters for node version 1 (as `create`) or 1.1, as n8n saves a new 1.1 node:
 * the model picker, Return left at Video File, the waiting settings (and `more`) in Options.
 * @param {number} typeVersion
 * @param {string} prompt
 * @param {Record<string, unknown>} [more]
 * @returns {Record<string, unknown>}
 */
const createFor = (typeVersion, prompt, more = {}) =>
	typeVersion === 1
		? create(prompt, more)
		: {
				operation: 'createVideo',
				modelId: { __rl: true, mode: 'id', value: 'veo3.1-fast-official' },
				prompt,
				options: { pollIntervalSeconds: 1, maxWaitSeconds: 60, ...more },
			};
/**
 * A production webhook that answers at once (the run goes on without the caller).
 * @param {string} id
 * @param {string} webhookPath
 * @returns {WorkflowNode}
 */
const webhook = (id, webhookPath) => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: `${id}-hook`,
	parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
});

/**
 * The shipped callback example (examples/long-video-callback.json), pointed at a simulator
 * credential, with its own webhook path and a Wait limit; with `videoFile`, a Write File node
 * after Get Task saves the video.
 * @param {string} id
 * @param {Credential} credential
 * @param {string} webhookPath
 * @param {number} waitLimitSeconds
 * @param {string} [videoFile]
 * @returns {Workflow}
 */
function callbackWorkflow(id, credential, webhookPath, waitLimitSeconds, videoFile) {
	/** @type {Workflow} */
	const wf = JSON.parse(
		fs.readFileSync(path.join(rt.ROOT, 'examples/long-video-callback.json'), 'utf8'),
	);
	wf.id = id;
	wf.name = `e2e callback: ${webhookPath}`;
	for (const node of wf.nodes) {
		const parameters = (node.parameters ??= {});
		node.id = `${id}-${node.name}`;
		if (node.webhookId) node.webhookId = `${id}-${node.name}-hook`.replace(/\W/g, '-');
		if (node.credentials) node.credentials = { veo3Api: credential };
		if (node.name === 'Webhook') parameters.path = webhookPath;
		if (node.name === 'Create Video')
			Object.assign(parameters, { model: 'veo3.1-fast-official', resolution: '720p' });
		if (node.name === 'Wait for the Callback')
			Object.assign(parameters, { resumeAmount: waitLimitSeconds, resumeUnit: 'seconds' });
		if (node.name === 'Get Task')
			Object.assign(parameters, { maxWaitSeconds: 60, pollIntervalSeconds: 1 });
	}
	if (videoFile) {
		wf.nodes.push({
			id: `${id}-write`,
			name: 'Write File',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [960, 0],
			parameters: { operation: 'write', fileName: videoFile, dataPropertyName: 'data' },
		});
		wf.connections['Get Task'] = { main: [[{ node: 'Write File', type: 'main', index: 0 }]] };
	}
	return wf;
}

/**
 * The callback pattern after Extend Video: the webhook posts `{taskId}` of a finished veo3.1-fast
 * video; Extend Video returns the extension's task ID at once with the Callback URL, the Wait
 * node resumes on the gateway's call, Get Task downloads the extension into `videoFile`.
 * @param {string} id
 * @param {{ id: string, name: string }} credential
 * @param {string} webhookPath
 * @param {number} waitLimitSeconds
 * @param {string} videoFile
 */
function extendCallbackWorkflow(id, credential, webhookPath, waitLimitSeconds, videoFile) {
	const base = callbackWorkflow(id, credential, webhookPath, waitLimitSeconds, videoFile);
	/** @type {Workflow} */
	const wf = JSON.parse(JSON.stringify(base).replaceAll('Create Video', 'Extend Video'));
	wf.name = `e2e extend callback: ${webhookPath}`;
	const extend = wf.nodes.find((node) => node.name === 'Extend Video');
	if (!extend) throw new Error('the callback example has no Create Video node');
	extend.parameters = {
		operation: 'extendVideo',
		taskId: '={{ $json.body.taskId }}',
		prompt: 'the boat sails into the night',
		returnAs: 'taskId',
		callbackUrl: extend.parameters?.callbackUrl,
	};
	return wf;
}

module.exports = {
	NODE_TYPE,
	GOOD,
	workflow,
	veo3,
	create,
	createFor,
	webhook,
	callbackWorkflow,
	extendCallbackWorkflow,
};
