// What counts as the file the user asked for, a video or (Output GIF) a GIF: checked on the first
// bytes while the file streams into n8n's store, and on its size when it ends. A host that answers
// with a page, an empty body, a bare header, or a GIF in place of a video (or a video in place of
// a GIF) has not sent what the user paid for.

/** What the item asked for; Get Task, which cannot know, takes either. */
export type FileKind = 'video' | 'gif' | 'either';

/** A real Veo clip is megabytes; anything below this is not one. */
const MIN_VIDEO_BYTES = 1024;
/** How much of the start of a file the check reads. */
export const HEAD_BYTES = 4096;

const MP4_FIRST_BOXES = ['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot'];

/** ISO base media (MP4, MOV, 3GP): a chain of boxes, each with a size and a four-letter type. */
function mp4Problem(head: Buffer, complete: boolean): string | undefined {
	let offset = 0;
	for (let box = 0; box < 2; box++) {
		if (offset + 8 > head.length) return complete ? 'a truncated video file' : undefined;
		const type = head.subarray(offset + 4, offset + 8).toString('latin1');
		if (!/^[a-z0-9 ©]{4}$/i.test(type)) return 'a file that is not a video';
		if (box === 0 && !MP4_FIRST_BOXES.includes(type)) return 'a file that is not a video';
		if (box === 1) return undefined;
		let size = head.readUInt32BE(offset);
		if (size === 1 && offset + 16 <= head.length) size = Number(head.readBigUInt64BE(offset + 8));
		if (size === 0) return undefined; // the box runs to the end of the file
		if (size < 8) return 'a file that is not a video';
		offset += size;
	}
	return undefined;
}

/**
 * Why the file that starts with `head` is not a video, or undefined when it is one (or when
 * more bytes are needed to tell and `complete` is false). MP4/MOV boxes beyond the first,
 * WebM/Matroska's EBML header with its doc type, or MPEG-TS sync bytes every 188 bytes.
 */
function videoProblem(head: Buffer, totalBytes: number, complete: boolean): string | undefined {
	if (complete && totalBytes < MIN_VIDEO_BYTES) {
		return totalBytes ? `a file of only ${totalBytes} bytes` : 'an empty file';
	}
	if (head.length < 12) return complete ? 'a file that is not a video' : undefined;
	if (head.readUInt32BE(0) === 0x1a45dfa3) {
		const text = head.toString('latin1');
		if (/webm|matroska/.test(text)) return undefined;
		return complete || head.length >= 64 ? 'a file that is not a video' : undefined;
	}
	if (head[0] === 0x47) {
		if (head.length < 377) return complete ? 'a file that is not a video' : undefined;
		return head[188] === 0x47 && head[376] === 0x47 ? undefined : 'a file that is not a video';
	}
	return mp4Problem(head, complete);
}

/** The smallest GIF with one frame is some 40 bytes; a real animated clip is far larger. */
const MIN_GIF_BYTES = 64;

const isGif = (head: Buffer) => /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1'));

/** Why the file that starts with `head` is not the kind asked for (see videoProblem). */
export function fileProblem(
	kind: FileKind,
	head: Buffer,
	totalBytes: number,
	complete: boolean,
): string | undefined {
	if (head.length < 6 && !complete) return undefined;
	if (isGif(head)) {
		if (kind === 'video') return 'a GIF image';
		if (complete && totalBytes < MIN_GIF_BYTES) return `a GIF of only ${totalBytes} bytes`;
		return undefined;
	}
	if (kind === 'gif') return head.length ? 'a file that is not a GIF' : 'an empty file';
	return videoProblem(head, totalBytes, complete);
}

export function printableStart(head: Buffer): string {
	return head
		.subarray(0, 12)
		.toString('latin1')
		.replace(/[^\x20-\x7e]/g, '.');
}
