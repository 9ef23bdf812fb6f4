import assert from 'node:assert/strict'

import {escapeForDisplay, neutralizeForTerminal} from '../../src/lib/display-text.js'

describe('escapeForDisplay', () => {
  it('escapes control characters and backslashes, as before', () => {
    assert.equal(escapeForDisplay('a\x1b[31mb\x07c\\d'), 'a\\x1b[31mb\\x07c\\\\d')
  })

  it('escapes bidi controls and other invisible format characters (Trojan Source), keeping visible Unicode', () => {
    // U+202E shows "www.example.com.evil" as if it were "www.example.com" followed by mirrored text
    assert.equal(escapeForDisplay('www.example.com\u202elive.'), 'www.example.com\\u202elive.')
    const invisible = [
      '\u061c',
      '\u200b',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\ufeff',
      '\u2028',
      '\u2029',
      '\u00ad',
    ]
    for (const ch of invisible)
      assert.doesNotMatch(escapeForDisplay(`a${ch}b`), /[^\x20-\x7e]/, `U+${ch.codePointAt(0)?.toString(16)}`)
    assert.equal(escapeForDisplay('bücher.example 證明書'), 'bücher.example 證明書')
    assert.equal(escapeForDisplay('tag \u{e0041}'), 'tag \\u{e0041}')
  })
})

describe('neutralizeForTerminal', () => {
  it('escapes controls and bidi characters but keeps line breaks and leaves backslashes alone', () => {
    assert.equal(
      neutralizeForTerminal('line 1\nfile \u202eevil\\x1b \x1b[2J'),
      'line 1\nfile \\u202eevil\\x1b \\x1b[2J',
    )
  })
})
