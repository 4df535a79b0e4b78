/** A job that gave up waiting for a free slot: it never started. */
export class QueueTimeout extends Error {}

/**
 * Runs at most `max` jobs at a time (p-limit in a few lines; we ship no dependencies). A job
 * whose `giveUp` signal aborts while it waits for a slot leaves the queue without starting, so a
 * request that could only start past its deadline is never sent.
 */
export function createLimiter(max: number) {
	let active = 0;
	const queue: Array<() => void> = [];
	const next = () => {
		if (active < max && queue.length) {
			active++;
			queue.shift()!();
		}
	};
	return async <T>(job: () => Promise<T>, giveUp?: AbortSignal): Promise<T> =>
		await new Promise<T>((resolve, reject) => {
			const start = () => {
				giveUp?.removeEventListener('abort', leave);
				job()
					.then(resolve, reject)
					.finally(() => {
						active--;
						next();
					});
			};
			const leave = () => {
				const waiting = queue.indexOf(start);
				if (waiting < 0) return;
				queue.splice(waiting, 1);
				reject(new QueueTimeout('no free request slot before the deadline'));
			};
			if (giveUp?.aborted)
				return reject(new QueueTimeout('no free request slot before the deadline'));
			giveUp?.addEventListener('abort', leave, { once: true });
			queue.push(start);
			next();
		});
}

export type Limiter = ReturnType<typeof createLimiter>;
