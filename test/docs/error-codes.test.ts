import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const srcDir = join(root, 'src')
const errorCodesDoc = readFileSync(join(root, 'docs', 'error-codes.md'), 'utf8')
const findingsDoc = readFileSync(join(root, 'docs', 'findings.md'), 'utf8')

/**
 * `code:` literals that are not error codes: the HTTP client's internal network outcomes, which become
 * API_TIMEOUT and UNEXPECTED_RESPONSE and never reach the output. Each must still exist in src.
 */
const NOT_ERROR_CODES = new Set(['RESPONSE_TOO_LARGE', 'TIMEOUT'])

/** What an error code looks like: `KEY_MISMATCH`, `STORE_BUSY`, or Heroku's `not_found`. */
const CODE_SHAPE = /^[A-Za-z][A-Za-z0-9_]*$/

// The first argument of a helper call: a '...' string, a `...` template (one level of nested
// templates inside ${}), or a plain expression such as error.message; comments may precede it.
const SQ = String.raw`'(?:[^'\\\n]|\\.)*'`
const TPL = String.raw`\x60(?:[^\x60\\$]|\\[\s\S]|\$(?!\{)|\$\{(?:[^{}\x60]|\x60[^\x60]*\x60|\{[^{}]*\})*\})*\x60`
const EXPR = String.raw`[\w.$#]+`
const GAP = String.raw`(?:\s|//[^\n]*)*`

/** `inputError(message, CODE…`, `usageError(…`, `refusedError(…`, `storeError(…` and http-failure's `transient(…`. */
const HELPER_CALL = new RegExp(
  String.raw`\b(?:inputError|usageError|refusedError|storeError|transient)\(${GAP}(?:${SQ}|${TPL}|${EXPR})${GAP},${GAP}([^,)]+)`,
  'g',
)
/** `{code: 'X', …}` in `new SniError(message, {code: …})` and every other object literal; `code: string` types yield nothing. */
const CODE_PROPERTY = /\bcode:\s*([^,}\n]+)/g
/**
 * The literals an expression can evaluate to: one standing alone or following `??`, `||`, `?` or `:`
 * (`'X'`, `errors[0]?.code ?? 'KEY_MISSING'`, `typeof c === 'string' ? c : 'USAGE'`), never the
 * operand of a comparison. Template literals count when they have no substitution.
 */
const VALUE_LITERAL = /(?:^|\?\?|\|\||\?|:)\s*(['"\x60])([^'"\x60$\\\s]+)\1/g

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

/** bin/*.js: the start-up script's own errors (a missing build) have codes too. */
const binDir = join(root, 'bin')
function binFiles(): string[] {
  return readdirSync(binDir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => join(binDir, name))
    .sort()
}

function literalsOf(expression: string): string[] {
  return [...expression.trim().matchAll(VALUE_LITERAL)].map((m) => m[2] ?? '').filter((code) => CODE_SHAPE.test(code))
}

/** Every code string literal used as an error (or finding) code in src, with the files using it. */
function extractSourceCodes(): Map<string, Set<string>> {
  const codes = new Map<string, Set<string>>()
  for (const file of [...sourceFiles(srcDir), ...binFiles()]) {
    const text = readFileSync(file, 'utf8')
    const slots = [...text.matchAll(HELPER_CALL), ...text.matchAll(CODE_PROPERTY)].map((m) => m[1] ?? '')
    for (const code of slots.flatMap((slot) => literalsOf(slot))) {
      if (!codes.has(code)) codes.set(code, new Set())
      codes.get(code)?.add(relative(root, file))
    }
  }

  return codes
}

/** Codes in the first column of the tables of a document: rows starting `| \`CODE\` |`. */
function tableCodes(markdown: string): string[] {
  return [...markdown.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1] ?? '').filter((code) => CODE_SHAPE.test(code))
}

function allSourceText(): string {
  return [...sourceFiles(srcDir), ...binFiles()].map((file) => readFileSync(file, 'utf8')).join('\n')
}

describe('docs/error-codes.md', () => {
  const sourceCodes = extractSourceCodes()
  const documented = new Set([...tableCodes(errorCodesDoc), ...tableCodes(findingsDoc)])

  it('finds the codes of every call shape in src', () => {
    const errorCodes = [...sourceCodes.keys()].filter((code) => !NOT_ERROR_CODES.has(code))
    assert.ok(errorCodes.length >= 60, `only ${errorCodes.length} codes found in src; has a call shape changed?`)
    // one per shape: inputError, usageError (after a comment line), refusedError, storeError, transient,
    // new SniError({code}), `??` fallbacks, a ternary's else branch, notFoundError's literal, a finding
    for (const code of [
      'FILE_NOT_FOUND',
      'ROUTER_UPSTREAM_INVALID',
      'unprocessable_entity',
      'STORE_BUSY',
      'API_TIMEOUT',
      'CONFIRMATION_REQUIRED',
      'KEY_MISSING',
      'API_REFUSED',
      'USAGE',
      'not_found',
      'CERT_EXPIRED',
    ]) {
      assert.ok(sourceCodes.has(code), `${code} was not extracted from src`)
    }
  })

  it('documents every code in src (in error-codes.md or findings.md)', () => {
    const missing = [...sourceCodes.entries()]
      .filter(([code]) => !NOT_ERROR_CODES.has(code) && !documented.has(code))
      .map(([code, files]) => `${code} (${[...files].join(', ')})`)
    assert.deepEqual(
      missing,
      [],
      `codes used in src but in no table of docs/error-codes.md or docs/findings.md:\n  ${missing.join('\n  ')}`,
    )
  })

  it('lists no code that src no longer uses', () => {
    const source = allSourceText()
    const stale = tableCodes(errorCodesDoc).filter((code) => !new RegExp(`['"\x60]${code}['"\x60]`).test(source))
    assert.deepEqual(stale, [], `codes in docs/error-codes.md that no longer appear in src:\n  ${stale.join('\n  ')}`)
  })

  it('repeats no code of findings.md', () => {
    const findings = new Set(tableCodes(findingsDoc))
    const repeated = tableCodes(errorCodesDoc).filter((code) => findings.has(code))
    assert.deepEqual(
      repeated,
      [],
      `codes documented in both docs/error-codes.md and docs/findings.md:\n  ${repeated.join('\n  ')}`,
    )
  })

  it('keeps its list of non-error code literals current', () => {
    const gone = [...NOT_ERROR_CODES].filter((code) => !sourceCodes.has(code))
    assert.deepEqual(gone, [], `NOT_ERROR_CODES lists literals src no longer has: ${gone.join(', ')}`)
  })
})
