// POST /v1/uploads/images: a multipart "file" field; the image is then served by the file server.
import { applyFault } from '../faults';
import type { LoggedRequest, Request, Response, SimState, Upload } from '../state';
import { authorized, send } from '../state';

function parseMultipart(raw: Buffer, contentType: string | undefined): Upload | undefined {
	const boundary = /boundary=(.+)$/.exec(contentType ?? '')?.[1];
	if (!boundary) return undefined;
	const text = raw.toString('latin1');
	const start = text.indexOf('\r\n\r\n');
	const end = text.lastIndexOf(`\r\n--${boundary}--`);
	const head = text.slice(0, start);
	if (!/name="file"/.test(head) || start < 0 || end < 0) return undefined;
	return {
		data: raw.subarray(start + 4, end),
		contentType: /Content-Type: ([^\r\n]+)/i.exec(head)?.[1],
		filename: /filename="([^"]*)"/.exec(head)?.[1],
	};
}

export function uploadImage(
	state: SimState,
	req: Request,
	res: Response,
	entry: LoggedRequest,
): void {
	if (!authorized(state, req, res)) return;
	if (applyFault(state, 'upload', req, res)) return;
	const part = parseMultipart(entry.rawBody, req.headers['content-type']);
	if (!part) return send(res, 400, { code: 400, message: 'multipart field "file" is required' });
	const name = `img_${++state.counters.seq}_${part.filename || 'image'}`;
	state.uploads.set(name, part);
	send(res, 200, {
		url: `${state.fileBase()}/images/${encodeURIComponent(name)}`,
		filename: part.filename,
		content_type: part.contentType,
		bytes: part.data.length,
		created_at: Math.floor(Date.now() / 1000),
	});
}
