// The API key must not leave the node: every text and JSON value that could reach an output, an
// error, the execution's custom data or a log line passes through here.

/** Removes the API key from a text. */
export function scrub(apiKey: string, text: string): string {
	return apiKey.length >= 4 ? text.split(apiKey).join('***') : text;
}

/**
 * Removes the API key from every string (and key) inside a JSON value, without recursion: a
 * gateway's answer may be nested deeper than the call stack.
 */
export function scrubDeep<T>(apiKey: string, value: T): T {
	if (apiKey.length < 4) return value;
	const clean = (v: unknown) => (typeof v === 'string' ? scrub(apiKey, v) : v);
	if (!value || typeof value !== 'object') return clean(value) as T;
	const root: unknown = Array.isArray(value) ? [] : {};
	const stack: Array<[from: object, to: Record<string, unknown>]> = [
		[value as object, root as Record<string, unknown>],
	];
	while (stack.length) {
		const [from, to] = stack.pop()!;
		for (const [key, entry] of Object.entries(from)) {
			let copy: unknown = clean(entry);
			if (entry && typeof entry === 'object') {
				copy = Array.isArray(entry) ? [] : {};
				stack.push([entry, copy as Record<string, unknown>]);
			}
			to[Array.isArray(from) ? key : scrub(apiKey, key)] = copy;
		}
	}
	return root as T;
}

/** How large and how deep a JSON value is, counted without recursion (stops past the limits). */
export function measureJson(value: unknown, maxBytes: number, maxDepth: number) {
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
	return { tooLarge: bytes > maxBytes, tooDeep: depth > maxDepth, bytes };
}
