/**
 * HTTP/2's frames (RFC 9113 §4, §6): the types, flags, error codes and settings our HTTP/2 layer
 * uses (session.ts), and the encoding of a frame's 9-byte header.
 */

export const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');
export const FRAME_HEADER = 9;

export const enum FrameType {
  DATA = 0x0,
  HEADERS = 0x1,
  PRIORITY = 0x2,
  RST_STREAM = 0x3,
  SETTINGS = 0x4,
  PUSH_PROMISE = 0x5,
  PING = 0x6,
  GOAWAY = 0x7,
  WINDOW_UPDATE = 0x8,
  CONTINUATION = 0x9,
}

/** SETTINGS and PING: this frame acknowledges one received. */
export const ACK = 0x1;

export const enum Flag {
  END_STREAM = 0x1,
  END_HEADERS = 0x4,
  PADDED = 0x8,
  PRIORITY = 0x20,
}

export const enum ErrorCode {
  NO_ERROR = 0x0,
  PROTOCOL_ERROR = 0x1,
  INTERNAL_ERROR = 0x2,
  FLOW_CONTROL_ERROR = 0x3,
  STREAM_CLOSED = 0x5,
  FRAME_SIZE_ERROR = 0x6,
  REFUSED_STREAM = 0x7,
  CANCEL = 0x8,
  COMPRESSION_ERROR = 0x9,
}

export const enum Setting {
  HEADER_TABLE_SIZE = 0x1,
  ENABLE_PUSH = 0x2,
  MAX_CONCURRENT_STREAMS = 0x3,
  INITIAL_WINDOW_SIZE = 0x4,
  MAX_FRAME_SIZE = 0x5,
  MAX_HEADER_LIST_SIZE = 0x6,
}

/** The protocol's defaults, before SETTINGS say otherwise. */
export const DEFAULT_WINDOW = 65_535;
export const DEFAULT_MAX_FRAME = 16_384;
export const MAX_WINDOW = 2 ** 31 - 1;

/** A frame's 9-byte header for a payload of `length` bytes. */
export function frameHeader(type: FrameType, flags: number, stream: number, length: number): Buffer {
  return writeHeader(Buffer.allocUnsafe(FRAME_HEADER), type, flags, stream, length);
}

/** A whole frame, header and payload, in one buffer. */
export function wholeFrame(type: FrameType, flags: number, stream: number, payload: Buffer): Buffer {
  const out = writeHeader(Buffer.allocUnsafe(FRAME_HEADER + payload.length), type, flags, stream, payload.length);
  payload.copy(out, FRAME_HEADER);
  return out;
}

function writeHeader(out: Buffer, type: FrameType, flags: number, stream: number, length: number): Buffer {
  out.writeUIntBE(length, 0, 3);
  out[3] = type;
  out[4] = flags;
  out.writeUInt32BE(stream, 5);
  return out;
}

/** A payload of 32-bit big-endian values (RST_STREAM, WINDOW_UPDATE, GOAWAY). */
export function u32(...values: number[]): Buffer {
  const out = Buffer.allocUnsafe(4 * values.length);
  values.forEach((v, i) => out.writeUInt32BE(v, 4 * i));
  return out;
}

/** A SETTINGS payload: 16-bit identifier, 32-bit value, each. */
export function settings(entries: Array<[Setting, number]>): Buffer {
  const out = Buffer.allocUnsafe(6 * entries.length);
  entries.forEach(([id, value], i) => {
    out.writeUInt16BE(id, 6 * i);
    out.writeUInt32BE(value, 6 * i + 2);
  });
  return out;
}
