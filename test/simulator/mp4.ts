import * as crypto from 'node:crypto';

/** A small but real mp4 (ftyp + mdat boxes), plus deterministic payload bytes. */
export function makeMp4(payloadBytes = 4096, seed = 'veo3'): Buffer {
	const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');
	const payload = Buffer.alloc(payloadBytes);
	let state = crypto.createHash('sha256').update(seed).digest();
	for (let offset = 0; offset < payloadBytes; offset += 32) {
		state.copy(payload, offset, 0, Math.min(32, payloadBytes - offset));
		state = crypto.createHash('sha256').update(state).digest();
	}
	return Buffer.concat([ftyp, mdatHeader(payloadBytes), payload]);
}

/** The header of an mdat box holding `payloadBytes` bytes. */
export function mdatHeader(payloadBytes: number): Buffer {
	const header = Buffer.alloc(8);
	header.writeUInt32BE(payloadBytes + 8, 0);
	header.write('mdat', 4, 'latin1');
	return header;
}
