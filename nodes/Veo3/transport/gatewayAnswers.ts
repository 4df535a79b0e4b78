// How to read what the gateway answered, whichever published envelope it used: the task, the
// status an answer stands for, its message; and whether it is small enough to read. Pure.
import type { IDataObject } from 'n8n-workflow';

/** `code` values that mean success in the envelopes gateways of this API use. */
const SUCCESS_CODES = [0, 1, 200, 201, 202];

/** What one attempt produced: an HTTP answer, or a network failure code. */
export interface Attempt {
	status?: number;
	code?: string;
	body?: unknown;
	headers?: IDataObject;
	/** A download's final outcome (stored, refused): the attempt ends the retries. */
	settled?: unknown;
}

export function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

export function asNumber(value: unknown): number | undefined {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** The task object of an answer: `data` as an object, or the first entry of `data` as a list. */
export function taskObjectOf(body: unknown): IDataObject | undefined {
	const data = asObject(body)?.data;
	return Array.isArray(data) ? asObject(data[0]) : asObject(data);
}

/** The task ID an answer carries (a string, or a number some gateways send), if any. */
export function taskIdOf(body: unknown): string | undefined {
	const task = taskObjectOf(body);
	const id = task?.task_id ?? task?.id;
	if (typeof id === 'string' && id.trim()) return id.trim();
	if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id);
	return undefined;
}

export function errorCodeOf(body: unknown): string {
	const b = body as { error?: { code?: unknown; type?: unknown }; code?: unknown } | undefined;
	// APIMart's own errors can carry an empty `error.code`: the type says more then.
	const code = b?.error?.code || b?.error?.type || b?.code;
	return typeof code === 'string' ? code : '';
}

/**
 * Some gateways answer HTTP 200 with an error body (`{"code": 402, "msg": ...}`,
 * `{"success": false}`): the HTTP status that body stands for, or undefined when it is a success
 * or carries a task (an answer with a task is never an error, whatever its code says).
 */
function statusInBody(body: unknown): number | undefined {
	const b = asObject(body);
	if (!b || taskIdOf(b) || typeof taskObjectOf(b)?.status === 'string') return undefined;
	const code = asNumber(b.code);
	if (b.success === false) return code !== undefined && code >= 400 && code < 600 ? code : 400;
	if (code === undefined || SUCCESS_CODES.includes(code)) return undefined;
	return code >= 400 && code < 600 ? code : 400;
}

/** The status an attempt stands for: its HTTP status, or the error code inside a 2xx body. */
export function effectiveStatus(attempt: Attempt): number | undefined {
	const { status } = attempt;
	if (status !== undefined && status >= 200 && status < 300)
		return statusInBody(attempt.body) ?? status;
	return status;
}

/** The gateway puts its message in error.message, message or msg depending on version. */
export function apiMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
	const b = asObject(body);
	if (!b) return undefined;
	const error = b.error as IDataObject | string | undefined;
	if (typeof error === 'string' && error) return error.slice(0, 500);
	if (error && typeof error === 'object') {
		const nested = error.message ?? error.msg;
		if (typeof nested === 'string' && nested) return nested.slice(0, 500);
	}
	for (const key of ['message', 'msg']) {
		if (typeof b[key] === 'string' && b[key]) return (b[key] as string).slice(0, 500);
	}
	return undefined;
}

/**
 * Whether a JSON value is larger than `maxBytes` (counted roughly as its JSON text) or nested
 * deeper than `maxDepth`, walked without recursion and only until a limit is passed: an answer
 * may be nested deeper than the call stack.
 */
export function jsonTooLargeOrDeep(value: unknown, maxBytes: number, maxDepth: number) {
	let bytes = 0;
	let depth = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length && bytes <= maxBytes && depth <= maxDepth) {
		const [v, d] = stack.pop()!;
		depth = Math.max(depth, d);
		if (typeof v === 'string') bytes += v.length + 2;
		else if (v && typeof v === 'object') {
			for (const [key, entry] of Object.entries(v)) {
				bytes += key.length + 4;
				stack.push([entry, d + 1]);
			}
		} else bytes += 8;
	}
	return { tooLarge: bytes > maxBytes, tooDeep: depth > maxDepth };
}
