import assert from 'node:assert/strict'

import type {InspectEachResult} from '../../../src/lib/display/inspect-each.js'
import {fixturesDir, readFixture} from '../../helpers/fixtures.js'
import {parseJsonError, parseJsonOutput} from '../../helpers/json-schema.js'
import {assertNoSecrets, findingCodes, type SniRun, startSni} from '../../helpers/run-sni.js'

function inspect(args: string[]): Promise<SniRun> {
  return startSni(['certs:inspect', ...args], {cwd: fixturesDir})
}

// Two good files (one with its key inside), an empty file, a key given where a certificate belongs,
// an expired certificate: every kind of per-file outcome in one run.
const MIXED = [
  'chain-in-order.pem',
  'chain-ecdsa-with-key.pem',
  'empty.pem',
  'leaf-rsa2048.key',
  'expired.crt',
  '--ca',
  'root-ca.crt',
  '--each',
]
const KEYS = ['leaf-rsa2048.key', 'leaf-ecdsa-p256.key'].map((name) => readFixture(name).toString())

describe('certs:inspect FILE... --each', () => {
  let human: Promise<SniRun>
  let json: Promise<SniRun>
  let good: Promise<SniRun>
  let tooMany: Promise<SniRun>
  let unknownFlag: Promise<SniRun>
  before(() => {
    human = inspect(MIXED)
    json = inspect([...MIXED, '--json'])
    good = inspect([
      'chain-in-order.pem',
      'chain-ecdsa-p256.pem',
      '--each',
      '--ca',
      'root-ca.crt',
      '--hostname',
      'www.example.com',
    ])
    tooMany = inspect(['chain-in-order.pem', 'leaf-rsa2048.key', 'expired.crt'])
    unknownFlag = inspect(['chain-in-order.pem', '--each', '--hostnme', 'x'])
  })

  it('prints one line per file, in order, the findings on stderr, and exits 3 when any is refused', async () => {
    const {exitCode, stderr, stdout} = await human
    assert.equal(exitCode, 3, stderr)
    const lines = stdout.trimEnd().split('\n')
    assert.equal(lines.length, 5, stdout)
    assert.match(
      lines[0] ?? '',
      /^chain-in-order\.pem: accepted; browser verdict: yes; www\.example\.com, example\.com; expires /,
    )
    assert.match(lines[1] ?? '', /^chain-ecdsa-with-key\.pem: accepted; browser verdict: yes; /)
    assert.equal(lines[2], 'empty.pem: refused: certificate file empty.pem is empty (FILE_EMPTY)')
    assert.match(lines[3] ?? '', /^leaf-rsa2048\.key: refused: .*looks like a private key.* \(ARGUMENTS_SWAPPED\)$/)
    assert.match(
      lines[4] ?? '',
      /^expired\.crt: refused \(1 error: CERT_EXPIRED\); browser verdict: no \(.*CERT_EXPIRED.*\); www\.example\.com; /,
    )
    assert.ok(findingCodes(stderr).includes('CERT_EXPIRED'))
    assert.match(stderr, /certs:add would refuse 3 of 5 files; nothing was sent\.\n$/)
    assertNoSecrets([stdout, stderr], KEYS)
  })

  it('--json: one result per file (schemas/certs-inspect-each.json), a report or the error that refused it', async () => {
    const run = await json
    assert.equal(run.exitCode, 3)
    const result = parseJsonOutput<InspectEachResult>('certs-inspect-each', run.stdout)
    assert.deepEqual(
      result.files.map((f) => [f.file, f.ok, f.report ? 'report' : f.error?.code]),
      [
        ['chain-in-order.pem', true, 'report'],
        ['chain-ecdsa-with-key.pem', true, 'report'],
        ['empty.pem', false, 'FILE_EMPTY'],
        ['leaf-rsa2048.key', false, 'ARGUMENTS_SWAPPED'],
        ['expired.crt', false, 'report'],
      ],
    )
    assert.equal(result.refused, 3)
    assert.equal(result.ok, false)
    // The key inside the file is checked against its certificate; no separate key is paired.
    assert.equal(result.files[1]?.report?.key?.matches, true)
    assert.equal(result.files[0]?.report?.key, undefined)
    assert.equal(result.files[4]?.report?.verdict.accepted, false)
    assertNoSecrets([run.stdout, run.stderr], KEYS)
  })

  it('exits 0 when every file would be accepted; the flags apply to each file', async () => {
    const {exitCode, stderr, stdout} = await good
    assert.equal(exitCode, 0, stderr)
    assert.equal(
      stdout
        .trimEnd()
        .split('\n')
        .filter((line) => /: accepted; browser verdict: yes; /.test(line)).length,
      2,
      stdout,
    )
  })

  it('reads --ca once for every file: from stdin too, which can be read only once', async () => {
    const run = await startSni(
      ['certs:inspect', 'chain-in-order.pem', 'chain-ecdsa-p256.pem', '--each', '--ca', '-', '--json'],
      {cwd: fixturesDir, input: readFixture('root-ca.crt').toString()},
    )
    assert.equal(run.exitCode, 0, run.stderr)
    const result = parseJsonOutput<InspectEachResult>('certs-inspect-each', run.stdout)
    assert.deepEqual(
      result.files.map((f) => [f.file, f.report?.verdict.accepted]),
      [
        ['chain-in-order.pem', true],
        ['chain-ecdsa-p256.pem', true],
      ],
    )
  })

  it('stops at an unreadable --ca file before judging any certificate', async () => {
    const run = await inspect(['chain-in-order.pem', 'chain-ecdsa-p256.pem', '--each', '--ca', 'no-such-root.crt'])
    assert.equal(run.exitCode, 3)
    assert.equal(run.stdout, '')
    assert.match(run.stderr, /CA file not found: no-such-root\.crt/)
  })

  it('without --each, a third argument is a usage error that names --each', async () => {
    const run = await tooMany
    assert.equal(run.exitCode, 2)
    assert.match(run.stderr, /Unexpected argument: expired\.crt/)
    assert.match(run.stderr, /add --each/)
  })

  it('refuses an unknown flag instead of reading it as a file', async () => {
    const run = await unknownFlag
    assert.equal(run.exitCode, 2)
    assert.match(run.stderr, /Nonexistent flag: --hostnme/)
    const error = parseJsonError(await inspect(['a.pem', '--each', '--hostnme', '--json']))
    assert.equal(error.exit, 2)
    assert.match(error.message, /Nonexistent flag: --hostnme/)
  })
})
