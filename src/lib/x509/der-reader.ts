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
  null: 5,
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

/** GeneralizedTime and UTCTime tags (universal class). */
export const TimeTag = {generalizedTime: 24, utcTime: 23} as const

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * A certificate time as RFC 5280 §4.1.2.5 encodes it: UTCTime `YYMMDDHHMMSSZ` (YY >= 50 is 19YY,
 * else 20YY) or GeneralizedTime `YYYYMMDDHHMMSSZ`, always UTC, seconds present, no fraction. Read
 * digit by digit, so GeneralizedTime year 0001 stays year 1 (OpenSSL's text, fed to `new Date()`,
 * made it 2001).
 */
export function decodeTime(node: DerNode): Date {
  if (node.tagClass !== TagClass.universal || (node.tag !== TimeTag.utcTime && node.tag !== TimeTag.generalizedTime)) {
    throw new RangeError('UTCTime or GeneralizedTime expected')
  }

  const text = node.contents.toString('latin1')
  const yearDigits = node.tag === TimeTag.utcTime ? 2 : 4
  if (text.length !== yearDigits + 11 || !/^\d+Z$/.test(text)) {
    throw new RangeError(`time "${text.slice(0, 20)}" is not ${yearDigits === 2 ? 'YYMMDDHHMMSSZ' : 'YYYYMMDDHHMMSSZ'}`)
  }

  const digits = (from: number, count: number) => Number(text.slice(from, from + count))
  let year = digits(0, yearDigits)
  if (yearDigits === 2) year += year >= 50 ? 1900 : 2000
  type Fields = [number, number, number, number, number]
  const [month, day, hour, minute, second] = [0, 2, 4, 6, 8].map((at) => digits(yearDigits + at, 2)) as Fields
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
  if (month < 1 || month > 12 || day < 1 || day > monthDays || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`time "${text}" is not a valid date`)
  }

  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second))
  date.setUTCFullYear(year) // Date.UTC maps years 0-99 to 1900-1999
  return date
}

/** A DER BOOLEAN: one octet, 0x00 or 0xFF (BER's other true values are not DER). */
export function decodeBoolean(node: DerNode): boolean {
  if (node.tagClass !== TagClass.universal || node.tag !== UniversalTag.boolean)
    throw new RangeError('BOOLEAN expected')
  if (node.contents.length !== 1 || (node.contents[0] !== 0 && node.contents[0] !== 0xff))
    throw new RangeError('BOOLEAN is not DER')
  return node.contents[0] === 0xff
}

/** The contents of a DER INTEGER, checked for minimal encoding. */
export function integerContents(node: DerNode): Buffer {
  if (node.tagClass !== TagClass.universal || node.tag !== UniversalTag.integer)
    throw new RangeError('INTEGER expected')
  const bytes = node.contents
  if (bytes.length === 0) throw new RangeError('empty INTEGER')
  const [first, second] = [bytes[0] as number, bytes[1] ?? -1]
  if (bytes.length > 1 && ((first === 0 && second < 0x80) || (first === 0xff && second >= 0x80)))
    throw new RangeError('non-minimal INTEGER')
  return bytes
}

/** A small non-negative DER INTEGER (lengths, versions, path lengths). */
export function decodeSmallInteger(node: DerNode): number {
  const bytes = integerContents(node)
  if ((bytes[0] as number) & 0x80) throw new RangeError('negative INTEGER')
  if (bytes.length > 4) throw new RangeError('INTEGER too large')
  return bytes.readUIntBE(0, bytes.length)
}

/** A BIT STRING's bits, most significant first; DER requires the unused trailing bits to be zero. */
export function decodeBitString(node: DerNode): {bytes: Buffer; bitLength: number} {
  if (node.tagClass !== TagClass.universal || node.tag !== UniversalTag.bitString || node.constructed)
    throw new RangeError('BIT STRING expected')
  const unused = node.contents[0]
  if (unused === undefined || unused > 7 || (unused > 0 && node.contents.length === 1))
    throw new RangeError('malformed BIT STRING')
  const bytes = node.contents.subarray(1)
  const last = bytes.at(-1) ?? 0
  if (unused > 0 && (last & ((1 << unused) - 1)) !== 0) throw new RangeError('BIT STRING has non-zero unused bits')
  return {bitLength: bytes.length * 8 - unused, bytes}
}
