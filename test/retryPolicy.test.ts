// The retry policy is one pure function (transport/retries.ts decideRetry): this table is the
// retry table of docs/RELIABILITY.md, row by row.
import { setBounded } from '../nodes/Veo3/helpers/boundedMap';
import type { Attempt } from '../nodes/Veo3/transport/gatewayAnswers';
import type { Decision, RequestKind, RetryRules } from '../nodes/Veo3/transport/retries';
import { decideRetry } from '../nodes/Veo3/transport/retries';
import { honoursIdempotency } from '../nodes/Veo3/transport/session';

const ok: Decision = { action: 'success' };
const retry: Decision = { action: 'retry' };
const fail: Decision = { action: 'fail', maybeCreated: false };
const ambiguous: Decision = { action: 'fail', maybeCreated: true };

const idempotent: RetryRules = { idempotent: true };
const resubmit: RetryRules = { resubmit: true };
const err = (code: string, message = code) => ({ error: { code, message } });

const table: Array<[string, RequestKind, Attempt, RetryRules, Decision]> = [
	// Free requests (status checks, uploads, downloads): every transient failure is retried.
	['read 200', 'free', { status: 200 }, {}, ok],
	['read 429', 'free', { status: 429 }, {}, retry],
	['read 408', 'free', { status: 408 }, {}, retry],
	['read 500', 'free', { status: 500 }, {}, retry],
	['read 503', 'free', { status: 503 }, {}, retry],
	['read dropped', 'free', { code: 'ECONNRESET' }, {}, retry],
	['read refused', 'free', { code: 'ECONNREFUSED' }, {}, retry],
	['read timeout', 'free', { code: 'ECONNABORTED' }, {}, retry],
	['read 400', 'free', { status: 400 }, {}, fail],
	['read 401', 'free', { status: 401 }, {}, fail],
	['read 402', 'free', { status: 402 }, {}, fail],
	['read 403', 'free', { status: 403 }, {}, fail],
	['read 404', 'free', { status: 404 }, {}, fail],
	['read redirect', 'free', { status: 302 }, {}, fail],
	['read bad certificate', 'free', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, {}, fail],
	['read blocked by n8n SSRF protection', 'free', { code: 'ERR_N8N_SSRF_BLOCKED' }, {}, fail],
	[
		'create blocked by n8n SSRF protection (not sent)',
		'create',
		{ code: 'ERR_N8N_SSRF_BLOCKED' },
		idempotent,
		fail,
	],

	// The paid create call: retried freely only when the gateway certainly created nothing.
	['create 200', 'create', { status: 200 }, {}, ok],
	['create 429', 'create', { status: 429 }, {}, retry],
	['create refused before sending', 'create', { code: 'ECONNREFUSED' }, {}, retry],
	['create host not found', 'create', { code: 'ENOTFOUND' }, {}, retry],
	[
		'create 503 idempotency_unavailable (not run)',
		'create',
		{ status: 503, body: err('idempotency_unavailable') },
		{},
		retry,
	],
	[
		'create bad certificate: nothing sent, no retry',
		'create',
		{ code: 'CERT_HAS_EXPIRED' },
		{},
		fail,
	],
	['create 400', 'create', { status: 400 }, {}, fail],
	['create 402', 'create', { status: 402 }, {}, fail],
	[
		'create 500 build_request_failed (a rejected parameter)',
		'create',
		{ status: 500, body: { message: 'build_request_failed: bad seed' } },
		{},
		fail,
	],
	[
		'create 409 key reused',
		'create',
		{ status: 409, body: err('idempotency_key_reused') },
		idempotent,
		fail,
	],
	[
		'create 409 result indeterminate',
		'create',
		{ status: 409, body: err('idempotency_result_indeterminate') },
		idempotent,
		fail,
	],
	// After the request was sent: a task may exist.
	['create 500, no key support', 'create', { status: 500 }, {}, ambiguous],
	['create 502, no key support', 'create', { status: 502 }, {}, ambiguous],
	['create dropped, no key support', 'create', { code: 'ECONNRESET' }, {}, ambiguous],
	['create timeout, no key support', 'create', { code: 'ECONNABORTED' }, {}, ambiguous],
	[
		'create 409 in progress, no key support',
		'create',
		{ status: 409, body: err('idempotency_in_progress') },
		{},
		ambiguous,
	],
	// ... resent only with the same Idempotency-Key at a gateway that honours it, or when the user accepts a second bill.
	['create 502, gateway honours keys', 'create', { status: 502 }, idempotent, retry],
	['create 504, gateway honours keys', 'create', { status: 504 }, idempotent, retry],
	['create dropped, gateway honours keys', 'create', { code: 'ECONNRESET' }, idempotent, retry],
	['create timeout, gateway honours keys', 'create', { code: 'ECONNABORTED' }, idempotent, retry],
	[
		'create 409 in progress, gateway honours keys',
		'create',
		{ status: 409, body: err('idempotency_in_progress') },
		idempotent,
		retry,
	],
	['create 503, resubmit opted in', 'create', { status: 503 }, resubmit, retry],
];

test.each(table)('%s', (_name, kind, attempt, rules, expected) => {
	expect(decideRetry(kind, attempt, rules)).toEqual(expected);
});

test.each([
	['auto', 'https://api.apimart.ai', true],
	['auto', 'https://eu.api.apimart.ai', true],
	['auto', 'https://gateway.example.com', false],
	['auto', 'https://apimart.ai.example.com', false],
	['yes', 'https://gateway.example.com', true],
	['no', 'https://api.apimart.ai', false],
	[undefined, 'https://api.apimart.ai', true],
])('gateway honours idempotency keys: setting %s at %s → %s', (setting, baseUrl, expected) => {
	expect(honoursIdempotency(setting, baseUrl)).toBe(expected);
});

describe('idempotency keys', () => {
	const { idempotencyKey } =
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('../nodes/Veo3/helpers/neverBuyTwice') as typeof import('../nodes/Veo3/helpers/neverBuyTwice');
	const parts = {
		instanceId: 'staging',
		workflowId: 'wf',
		executionId: '1',
		nodeId: 'n',
		runIndex: 0,
		itemIndex: 0,
		request: { prompt: 'x' },
	};
	test('the same request in the same n8n instance: the same key (resend, Retry On Fail, a queue worker)', () => {
		expect(idempotencyKey(parts)).toBe(idempotencyKey({ ...parts }));
	});
	test('execution 1 of the same workflow in two n8n instances (staging, production): different keys', () => {
		expect(idempotencyKey(parts)).not.toBe(idempotencyKey({ ...parts, instanceId: 'production' }));
	});
	test('keys are visible ASCII of at most 191 characters, as APIMart requires', () => {
		expect(idempotencyKey(parts)).toMatch(/^[\x21-\x7e]{1,191}$/);
	});
});

describe("n8n's SSRF protection", () => {
	const { networkCode } =
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		require('../nodes/Veo3/transport/failures') as typeof import('../nodes/Veo3/transport/failures');
	test('its errors are recognised, also wrapped by n8n', () => {
		const blocked = Object.assign(
			new Error('The request was blocked because it resolves to a restricted IP address'),
			{ name: 'SsrfBlockedIpError' },
		);
		expect(networkCode(blocked)).toBe('ERR_N8N_SSRF_BLOCKED');
		expect(networkCode({ message: 'wrapped', cause: blocked })).toBe('ERR_N8N_SSRF_BLOCKED');
		expect(networkCode(Object.assign(new Error('x'), { name: 'SsrfBlockedHostnameError' }))).toBe(
			'ERR_N8N_SSRF_BLOCKED',
		);
		expect(networkCode(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
	});
});

test('what the process remembers is bounded: 10,000 entries, the oldest forgotten first; an update forgets nothing', () => {
	const memory = new Map<number, string>();
	for (let i = 0; i < 10_000; i++) setBounded(memory, i, 'first');
	setBounded(memory, 5, 'updated');
	expect([memory.size, memory.get(0), memory.get(5)]).toEqual([10_000, 'first', 'updated']);
	setBounded(memory, 10_000, 'new');
	expect([memory.size, memory.has(0), memory.get(10_000)]).toEqual([10_000, false, 'new']);
});
