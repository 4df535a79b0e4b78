/** Runs at most `max` jobs at a time (p-limit in a few lines; we ship no dependencies). */
export function createLimiter(max: number) {
	let active = 0;
	const queue: Array<() => void> = [];
	const next = () => {
		if (active < max && queue.length) {
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

export type Limiter = ReturnType<typeof createLimiter>;
