import assert from 'node:assert/strict'

import {parseJsonError} from '../helpers/json-schema.js'
import {runSni, type SniRun} from '../helpers/run-sni.js'

/** No line is hard-wrapped or padded: nothing ends in a space, and the error is on one line. */
function assertNoWrap(text: string): void {
  for (const line of text.split('\n'))
    assert.ok(!/[ \t]$/.test(line), `line ends in whitespace: ${JSON.stringify(line)}`)
}

// What oclif leaves to its defaults, made to answer like every other sni error: one line, JSON with
// --json, exit 2 for anything the user typed wrong, and a hint that can be pasted.
describe('usage errors, unknown commands and help', () => {
  const env = {SNI_PLATFORM: 'local', SNI_HOME: '/nonexistent/sni-cli-errors'}

  it('reports a missing argument in one sentence, in JSON with --json, without the unrelated multiple-values note', async () => {
    const [json, human] = await Promise.all([
      runSni(['certs:generate', '--json'], {env}),
      runSni(['certs:add', 'server.crt', '--app', 'shop'], {env}),
    ])
    const error = parseJsonError(json)
    assert.equal(error.code, 'USAGE')
    assert.equal(error.exit, 2)
    assert.equal(
      error.message,
      'Missing 1 required argument: DOMAIN, domain name to secure, e.g. www.example.com or *.example.com.',
    )
    assert.equal(error.hint, 'See `sni certs:generate --help`.')
    assert.equal(json.stderr, '')
    assert.equal(human.exitCode, 2)
    assert.doesNotMatch(human.stderr, /Note:|multiple values|several values/)
    assert.match(
      human.stderr,
      /^ › {3}Error: Missing 1 required argument: KEY, private key file \(PKCS#1, PKCS#8, SEC1, encrypted with a passphrase\)\.\n › {3}Try this: See `sni certs:add --help`\.\n\nUSAGE\n {2}\$ sni certs:add CRT KEY /,
    )
    assertNoWrap(human.stderr)
  })

  it('explains the multiple-values trap only when such a flag swallowed the argument', async () => {
    const run = await runSni(['certs:add', 'server.crt', '--ca', 'root.crt', 'server.key', '--app', 'shop', '--json'], {
      env,
    })
    const error = parseJsonError(run)
    assert.match(error.message, /^Missing 1 required argument: KEY/)
    assert.equal(
      error.hint,
      '--ca takes several values, so give the arguments before it (or put -- before the arguments). See `sni certs:add --help`.',
    )
  })

  it('never hard-wraps an error, on stderr or inside a JSON message', async () => {
    const long = `${'very-long-directory-name/'.repeat(8)}server.crt`
    const [human, json] = await Promise.all([
      runSni(['certs:inspect', long], {env: {...env, COLUMNS: '80'}}),
      runSni(['certs:inspect', long, '--json'], {env: {...env, COLUMNS: '80'}}),
    ])
    assert.equal(human.exitCode, 3)
    assert.equal(
      human.stderr,
      ` ›   Error: certificate file not found: ${long}\n ›   Try this: Check the path; it is relative to the current directory.\n`,
    )
    const error = parseJsonError(json)
    assert.equal(error.message, `certificate file not found: ${long}`)
  })

  it('answers an unknown command with exit 2, a pasteable "did you mean" and JSON under --json', async () => {
    const [typo, listing, json, nothing] = await Promise.all([
      runSni(['cert:add', 'server.crt', 'server.key', '--app', 'shop'], {env}),
      runSni(['certs:list', '--app', 'shop'], {env}),
      runSni(['cert:add', 'server.crt', 'server.key', '--app', 'shop', '--json'], {env}),
      runSni(['frobnicate'], {env}),
    ])
    assert.equal(typo.exitCode, 2)
    assert.equal(typo.stdout, '')
    assert.equal(
      typo.stderr,
      ' ›   Error: cert:add is not a sni command.\n ›   Try this: Did you mean `sni certs:add server.crt server.key --app shop`? Run `sni help` for a list of commands.\n',
    )
    assert.equal(listing.exitCode, 2)
    assert.match(listing.stderr, /Did you mean `sni certs --app shop`\?/)
    const error = parseJsonError(json)
    assert.deepEqual(error, {
      code: 'COMMAND_NOT_FOUND',
      exit: 2,
      hint: 'Did you mean `sni certs:add server.crt server.key --app shop --json`? Run `sni help` for a list of commands.',
      message: 'cert:add is not a sni command.',
    })
    assert.equal(json.stderr, '')
    assert.equal(nothing.exitCode, 2)
    assert.equal(
      nothing.stderr,
      ' ›   Error: frobnicate is not a sni command.\n ›   Try this: Run `sni help` for a list of commands.\n',
    )
  })

  it('shows help with `sni help COMMAND` and -h, unwrapped when piped', async () => {
    const runs: SniRun[] = await Promise.all([
      runSni(['help', 'certs:add'], {env}),
      runSni(['certs', '-h'], {env}),
      runSni(['certs:add', '--help'], {env}),
    ])
    const [help, short, long] = runs
    for (const run of runs) {
      assert.equal(run.exitCode, 0, run.stderr)
      assertNoWrap(run.stdout)
    }

    assert.match(
      help?.stdout ?? '',
      /^add an SSL certificate to an app\n\nUSAGE\n {2}\$ sni certs:add CRT KEY -a <value> \[--json\] .*\[--dry-run\]\n/,
    )
    assert.equal(help?.stdout, long?.stdout)
    assert.match(short?.stdout ?? '', /^list SSL certificates for an app\n\nUSAGE\n {2}\$ sni certs -a <value>/)
    // One line per flag: piped help is not wrapped at 80 columns.
    assert.match(
      long?.stdout ?? '',
      /\n {6}--passphrase-file=<value> {2}file whose first line is the passphrase of an encrypted key or PKCS#12 bundle \(else SNI_KEY_PASSPHRASE, else a prompt on a terminal\)\n/,
    )
  })
})
