/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/require-node-api-error
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Runs the Veo3 node the way n8n runs it: a Workflow (trigger → Veo3) executed by n8n-core's
// WorkflowExecute, so every helper the node calls (httpRequestWithAuthentication, httpRequest,
// prepareBinaryData, getBinaryDataBuffer, continueOnFail, the cancel signal) is n8n's own.
// Only the credential store is ours: n8n keeps it in its database, which n8n-core does not ship.
import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	ICredentialsHelper,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { Veo3Api } from '../../credentials/Veo3Api.credentials';
import { Veo3 } from '../../nodes/Veo3/Veo3.node';

// Every duration here is on the tests' virtual clock (support/virtualTime.ts, installed for every
// test file): a "30 s" Max Wait is 30 000 ms of it, and costs milliseconds of real time.

/** A trigger that emits the items the test gives it (stands in for Manual Trigger + Set). */
class TestItems implements INodeType {
	description = {
		displayName: 'Test Items',
		name: 'testItems',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Test Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	} as INodeType['description'];

	static items: INodeExecutionData[] = [{ json: {} }];

	async execute() {
		return [TestItems.items];
	}
}

const credentialType = new Veo3Api();

class TestCredentialsHelper implements Partial<ICredentialsHelper> {
	constructor(private data: ICredentialDataDecryptedObject) {}

	getParentTypes() {
		return [];
	}

	async getDecrypted() {
		return { ...this.data };
	}

	async preAuthentication() {
		return undefined;
	}

	/** Applies the credential's generic `authenticate` block with n8n's own expression engine. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	) {
		const headers = credentialType.authenticate.properties.headers ?? {};
		const resolved: Record<string, string> = {};
		for (const [name, value] of Object.entries(headers)) {
			resolved[name] = workflow.expression.getParameterValue(
				value as string,
				null,
				0,
				0,
				node.name,
				[],
				'internal',
				{ $credentials: credentials } as never,
			) as string;
		}
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), ...resolved } };
	}

	getCredentialsProperties() {
		return credentialType.properties;
	}
}

/** When n8n called the node's execute() in the current run: each of Retry On Fail's tries. */
let tryStarts: number[] = [];

/** The node, with each call of its execute() noted in tryStarts. */
function veo3Node(): Veo3 {
	const node = new Veo3();
	const execute = node.execute;
	node.execute = async function (this: IExecuteFunctions) {
		tryStarts.push(Date.now());
		return await execute.call(this);
	};
	return node;
}

const nodeTypes: INodeTypes = {
	getByName: (name: string) => {
		if (name === 'veo3' || name.endsWith('.veo3')) return veo3Node();
		if (name.endsWith('.veo3Tool')) {
			// What n8n makes of a usableAsTool node for an AI agent: the same node, named ...Tool.
			const tool = veo3Node();
			tool.description = { ...tool.description, name: 'veo3Tool' };
			return tool;
		}
		return new TestItems() as INodeType;
	},
	getByNameAndVersion: (name: string) => nodeTypes.getByName(name),
	getKnownTypes: () => ({}),
} as unknown as INodeTypes;

let binaryReady: Promise<void> | undefined;
function initBinaryData() {
	binaryReady ??= Container.get(BinaryDataService).init();
	return binaryReady;
}

export interface RunOptions {
	parameters: Record<string, unknown>;
	items?: INodeExecutionData[];
	credentials?: {
		apiKey?: string;
		baseUrl?: string;
		idempotency?: string;
		allowedPrivateHosts?: string;
	};
	continueOnFail?: boolean;
	/** n8n's "On Error" setting; continueOnFail is short for continueRegularOutput. */
	onError?: INode['onError'];
	/** n8n's Retry On Fail settings. */
	retryOnFail?: boolean;
	maxTries?: number;
	/** The execution ID n8n gives the run (a new one means a new execution). */
	executionId?: string;
	/** Cancels the execution (as the Stop button does) after this many ms. */
	cancelAfterMs?: number;
	/** The node's version (1 unless given; new nodes in the editor get 1.1). */
	typeVersion?: number;
	/** Run it as an AI agent's tool (node type n8n-nodes-veo3.veo3Tool). */
	asTool?: boolean;
}

export interface RunResult {
	run: IRun;
	items: INodeExecutionData[];
	/** The error output's items (onError: continueErrorOutput). */
	errorItems: INodeExecutionData[];
	error?: Error & { description?: string; httpCode?: string; context?: { itemIndex?: number } };
	ms: number;
	/** When each try began (n8n called the node's execute(): more than once under Retry On Fail). */
	tries: number[];
	cancelledAt?: number;
	finishedAt: number;
	/** The run data as n8n's save hook got it first (on Stop, before the node has returned). */
	saved?: IRun;
}

let executions = 0;

export async function runVeo3(options: RunOptions): Promise<RunResult> {
	await initBinaryData();
	TestItems.items = options.items ?? [{ json: {} }];
	tryStarts = [];
	const veo3: INode = {
		id: 'veo3-node',
		name: 'Veo3',
		type: options.asTool ? 'n8n-nodes-veo3.veo3Tool' : 'n8n-nodes-veo3.veo3',
		typeVersion: options.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { veo3Api: { id: '1', name: 'Veo3 account' } },
		onError: options.onError ?? (options.continueOnFail ? 'continueRegularOutput' : 'stopWorkflow'),
		retryOnFail: options.retryOnFail,
		maxTries: options.maxTries,
		// n8n reads 0 as its default of 1 s.
		waitBetweenTries: 1,
	};
	const trigger: INode = {
		id: 'trigger',
		name: 'Trigger',
		type: 'testItems',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'veo3 test',
		nodes: [trigger, veo3],
		connections: {
			Trigger: { main: [[{ node: 'Veo3', type: NodeConnectionTypes.Main, index: 0 }]] },
		},
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const credentials = {
		apiKey: options.credentials?.apiKey ?? '',
		baseUrl: options.credentials?.baseUrl ?? 'https://api.apimart.ai',
		idempotency: options.credentials?.idempotency ?? 'auto',
		allowedPrivateHosts: options.credentials?.allowedPrivateHosts ?? '',
	};
	// Every run is a new execution unless the test says otherwise (same ID = same execution).
	const executionId = options.executionId ?? `exec-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-test',
		name: 'veo3 test',
		nodes: workflow.nodes ? Object.values(workflow.nodes) : [],
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	// What n8n saves: its save hook runs at once on Stop (n8n 2.x in queue mode saves from there).
	let saved: IRun | undefined;
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => {
		saved ??= JSON.parse(JSON.stringify(fullRunData)) as IRun;
	});
	const additionalData = executionAdditionalData(credentials, hooks, executionId, {
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: trigger, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const started = Date.now();
	const execution = new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	let cancelledAt: number | undefined;
	if (options.cancelAfterMs !== undefined) {
		setTimeout(() => {
			cancelledAt = Date.now();
			execution.cancel();
		}, options.cancelAfterMs);
	}
	let run: IRun;
	try {
		run = await execution;
	} catch (error) {
		// A cancelled PCancelable rejects; the run data is what n8n saves in that case.
		run = { data: runExecutionData, status: 'canceled' } as unknown as IRun;
		if (!cancelledAt) throw error;
	}
	const finishedAt = Date.now();
	const taskData = run.data.resultData.runData.Veo3?.[0];
	return {
		run,
		items: (taskData?.data?.main?.[0] ?? []) as INodeExecutionData[],
		errorItems: (taskData?.data?.main?.[1] ?? []) as INodeExecutionData[],
		error: (run.data.resultData.error ?? taskData?.error) as RunResult['error'],
		ms: finishedAt - started,
		tries: tryStarts,
		cancelledAt,
		finishedAt,
		saved,
	};
}

/** The bytes of an output binary, wherever n8n stored them (memory or filesystem mode). */
export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** What n8n-core needs of a run's additional data outside an execution (load options, credential tests). */
function bareAdditionalData(credentials: ConstructorParameters<typeof TestCredentialsHelper>[0]) {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		variables: {},
		restApiUrl: '',
		instanceBaseUrl: '',
		formWaitingBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** An execution's additional data: the bare one, with the execution's hooks and addresses. */
function executionAdditionalData(
	credentials: ConstructorParameters<typeof TestCredentialsHelper>[0],
	hooks: ExecutionLifecycleHooks,
	executionId: string,
	urls: Partial<
		Record<
			| 'restApiUrl'
			| 'instanceBaseUrl'
			| 'formWaitingBaseUrl'
			| 'webhookBaseUrl'
			| 'webhookWaitingBaseUrl'
			| 'webhookTestBaseUrl',
			string
		>
	>,
) {
	return {
		...bareAdditionalData(credentials),
		...urls,
		hooks,
		executionId,
		logAiEvent: () => {},
		executeWorkflow: async () => ({ data: [] }),
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => ({ ok: false }),
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** n8n-core's own context for an editor list (resource locator search), with our credential. */
export async function loadOptionsContext(data: { apiKey: string; baseUrl: string }) {
	const node: INode = {
		id: 'veo3-node',
		name: 'Veo3',
		type: 'n8n-nodes-veo3.veo3',
		typeVersion: 1.1,
		position: [0, 0],
		parameters: {},
		credentials: { veo3Api: { id: '1', name: 'Veo3 account' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = bareAdditionalData({ idempotency: 'auto', ...data });
	const { LoadOptionsContext } = await import('n8n-core');
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.modelId');
}

/**
 * Tests the credential the way n8n's CredentialsTester does (n8n 2.8.4, services/
 * credentials-tester.service.js): the credential's test request runs through n8n-core's
 * RoutingNode, non-2xx answers are errors, then the rules decide.
 */
export async function testCredential(data: { apiKey: string; baseUrl: string }) {
	const test = credentialType.test;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: 'noOp',
		typeVersion: 1,
		position: [0, 0],
		credentials: { veo3Api: { id: '1', name: 'Veo3 account' } },
	};
	const nodeType = {
		description: {
			displayName: 'No Op',
			name: 'noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: 'veo3Api', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const types = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: types,
	});
	const additionalData = bareAdditionalData(data);
	const { ExecuteContext, RoutingNode } = await import('n8n-core');
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentials = { id: '1', name: 'Veo3 account', type: 'veo3Api', data };
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, nodeType, credentials as never).runNode();
	} catch (error) {
		const status = (error as { cause?: { response?: { status: number } } }).cause?.response?.status;
		if (status !== undefined) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status)
					return { status: 'Error', message: rule.properties.message };
			}
			if (status < 199 || status > 299)
				return { status: 'Error', message: `Received HTTP status code: ${status}` };
		}
		return { status: 'Error', message: String((error as Error).message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = response?.[0]?.[0]?.json ?? {};
			const value = rule.properties.key
				.split('.')
				.reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key], body);
			if (value === rule.properties.value)
				return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** A workflow as the examples ship it (n8n's export format). */
export interface WorkflowJson {
	nodes: INode[];
	connections: Workflow['connectionsBySourceNode'];
	settings?: Record<string, unknown>;
}

/**
 * n8n's own nodes the examples use, as stand-ins (n8n-nodes-base is not a dependency): triggers
 * emit the test's items, HTTP Request downloads its URL (the shipped parameter, expression
 * resolved by n8n) as a file, the Wait node passes its items on. Veo3 is the real node.
 */
class StandIn implements INodeType {
	description: INodeType['description'];

	static triggerItems: INodeExecutionData[] = [{ json: {} }];

	constructor(type: string) {
		const trigger = /Trigger$|\.webhook$/.test(type);
		this.description = {
			displayName: type,
			name: type,
			group: trigger ? ['trigger'] : ['transform'],
			version: [1, 1.1, 1.2, 2, 3, 4, 4.2],
			description: '',
			defaults: { name: type },
			inputs: trigger ? [] : [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			// HTTP Request's URL (an expression in an example) is read through n8n.
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				// Kept as it is: where HTTP Request puts the file (response.response.outputPropertyName).
				{ displayName: 'Options', name: 'options', type: 'json', default: {} },
			],
		} as unknown as INodeType['description'];
	}

	async execute(this: IExecuteFunctions) {
		const type = this.getNode().type;
		if (/Trigger$|\.webhook$/.test(type)) return [StandIn.triggerItems];
		if (type === 'n8n-nodes-base.httpRequest') {
			const url = this.getNodeParameter('url', 0) as string;
			const options = this.getNode().parameters.options as
				| { response?: { response?: { outputPropertyName?: string } } }
				| undefined;
			const body = (await this.helpers.httpRequest({ url, encoding: 'arraybuffer' })) as Buffer;
			const property = options?.response?.response?.outputPropertyName ?? 'data';
			const binary = await this.helpers.prepareBinaryData(Buffer.from(body), url.split('/').pop());
			// As n8n's HTTP Request does, the item keeps the files it came with.
			const before = this.getInputData()[0]?.binary ?? {};
			return [[{ json: {}, binary: { ...before, [property]: binary } }]];
		}
		return [this.getInputData()];
	}
}

export interface WorkflowRunOptions {
	credentials: { apiKey: string; baseUrl: string; allowedPrivateHosts?: string };
	/** What the trigger emits (a webhook's body, say). */
	triggerItems?: INodeExecutionData[];
	/** Runs this node and what it needs, as n8n's "Execute step" does. */
	destination: string;
	/** n8n's own address as the workflow sees it (in $execution.resumeUrl). */
	n8nOrigin: string;
}

/** Runs an example workflow (as shipped) with n8n-core's WorkflowExecute up to `destination`. */
export async function runWorkflowJson(json: WorkflowJson, options: WorkflowRunOptions) {
	await initBinaryData();
	StandIn.triggerItems = options.triggerItems ?? [{ json: {} }];
	const types = {
		getByName: (name: string) => (name.endsWith('.veo3') ? new Veo3() : new StandIn(name)),
		getByNameAndVersion: (name: string) => types.getByName(name),
		getKnownTypes: () => ({}),
	} as unknown as INodeTypes;
	const nodes = json.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote');
	const workflow = new Workflow({
		id: 'wf-example',
		name: 'example',
		nodes,
		connections: json.connections,
		active: false,
		nodeTypes: types,
		settings: { executionOrder: 'v1' },
	});
	const executionId = `exec-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'wf-example',
		nodes,
		connections: {},
		settings: {},
	} as never);
	const origin = options.n8nOrigin;
	const additionalData = executionAdditionalData(
		{ idempotency: 'auto', ...options.credentials },
		hooks,
		executionId,
		{
			restApiUrl: `${origin}/rest`,
			instanceBaseUrl: `${origin}/`,
			formWaitingBaseUrl: `${origin}/form-waiting`,
			webhookBaseUrl: `${origin}/webhook`,
			webhookWaitingBaseUrl: `${origin}/webhook-waiting`,
			webhookTestBaseUrl: `${origin}/webhook-test`,
		},
	);
	const trigger = nodes.find(
		(node) =>
			workflow.getParentNodes(node.name).length === 0 && /Trigger$|\.webhook$/.test(node.type),
	);
	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: trigger,
		destinationNode: { nodeName: options.destination, mode: 'inclusive' },
	});
	return run;
}
