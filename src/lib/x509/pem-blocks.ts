import {inputError} from '../sni-error.js'
import {escapeForDisplay} from '../display-text.js'
import type {Finding} from './types.js'

/** One PEM block (RFC 7468), decoded. */
export interface PemBlock {
  label: string
  /** RFC 1421 headers, kept for legacy encrypted keys (`Proc-Type`, `DEK-Info`). */
  headers: Record<string, string>
  der: Buffer
  /** 1-based position among the file's blocks, and the line of its BEGIN, for messages. */
  number: number
  line: number
}

export interface SplitPem {
  blocks: PemBlock[]
  findings: Finding[]
}

const BEGIN = /^-----BEGIN ([\x21-\x2C\x2E-\x7E]+(?: [\x21-\x2C\x2E-\x7E]+)*)-----$/
const END = /^-----END ([\x21-\x2C\x2E-\x7E]+(?: [\x21-\x2C\x2E-\x7E]+)*)-----$/
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/
const HEADER = /^([A-Za-z0-9-]+):\s*(.*)$/
const CORRUPT_HINT =
  'Download or export the file again; a PEM block is unmodified base64 between matching BEGIN and END lines.'

/** True when the bytes start like UTF-16 text (byte order mark FE FF or FF FE). */
export function isUtf16(data: Buffer): boolean {
  return data.length >= 2 && ((data[0] === 0xfe && data[1] === 0xff) || (data[0] === 0xff && data[1] === 0xfe))
}

/** True when the bytes hold at least one PEM BEGIN line. */
export function containsPem(data: Buffer): boolean {
  return data.includes('-----BEGIN ')
}

function corrupted(name: string, number: number, label: string, line: number, why: string) {
  return inputError(
    `${name}: block ${number} (${escapeForDisplay(label)}) is corrupted near line ${line} (${why})`,
    'PEM_CORRUPTED',
    CORRUPT_HINT,
    {
      block: number,
      line,
    },
  )
}

/**
 * Decodes a block body: every line must be base64, and padding may only end the body. Node's
 * base64 decoder skips bad characters silently, so this is checked first.
 */
function decodeBody(lines: Array<{text: string; line: number}>, name: string, number: number, label: string): Buffer {
  const joined = lines.map((l) => l.text).join('')
  for (const [i, l] of lines.entries()) {
    const paddedTooEarly = l.text.includes('=') && i < lines.length - 1
    if (!BASE64_LINE.test(l.text) || paddedTooEarly) throw corrupted(name, number, label, l.line, 'not base64')
  }

  const last = lines.at(-1)
  if (!last || joined.length === 0) throw corrupted(name, number, label, last?.line ?? 0, 'empty block')
  if (joined.length % 4 !== 0) throw corrupted(name, number, label, last.line, 'base64 cut short')
  return Buffer.from(joined, 'base64')
}

/**
 * Splits PEM text into blocks. Tolerates a UTF-8 BOM, CRLF, surrounding whitespace and text around
 * the blocks (reported once as a TEXT_OUTSIDE_PEM warning, never quoted: it may be anything).
 * Rejects UTF-16 text, bad base64 and missing or mismatched END lines, naming the block and line.
 */
export function splitPemBlocks(data: Buffer, name: string): SplitPem {
  if (isUtf16(data)) {
    throw inputError(
      `${name}: file is UTF-16; save it as ASCII or UTF-8`,
      'FILE_UTF16',
      'Re-save the file as UTF-8 or ASCII text (for example with iconv -f UTF-16 -t UTF-8).',
    )
  }

  const text = data.toString('utf8').replace(/^\uFEFF/, '')
  const lines = text.split(/\r\n|\r|\n/)
  const blocks: PemBlock[] = []
  let outsideLines = 0
  let i = 0
  while (i < lines.length) {
    const beginLine = i + 1
    const trimmed = (lines[i] ?? '').trim()
    i++
    if (!trimmed.startsWith('-----BEGIN') && !trimmed.startsWith('-----END')) {
      if (trimmed !== '') outsideLines++
      continue
    }

    const number = blocks.length + 1
    if (trimmed.startsWith('-----END'))
      throw corrupted(name, number, END.exec(trimmed)?.[1] ?? 'unknown', beginLine, 'END line without BEGIN')
    const label = BEGIN.exec(trimmed)?.[1]
    if (label === undefined) throw corrupted(name, number, 'unknown', beginLine, 'malformed BEGIN line')

    const headers: Record<string, string> = {}
    const body: Array<{text: string; line: number}> = []
    let ended = false
    let inHeaders = true
    while (i < lines.length) {
      const lineNumber = i + 1
      const content = (lines[i] ?? '').trim()
      i++
      if (content.startsWith('-----')) {
        if (content !== `-----END ${label}-----`)
          throw corrupted(name, number, label, lineNumber, 'missing or mismatched END line')
        ended = true
        break
      }

      const header = inHeaders ? HEADER.exec(content) : null
      if (header) {
        headers[header[1] ?? ''] = header[2] ?? ''
        continue
      }

      inHeaders = false
      if (content !== '') body.push({line: lineNumber, text: content})
    }

    if (!ended) throw corrupted(name, number, label, body.at(-1)?.line ?? beginLine, 'missing END line')
    blocks.push({der: decodeBody(body, name, number, label), headers, label, line: beginLine, number})
  }

  const findings: Finding[] = []
  if (outsideLines > 0) {
    findings.push({
      code: 'TEXT_OUTSIDE_PEM',
      hint: 'Only the PEM blocks are used; the rest of the file (Bag Attributes, comments) is ignored.',
      message: `${name}: ignored ${outsideLines} line${outsideLines === 1 ? '' : 's'} of text outside PEM blocks`,
      severity: 'warning',
    })
  }

  return {blocks, findings}
}

/** Encodes DER as a PEM block with 64-column lines, headers first (RFC 1421 style) when given. */
export function formatPemBlock(label: string, der: Buffer, headers: Record<string, string> = {}): string {
  const headerText = Object.entries(headers)
    .map(([key, value]) => `${key}: ${value}\n`)
    .join('')
  const body = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${headerText}${headerText ? '\n' : ''}${body.join('\n')}\n-----END ${label}-----\n`
}
