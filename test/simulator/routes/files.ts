// The video CDN (and uploaded images): GET /videos/{taskId}_{n}.mp4 (a GIF task's:
// /videos/{taskId}_{n}.gif, image/gif) and /images/{name}. Served on its own origin; with
// urlShape 'relative', by the API server too.
import { applyFault } from '../faults';
import { makeGif, MAX_GIF_PAYLOAD } from '../gif';
import { makeMp4, mdatHeader } from '../mp4';
import type { Request, Response, SimState } from '../state';
import { send } from '../state';

/** Above this, a video is streamed in chunks and never held in memory whole. */
const STREAM_ABOVE_BYTES = 16 * 1024 * 1024;

export function serveFile(state: SimState, req: Request, res: Response): void {
	const url = new URL(req.url ?? '/', 'http://127.0.0.1');
	state.fileLog.push({
		at: Date.now(),
		method: req.method ?? 'GET',
		path: url.pathname,
		headers: { ...req.headers },
	});
	if (applyFault(state, 'file', req, res)) return;
	if (url.pathname.startsWith('/images/')) {
		const part = state.uploads.get(decodeURIComponent(url.pathname.slice('/images/'.length)));
		if (!part) return send(res, 404, { message: 'no such image' });
		res.writeHead(200, { 'content-type': part.contentType ?? 'application/octet-stream' });
		return void res.end(part.data);
	}
	const video = /^\/videos\/(.+)_(\d+)\.(mp4|gif)$/.exec(url.pathname);
	const task = video && state.tasks.get(video[1]);
	// A GIF task has only .gif files, any other only .mp4 ones.
	if (!video || !task || task.gif !== (video[3] === 'gif'))
		return send(res, 404, { message: 'no such video' });
	const { clip, videoBytes } = state.config;
	if (task.gif) {
		const gif = makeGif(Math.min(videoBytes, MAX_GIF_PAYLOAD), `${video[1]}_${video[2]}`);
		res.writeHead(200, { 'content-type': 'image/gif', 'content-length': String(gif.length) });
		return void res.end(gif);
	}
	if (clip) {
		// A real film (the `npm start` demo), the same for every task.
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(clip.length) });
		return void res.end(clip);
	}
	res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(videoBytes + 32) });
	if (videoBytes <= STREAM_ABOVE_BYTES)
		return void res.end(makeMp4(videoBytes, `${video[1]}_${video[2]}`));
	streamLargeVideo(res, videoBytes);
}

/** A real mp4 header and then 1 MB chunks, written as fast as the reader takes them. */
function streamLargeVideo(res: Response, size: number): void {
	const chunk = makeMp4(1024 * 1024 - 32, 'chunk').subarray(32);
	res.write(makeMp4(0, 'head').subarray(0, 24));
	res.write(mdatHeader(size));
	let left = size;
	const pump = () => {
		while (left > 0) {
			const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
			left -= piece.length;
			if (!res.write(piece)) return void res.once('drain', pump);
		}
		res.end();
	};
	pump();
}
