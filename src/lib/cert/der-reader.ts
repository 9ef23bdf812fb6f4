/**
 * A small, strict DER reader for the few certificate fields Node 20 does not expose. It replaces
 * node-forge on the start-up path (compiling forge's util module alone costs ~6 ms per run).
 * Strict: definite, minimally encoded lengths only; one top-level value filling the input;
 * bounded nesting; anything else throws a RangeError, which callers turn into our error type.
 */

export const TagClass = {application: 1, context: 2, private: 3, universal: 0} as const

export const UniversalTag = {
  bitString: 3,
  bmpString: 30,
  boolean: 1,
  ia5String: 22,
  integer: 2,
  octetString: 4,
  oid: 6,
  printableString: 19,
  sequence: 16,
  set: 17,
  t61String: 20,
  universalString: 28,
  utf8String: 12,
} as const

export interface DerNode {
  tagClass: number
  constructed: boolean
  tag: number
  /** The whole encoding (header and contents). */
  encoded: Buffer
  /** The contents octets. */
  contents: Buffer
  /** Parsed contents of a constructed value; empty for primitives. */
  children: DerNode[]
}

const MAX_DEPTH = 64

/** Where one TLV sits: its tag byte, its contents and its end. */
export interface DerHeader {
  start: number
  body: number
  end: number
}

/** Reads the tag and length at `start` (strict DER lengths) without looking at the contents. */
export function readDerHeader(input: Buffer, start: number): DerHeader {
  let offset = start
  const first = input[offset++]
  if (first === undefined) throw new RangeError('truncated DER (tag)')
  if ((first & 0x1f) === 0x1f) throw new RangeError('high tag numbers are not used in certificates')
  const lengthByte = input[offset++]
  if (lengthByte === undefined) throw new RangeError('truncated DER (length)')
  let length = lengthByte
  if (lengthByte & 0x80) {
    const count = lengthByte & 0x7f
    // 0x80 is BER's indefinite length; DER forbids it, and more than 4 length octets is never a certificate
    if (count === 0 || count > 4) throw new RangeError('unsupported DER length')
    length = 0
    for (let i = 0; i < count; i++) {
      const byte = input[offset++]
      if (byte === undefined) throw new RangeError('truncated DER (length)')
      if (i === 0 && byte === 0) throw new RangeError('non-minimal DER length')
      length = length * 256 + byte
    }

    if (length < 0x80) throw new RangeError('non-minimal DER length')
  }

  const end = offset + length
  if (end > input.length) throw new RangeError('truncated DER (contents)')
  return {body: offset, end, start}
}

function readNode(input: Buffer, start: number, depth: number): DerNode {
  if (depth > MAX_DEPTH) throw new RangeError('DER nesting too deep')
  const {body, end} = readDerHeader(input, start)
  const first = input[start] as number
  const constructed = (first & 0x20) !== 0
  const contents = input.subarray(body, end)
  const children: DerNode[] = []
  if (constructed) {
    for (let at = 0; at < contents.length; ) {
      const child = readNode(contents, at, depth + 1)
      children.push(child)
      at += child.encoded.length
    }
  }

  return {children, constructed, contents, encoded: input.subarray(start, end), tag: first & 0x1f, tagClass: first >> 6}
}

/** Parses one DER value that must fill `input` exactly. */
export function readDer(input: Buffer): DerNode {
  const node = readNode(input, 0, 0)
  if (node.encoded.length !== input.length) throw new RangeError('trailing bytes after the DER value')
  return node
}

/** Dotted form of an OBJECT IDENTIFIER's contents. */
export function decodeOid(contents: Buffer): string {
  if (contents.length === 0) throw new RangeError('empty OID')
  const arcs: number[] = []
  let value = 0
  for (const [i, byte] of contents.entries()) {
    if (value === 0 && byte === 0x80) throw new RangeError('non-minimal OID arc')
    value = value * 128 + (byte & 0x7f)
    if (value > Number.MAX_SAFE_INTEGER) throw new RangeError('OID arc too large')
    if (byte & 0x80) {
      if (i === contents.length - 1) throw new RangeError('truncated OID')
      continue
    }

    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80)
    else arcs.push(value)
    value = 0
  }

  return arcs.join('.')
}
