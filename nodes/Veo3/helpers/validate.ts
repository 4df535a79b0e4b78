import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseHttpUrl } from '../transport';
import { unaddressableTaskId } from './task';

// Every check names the field as the user sees it in the UI and says what is allowed, so a bad
// value is caught before any (paid) request is sent.

function shown(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function invalidField(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	allowed: string,
	value: unknown,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${field}: ${allowed}`, {
		itemIndex,
		description: `Got ${shown(value)}.`,
	});
}

export function requireText(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	if (typeof value !== 'string' || !value.trim()) {
		throw invalidField(ctx, itemIndex, field, 'must not be empty', value);
	}
	return value.trim();
}

export function requireOneOf<T extends string | number>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	allowed: readonly T[],
): T {
	// Expressions may give "8" for 8: accept it, the API still receives a JSON number.
	const candidate =
		typeof allowed[0] === 'number' && typeof value === 'string' && value.trim() !== ''
			? Number(value)
			: value;
	if (!allowed.includes(candidate as T)) {
		throw invalidField(ctx, itemIndex, field, `must be one of ${allowed.join(', ')}`, value);
	}
	return candidate as T;
}

export function requireInteger(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	min: number,
	max: number,
): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
		throw invalidField(
			ctx,
			itemIndex,
			field,
			`must be a whole number from ${min} to ${max}`,
			value,
		);
	}
	return n;
}

export function requireBoolean(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): boolean {
	// Expressions may give "true" for true.
	const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
	if (text === 'true' || text === 'false') return text === 'true';
	if (typeof value !== 'boolean')
		throw invalidField(ctx, itemIndex, field, 'must be true or false', value);
	return value;
}

export function requireHttpUrl(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
	example = 'https://example.com/frame.png',
): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!parseHttpUrl(text)) {
		throw invalidField(
			ctx,
			itemIndex,
			field,
			`must be a public http(s) URL, e.g. ${example}`,
			value,
		);
	}
	return text;
}

export function requireBinaryPropertyName(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	value: unknown,
): string {
	if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,100}$/.test(value.trim())) {
		throw invalidField(
			ctx,
			itemIndex,
			field,
			'must be a binary property name of letters, digits, _, . or - (e.g. data)',
			value,
		);
	}
	return value.trim();
}

/**
 * A task ID: any ID the gateway can give is accepted (it is sent as one percent-encoded path
 * segment); only what cannot name a task is refused: nothing, "." and ".." (they would change the
 * path), and control characters. A number (from an expression) is its digits.
 */
export function requireTaskId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	raw: unknown,
): string {
	const taskId = requireText(ctx, itemIndex, field, typeof raw === 'number' ? String(raw) : raw);
	if (unaddressableTaskId(taskId)) {
		throw invalidField(
			ctx,
			itemIndex,
			field,
			'must be the task ID the gateway gave (not "." or "..", no control characters, up to 1000 characters)',
			taskId,
		);
	}
	return taskId;
}
