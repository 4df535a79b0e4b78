import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/** A task ID no gateway issues: asking for it costs nothing and creates nothing. */
const PROBE_PATH = '/v1/tasks/task_credential_check';

const NOT_JSON_MESSAGE =
	'The Base URL answered with a web page or text, not JSON: this does not look like a Veo3 API gateway. Check the Base URL (e.g. https://api.apimart.ai).';

const NOT_THIS_API_MESSAGE =
	'The Base URL answered, but it does not serve the Veo3 task API (/v1/tasks): this does not look like a Veo3 API gateway. Check the Base URL (e.g. https://api.apimart.ai).';

export class Veo3Api implements ICredentialType {
	name = 'veo3Api';

	displayName = 'Veo3 API';

	icon: Icon = { light: 'file:../nodes/Veo3/veo3.svg', dark: 'file:../nodes/Veo3/veo3.dark.svg' };

	// No fragment: n8n appends its ?utm_… query to this link, which would land inside one.
	documentationUrl = 'https://github.com/n8n-nodes-veo3/n8n-nodes-veo3';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Bearer API key from your APIMart (or gateway) API key page',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.apimart.ai',
			required: true,
			placeholder: 'e.g. https://api.apimart.ai',
			description:
				'The API address. Change it only for a white-label gateway that serves the same API under its own domain.',
		},
		{
			displayName: 'Gateway Honours Idempotency Keys',
			name: 'idempotency',
			type: 'options',
			options: [
				{
					name: 'Auto (Yes for APIMart, No for Other Gateways)',
					value: 'auto',
					description: 'Yes when the Base URL is on apimart.ai',
				},
				{
					name: 'Yes',
					value: 'yes',
					description: 'The gateway replays a create sent again with the same Idempotency-Key',
				},
				{ name: 'No', value: 'no', description: 'The gateway may ignore Idempotency-Key' },
			],
			default: 'auto',
			description:
				'Whether a create request that failed after it was sent may be sent again safely. Only when the gateway honours the Idempotency-Key header does a resend return the first task instead of billing a second one.',
		},
		{
			displayName: 'Allowed Private Hosts',
			name: 'allowedPrivateHosts',
			type: 'string',
			default: '',
			placeholder: 'e.g. files.internal, 10.0.0.5:8080',
			description:
				"Video hosts on a private network that the node may download from, as host or host:port, comma-separated. Only for a self-hosted gateway whose file host is internal: the node never fetches loopback, private or link-local addresses otherwise (the Base URL's own host is always allowed).",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiKey}}',
			},
		},
	};

	// The API has no "who am I" call. Asking for a task that cannot exist costs nothing: a right key
	// gets 404 (unknown task), a wrong key 401. n8n fails a credential test on any non-2xx answer,
	// so the test takes every answer and the rules below decide. n8n's rules can only fail when one
	// value in the body equals a given value, so they reject what is known not to be this API: an
	// answer that is not a JSON object (a web page, a file host), the 401 bodies gateways send, and
	// the 404 bodies of web frameworks and of OpenAI-style gateways that do not serve /v1/tasks.
	// They cannot require the message field of the API's own 404 (it may be in error.message,
	// message or msg); a JSON answer of some other shape passes here and fails on the first run with
	// "does not look like a task". Redirects are not followed: the key stays with the Base URL on
	// every n8n version, and a redirect (its body is a page or empty) fails as "not JSON".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "").replace(/\\/v1$/i, "")}}',
			url: PROBE_PATH,
			qs: { language: 'en' },
			headers: { Accept: 'application/json' },
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
		},
		rules: [
			// A body n8n could not parse as JSON is a string, whose constructor is String.
			{
				type: 'responseSuccessBody',
				properties: { key: 'constructor.name', value: 'String', message: NOT_JSON_MESSAGE },
			},
			// A bare JSON number or boolean is no answer of this API.
			...['Number', 'Boolean'].map((type) => ({
				type: 'responseSuccessBody' as const,
				properties: { key: 'constructor.name', value: type, message: NOT_THIS_API_MESSAGE },
			})),
			...[
				['code', 401],
				['code', '401'],
				['code', 403],
				['status', 401],
				['error.code', 401],
				['error.code', '401'],
				['error.code', 'invalid_api_key'],
				['error.type', 'authentication_error'],
				['message', 'Unauthorized'],
				['error', 'Unauthorized'],
				['error.message', 'Unauthorized'],
			].map(([key, value]) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: key as string,
					value,
					message: 'The API key was rejected. Copy it again from your API key page.',
				},
			})),
			// JSON 404s of servers that do not know /v1/tasks. This API never sends `error` or `detail`
			// as a string (its message is in error.message, message or msg).
			...[
				['detail', 'Not Found'], // FastAPI, Starlette
				['detail', 'Not found.'], // Django REST framework
				['error', 'Not Found'], // Spring Boot, NestJS, Fastify, hapi
				['error.message', `Invalid URL (GET ${PROBE_PATH})`], // OpenAI and OpenAI-style gateways
			].map(([key, value]) => ({
				type: 'responseSuccessBody' as const,
				properties: { key, value, message: NOT_THIS_API_MESSAGE },
			})),
		],
	};
}
