/** Runs at most `limit` of the given jobs at a time (p-limit in a few lines; we ship no dependencies). */
export function createLimiter(limit: number) {
	let active = 0;
	const queue: Array<() => void> = [];
	const next = () => {
		if (active < limit && queue.length) {
			active++;
			queue.shift()!();
		}
	};
	return async <T>(job: () => Promise<T>): Promise<T> =>
		await new Promise<T>((resolve, reject) => {
			queue.push(() => {
				job()
					.then(resolve, reject)
					.finally(() => {
						active--;
						next();
					});
			});
			next();
		});
}
