import {domainToUnicode} from 'node:url'

/**
 * Makes untrusted certificate text safe for a terminal: control characters, DEL, C1 controls and
 * backslashes are shown as escapes (`\x1b`), so no ANSI sequence or raw control byte reaches output.
 */
export function escapeForDisplay(text: string): string {
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === '\\') out += '\\\\'
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`
    else out += ch
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
