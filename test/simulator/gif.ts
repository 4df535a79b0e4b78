import * as crypto from 'node:crypto';

/** A GIF task's file holds config.videoBytes of payload, but at most this (it is held in memory). */
export const MAX_GIF_PAYLOAD = 16 * 1024 * 1024;

/**
 * A small but real GIF89a (what a task made with enable_gif gives): one 1×1 frame, with
 * `payloadBytes` deterministic bytes from `seed` in a comment extension, so each file differs.
 */
export function makeGif(payloadBytes = 1024, seed = 'veo3'): Buffer {
	const payload = Buffer.alloc(payloadBytes);
	let state = crypto.createHash('sha256').update(seed).digest();
	for (let offset = 0; offset < payloadBytes; offset += 32) {
		state.copy(payload, offset, 0, Math.min(32, payloadBytes - offset));
		state = crypto.createHash('sha256').update(state).digest();
	}
	// A comment extension: sub-blocks of at most 255 bytes, each after its length, then 0.
	const comment: Buffer[] = [Buffer.from([0x21, 0xfe])];
	for (let offset = 0; offset < payloadBytes; offset += 255) {
		const block = payload.subarray(offset, offset + 255);
		comment.push(Buffer.from([block.length]), block);
	}
	comment.push(Buffer.from([0]));
	return Buffer.concat([
		Buffer.from('GIF89a', 'latin1'),
		// Logical screen 1×1, a global colour table of 2 entries (black, white).
		Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]),
		...comment,
		// One 1×1 image at 0,0; LZW data (minimum code size 2): clear, colour 0, end.
		Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0]),
		Buffer.from([0x3b]),
	]);
}
