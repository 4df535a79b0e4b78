'use strict';
// A client of a running n8n's HTTP side, as the editor and callers use it: the editor's REST API
// (signed in with a session cookie), production webhooks, and reading stored executions.
const assert = require('node:assert/strict');
const path = require('node:path');

const { waitFor } = require('./wait-for');

/**
 * @typedef {object} ExecutionSummary An execution in n8n's list.
 * @property {string} id
 * @property {string} status 'running', 'waiting', 'success', 'error', 'canceled', 'crashed'
 * @property {boolean} [finished]
 */
/**
 * @typedef {ExecutionSummary & { data: string, customData?: Record<string, string> }} StoredExecution
 * An execution with its run data (`data`, "flatted") and custom data.
 */
/**
 * @typedef {object} RunData An execution's `resultData`.
 * @property {Record<string, Array<{ data: { main: Item[][] }, error?: unknown }>>} runData every node's runs
 * @property {{ message?: string }} [error]
 * @property {Record<string, string>} [metadata]
 */
/**
 * @typedef {object} Item An item of a node's output.
 * @property {Record<string, any>} json
 * @property {Record<string, BinaryData>} [binary]
 */
/** @typedef {{ id: string, fileName: string, mimeType: string }} BinaryData */
/**
 * @callback RestCall A call of the editor's REST API: the answer's `data` (n8n's JSON, which the
 * checks assert on); a status other than 200 fails.
 * @param {string} method
 * @param {string} route under /rest
 * @param {unknown} [body]
 * @returns {Promise<any>}
 */
/**
 * @typedef {RestCall & {
 *   headers: Record<string, string>,
 *   raw: (method: string, route: string) => Promise<Response>,
 * }} Rest The editor's REST API, signed in; `raw` answers the response itself.
 */

/**
 * Resolves once n8n's REST API answers JSON (/healthz answers while n8n is still starting).
 * @param {string} base
 */
async function waitForEditor(base, timeoutMs = 180_000) {
	await waitFor(
		'n8n to be ready',
		async () => {
			const answer = await fetch(`${base}/rest/settings`).catch(() => undefined);
			return answer?.ok && (answer.headers.get('content-type') ?? '').includes('json');
		},
		timeoutMs,
	);
}

const BROWSER_HEADERS = { 'content-type': 'application/json', 'browser-id': 'veo3-e2e-browser' };

/**
 * A caller of the editor's REST API with a session cookie.
 * @param {string} base
 * @param {string} cookie
 * @returns {Rest}
 */
function restCaller(base, cookie) {
	const headers = { ...BROWSER_HEADERS, cookie };
	/** @type {Rest['raw']} */
	const raw = (method, route) => fetch(`${base}/rest${route}`, { method, headers });
	/** @type {RestCall} */
	const call = async (method, route, body) => {
		const response = await fetch(`${base}/rest${route}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		assert.equal(
			response.status,
			200,
			`${method} ${route}: ${response.status} ${text.slice(0, 300)}`,
		);
		return JSON.parse(text).data;
	};
	return Object.assign(call, { headers, raw });
}

/** @param {Response} response */
const sessionCookie = (response) => (response.headers.get('set-cookie') ?? '').split(';')[0];

/**
 * Sets up the owner account and returns a caller of the editor's REST API, signed in as it.
 * @param {string} base
 */
async function ownerRest(base) {
	const setup = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: BROWSER_HEADERS,
		body: JSON.stringify({
			email: 'e2e@example.com',
			firstName: 'Veo',
			lastName: 'Three',
			password: 'Veo3-e2e-Password1',
		}),
	});
	assert.equal(setup.status, 200, await setup.text());
	return restCaller(base, sessionCookie(setup));
}

/**
 * Signs in and returns a caller of the editor's REST API.
 * @param {string} base
 * @param {{ email: string, password: string }} login
 */
async function loginRest(base, login) {
	const answer = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: BROWSER_HEADERS,
		body: JSON.stringify({ emailOrLdapLoginId: login.email, password: login.password }),
	});
	assert.equal(answer.status, 200, await answer.text());
	return restCaller(base, sessionCookie(answer));
}

/**
 * The executions of a workflow, newest first.
 * @param {RestCall} rest
 * @param {string} workflowId
 * @returns {Promise<ExecutionSummary[]>}
 */
async function executionsOf(rest, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	return (await rest('GET', `/executions?filter=${filter}&limit=100`)).results;
}

/**
 * A stored execution, with its run data.
 * @param {RestCall} rest
 * @param {string} id
 * @returns {Promise<StoredExecution>}
 */
async function storedExecution(rest, id) {
	return await rest('GET', `/executions/${id}`);
}

/**
 * POSTs to a production webhook, waiting until n8n has registered it.
 * @param {string} base
 * @param {string} webhookPath
 * @param {unknown} body
 */
async function postWebhook(base, webhookPath, body) {
	const response = await waitFor(
		`webhook ${webhookPath}`,
		async () => {
			const answer = await fetch(`${base}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});
			return answer.status === 404 ? undefined : answer;
		},
		60_000,
	);
	assert.equal(
		response.status,
		200,
		`webhook ${webhookPath}: ${response.status} ${await response.text()}`,
	);
}

/**
 * An execution's `resultData` (n8n's REST API sends run data "flatted", as n8n stores it).
 * @param {import('./n8n-runtime').Runtime} runtime
 * @param {StoredExecution} execution
 * @returns {RunData}
 */
function runData(runtime, execution) {
	const { parse } = require(path.join(runtime.dir, 'node_modules/flatted'));
	return parse(execution.data).resultData;
}

/**
 * The task IDs the node put into the execution's custom data, as n8n stored them: in the
 * execution_metadata table (REST `customData`) or in the run data (`resultData.metadata`).
 * Which one survives a Stop depends on the n8n version and mode.
 * @param {import('./n8n-runtime').Runtime} runtime
 * @param {StoredExecution} execution
 */
function storedTaskIds(runtime, execution) {
	const ids = [
		execution.customData?.veo3_task_ids,
		runData(runtime, execution).metadata?.veo3_task_ids,
	];
	return ids.filter(Boolean).join(',');
}

module.exports = {
	waitForEditor,
	ownerRest,
	loginRest,
	executionsOf,
	storedExecution,
	postWebhook,
	runData,
	storedTaskIds,
};
