'use strict';
// Waiting for something the scripts cannot be told about (a server up, a log line, a file), by
// asking again every 250 ms until a deadline: never a fixed sleep.

/**
 * Resolves with the first truthy value of `test()`; rejects once `timeoutMs` have passed.
 * @template T
 * @param {string} what what is awaited, for the error
 * @param {() => T | Promise<T>} test
 * @param {number} timeoutMs
 * @returns {Promise<Exclude<T, false | 0 | '' | null | undefined>>}
 */
async function waitFor(what, test, timeoutMs) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await test();
		if (value) return /** @type {Exclude<T, false | 0 | '' | null | undefined>} */ (value);
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

module.exports = { waitFor };
