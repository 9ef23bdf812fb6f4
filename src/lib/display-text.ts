import {domainToUnicode} from 'node:url'

/**
 * Invisible characters that change how text around them is shown: bidi controls (U+202E RIGHT-TO-LEFT
 * OVERRIDE turns `moc.elpmaxe` into what reads as `example.com`: "Trojan Source", CVE-2021-42574),
 * the other format characters (zero-width spaces and joiners, U+FEFF) and the line and paragraph
 * separators.
 */
const INVISIBLE = /^[\p{Cf}\p{Zl}\p{Zp}]$/u

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)
}

function escapeCode(code: number): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`
}

/**
 * Makes untrusted text (certificate fields, file names, hostnames, API messages) safe for a
 * terminal: control characters, DEL, C1 controls, bidi and other invisible format characters, and
 * backslashes are shown as escapes (`\x1b`, `\u202e`), so no ANSI sequence, raw control byte or
 * reordering of the text reaches output.
 */
export function escapeForDisplay(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (isControl(code) || INVISIBLE.test(ch)) out += escapeCode(code)
    else out += ch
  }

  return out
}

/**
 * The last line of defence for text about to be printed (error messages and hints): the same
 * escapes as escapeForDisplay for controls and invisible characters, except line breaks and tabs,
 * but backslashes are left alone, so text escaped before is not escaped twice.
 */
export function neutralizeForTerminal(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    out += (isControl(code) && ch !== '\n' && ch !== '\t') || INVISIBLE.test(ch) ? escapeCode(code) : ch
  }

  return out
}

/** `xn--bcher-kva.example (bücher.example)` for IDNs, the name itself otherwise. */
export function describeHostname(asciiName: string): string {
  const safe = escapeForDisplay(asciiName)
  if (!/(^|\.)xn--/i.test(asciiName)) return safe
  const unicode = domainToUnicode(asciiName)
  return unicode && unicode !== asciiName ? `${safe} (${escapeForDisplay(unicode)})` : safe
}

/** How an input is named in messages: `stdin` for `-`, else the path with control characters escaped. */
export function nameSource(label: string): string {
  return label === '-' ? 'stdin' : escapeForDisplay(label)
}
