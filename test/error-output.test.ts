import assert from 'node:assert/strict'

import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'
import {parse} from '@oclif/core/parser'

import {describeError, renderErrorText, toErrorJson} from '../src/error-output.js'
import {SniError, usageError} from '../src/lib/sni-error.js'

/** The error oclif's parser throws for `argv` against these definitions. */
async function parseError(
  argv: string[],
  flags: Parameters<typeof parse>[1]['flags'],
  args: Parameters<typeof parse>[1]['args'] = {},
): Promise<unknown> {
  try {
    await parse(argv, {args, flags, strict: true})
  } catch (error) {
    return error
  }

  assert.fail('the parser accepted the command line')
}

describe('error output', () => {
  it('turns a flag value refused by its own parser into a usage error naming the flag (not "Unexpected error", exit 1)', async () => {
    const error = await parseError(['--dir', '/nonexistent/sni-dir'], {dir: Flags.directory({exists: true})})
    const described = describeError(error, {argv: [], id: 'certs:generate'})
    assert.deepEqual(
      [described.code, described.exit, described.message, described.hint],
      ['USAGE', 2, '--dir: No directory found at /nonexistent/sni-dir.', 'See `sni certs:generate --help`.'],
    )
  })

  it("keeps an sni error thrown by a flag's parser as it was, undoing oclif's rewording", async () => {
    const strict = Flags.custom<string>({
      parse: async () => {
        throw usageError('--upstream "x" is not a URL.', 'ROUTER_UPSTREAM_INVALID', "Give the app's address.")
      },
    })
    const described = describeError(await parseError(['--upstream', 'x'], {upstream: strict()}), {
      argv: [],
      id: 'router:start',
    })
    assert.deepEqual(
      [described.code, described.exit, described.message, described.hint],
      ['ROUTER_UPSTREAM_INVALID', 2, '--upstream "x" is not a URL.', "Give the app's address."],
    )
  })

  it('lists several missing arguments in one sentence', async () => {
    const error = await parseError(
      [],
      {},
      {
        crt: Args.string({description: 'certificate file', required: true}),
        key: Args.string({description: 'key file', required: true}),
      },
    )
    assert.equal(
      describeError(error, {argv: [], id: 'certs:add'}).message,
      'Missing 2 required arguments: CRT, certificate file; KEY, key file.',
    )
  })

  it('renders one unwrapped line per sentence, details in JSON only', () => {
    const error = new SniError(`a ${'long '.repeat(40)}message`, {
      code: 'X',
      details: {findings: []},
      exit: 3,
      hint: 'Run `sni certs --app shop`.',
    })
    assert.equal(
      renderErrorText(error, {debug: false}),
      ` ›   Error: a ${'long '.repeat(40)}message\n ›   Try this: Run \`sni certs --app shop\`.\n`,
    )
    assert.deepEqual(toErrorJson(error), {
      error: {code: 'X', details: {findings: []}, exit: 3, hint: 'Run `sni certs --app shop`.', message: error.message},
    })
  })

  it('adds the stack of what was thrown, and its causes, under DEBUG only', () => {
    const cause = new Error('dlopen failed: better_sqlite3.node: invalid ELF header')
    const thrown = new SniError('The local platform could not load its database module.', {
      code: 'STORE_DRIVER_UNAVAILABLE',
      exit: 8,
    })
    thrown.cause = cause
    const quiet = renderErrorText(thrown, {debug: false, thrown})
    assert.doesNotMatch(quiet, /invalid ELF header/)
    const debug = renderErrorText(thrown, {debug: true, thrown})
    assert.match(debug, /\nCaused by: Error: dlopen failed: better_sqlite3\.node: invalid ELF header\n {4}at /)
  })
})
