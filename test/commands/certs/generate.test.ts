import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import type {GenerateResult} from '../../../src/commands/certs/generate.js'
import {assertMatchesSchema} from '../../helpers/json-schema.js'
import {hasScript, runInTerminal} from '../../helpers/run-in-terminal.js'
import {assertNoSecrets, runSni} from '../../helpers/run-sni.js'

function readSubject(csrFile: string): string {
  return spawnSync('openssl', ['req', '-noout', '-subject', '-nameopt', 'compat', '-in', csrFile], {
    encoding: 'utf8',
  }).stdout.trim()
}

describe('certs:generate', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-generate-'))
  })
  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  it('writes a private key (0600) and a CSR without prompting when there is no terminal', async () => {
    const {exitCode, stderr, stdout} = await runSni(['certs:generate', 'www.example.com'], {cwd: dir})
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'Wrote www.example.com.key\nWrote www.example.com.csr\n')
    assert.deepEqual(readdirSync(dir).sort(), ['www.example.com.csr', 'www.example.com.key'])
    assert.equal(statSync(join(dir, 'www.example.com.key')).mode & 0o777, 0o600)
    assert.equal(readSubject(join(dir, 'www.example.com.csr')), 'subject=/CN=www.example.com')
    assert.ok(!stderr.includes('Owner of this certificate'), stderr)
    assert.equal(
      stderr,
      [
        "Submit the CSR in 'www.example.com.csr' to your certificate authority.",
        'When you have its certificate, run:',
        '$ sni certs:add CERTFILE www.example.com.key --app APP',
        '',
      ].join('\n'),
    )
    assertNoSecrets([stdout, stderr], [readFileSync(join(dir, 'www.example.com.key'), 'utf8')])
  })

  it('returns the files, names and next step as JSON for a self-signed wildcard certificate', async () => {
    const args = [
      'certs:generate',
      '*.Example.com',
      '--selfsigned',
      '--key-type',
      'ecdsa',
      '--curve',
      'p384',
      '--san',
      'example.com',
      '--days',
      '30',
      '--json',
    ]
    const {exitCode, stderr, stdout} = await runSni(args, {cwd: dir})
    assert.equal(exitCode, 0, stderr)
    const result = JSON.parse(stdout) as GenerateResult
    assertMatchesSchema('certs-generate', result)
    assert.deepEqual(result, {
      certificateFile: 'wildcard.example.com.crt',
      domain: '*.example.com',
      keyFile: 'wildcard.example.com.key',
      keyType: 'ECDSA P-384',
      nextStep: 'sni certs:add wildcard.example.com.crt wildcard.example.com.key --app APP',
      sans: ['*.example.com', 'example.com'],
      selfSigned: true,
    })
    // with --json the next step travels in the result, and stderr stays quiet
    assert.equal(stderr, '')
    assertNoSecrets([stdout, stderr], [readFileSync(join(dir, 'wildcard.example.com.key'), 'utf8')])
  })

  it('uses the owner details and --keysize (Heroku spelling), writing into --dir', async () => {
    mkdirSync(join(dir, 'out'))
    const args = [
      'certs:generate',
      'www.example.com',
      '--owner',
      'Example Inc',
      '--country',
      'us',
      '--city',
      'Paris',
      '--keysize',
      '3072',
      '--dir',
      'out',
      '--json',
    ]
    const {exitCode, stderr, stdout} = await runSni(args, {cwd: dir})
    assert.equal(exitCode, 0, stderr)
    const result = JSON.parse(stdout) as GenerateResult
    assertMatchesSchema('certs-generate', result)
    assert.equal(result.csrFile, join('out', 'www.example.com.csr'))
    assert.equal(result.keyType, 'RSA 3072')
    assert.equal(readSubject(join(dir, result.csrFile)), 'subject=/C=US/L=Paris/O=Example Inc/CN=www.example.com')
    assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['www.example.com.csr', 'www.example.com.key'])
  })

  it('creates a missing --dir (the README example, run in a new directory), and refuses a --dir that is a file', async () => {
    // As the README shows it, word for word.
    const readme = [
      'certs:generate',
      '*.example.com',
      '--selfsigned',
      '--key-type',
      'ecdsa',
      '--curve',
      'p384',
      '--days',
      '30',
      '--dir',
      'certs',
    ]
    const [created, nested] = await Promise.all([
      runSni(readme, {cwd: dir}),
      runSni(['certs:generate', 'www.example.com', '--now', '--dir', 'a/b/c'], {cwd: dir}),
    ])
    assert.equal(created.exitCode, 0, created.stderr)
    assert.equal(created.stdout, 'Wrote certs/wildcard.example.com.key\nWrote certs/wildcard.example.com.crt\n')
    assert.deepEqual(readdirSync(join(dir, 'certs')).sort(), ['wildcard.example.com.crt', 'wildcard.example.com.key'])
    assert.equal(statSync(join(dir, 'certs')).mode & 0o777, 0o700)
    assert.equal(nested.exitCode, 0, nested.stderr)
    assert.deepEqual(readdirSync(join(dir, 'a', 'b', 'c')).sort(), ['www.example.com.csr', 'www.example.com.key'])

    writeFileSync(join(dir, 'plain-file'), '')
    const refused = await runSni(['certs:generate', 'www.example.com', '--now', '--dir', 'plain-file', '--json'], {
      cwd: dir,
    })
    assert.equal(refused.exitCode, 2)
    assert.deepEqual(JSON.parse(refused.stdout), {
      error: {
        code: 'OUTPUT_DIR_INVALID',
        exit: 2,
        hint: 'Give a directory, or a path where one can be created.',
        message: "--dir 'plain-file' is not a directory; nothing was written.",
      },
    })
  })

  it('prints the self-signed next step on stderr only', async () => {
    const {exitCode, stderr, stdout} = await runSni(
      ['certs:generate', 'www.example.com', '--selfsigned', '--key-type', 'ecdsa'],
      {cwd: dir},
    )
    assert.equal(exitCode, 0, stderr)
    assert.equal(stdout, 'Wrote www.example.com.key\nWrote www.example.com.crt\n')
    assert.equal(
      stderr,
      'Your key and self-signed certificate have been generated.\nNext, run:\n$ sni certs:add www.example.com.crt www.example.com.key --app APP\n',
    )
  })

  it('refuses to overwrite an existing key without --force (exit 2), then overwrites with it', async () => {
    const keyFile = join(dir, 'www.example.com.key')
    writeFileSync(keyFile, 'old key\n')
    const refused = await runSni(['certs:generate', 'www.example.com', '--now'], {cwd: dir})
    assert.equal(refused.exitCode, 2)
    assert.match(refused.stderr, /'www\.example\.com\.key' already exists; nothing was written\./)
    assert.equal(readFileSync(keyFile, 'utf8'), 'old key\n')
    assert.deepEqual(readdirSync(dir), ['www.example.com.key'])

    const forced = await runSni(['certs:generate', 'www.example.com', '--now', '--force'], {cwd: dir})
    assert.equal(forced.exitCode, 0, forced.stderr)
    const key = readFileSync(keyFile, 'utf8')
    assert.match(key, /^-----BEGIN PRIVATE KEY-----\n/)
    assert.equal(statSync(keyFile).mode & 0o777, 0o600)
    assert.deepEqual(readdirSync(dir).sort(), ['www.example.com.csr', 'www.example.com.key'])
    assertNoSecrets([forced.stdout, forced.stderr], [key])
  })

  const failures: Array<{name: string; args: string[]; code: string; message: RegExp}> = [
    {
      args: ['www.example.com', '--now', '--json'],
      code: 'FILE_EXISTS',
      message: /already exists/,
      name: 'an existing file',
    },
    {
      args: ['www.exa_mple.com', '--json'],
      code: 'INVALID_HOSTNAME',
      message: /^DOMAIN "www\.exa_mple\.com" is not a valid hostname/,
      name: 'a bad DOMAIN',
    },
    {
      args: ['a.example', '--subject', 'CN=a.example', '--json'],
      code: 'INVALID_SUBJECT',
      message: /^--subject is malformed/,
      name: 'a malformed --subject',
    },
    {
      args: ['a.example', '--days', '30', '--json'],
      code: 'USAGE',
      message: /--selfsigned/,
      name: '--days without --selfsigned',
    },
  ]
  for (const {args, code, message, name} of failures) {
    it(`fails with exit 2 and a JSON error for ${name}, writing nothing`, async () => {
      writeFileSync(join(dir, 'www.example.com.csr'), 'old csr\n')
      const {exitCode, stdout} = await runSni(['certs:generate', ...args], {cwd: dir})
      assert.equal(exitCode, 2, stdout)
      const {error} = JSON.parse(stdout) as {error: {code: string; exit: number; message: string}}
      assert.equal(error.exit, 2)
      assert.equal(error.code, code)
      assert.match(error.message, message)
      assert.deepEqual(readdirSync(dir), ['www.example.com.csr'])
    })
  }

  it('asks for the owner details on a terminal and puts them in the subject', async function () {
    if (!hasScript) this.skip()
    const {exitCode, output} = await runInTerminal(['certs:generate', 'www.example.com'], {
      answers: [
        ['Owner of this certificate', 'Example Inc'],
        ['Country of owner (two-letter ISO code)', 'us'],
        ['State/province/etc. of owner', 'California'],
        ['City of owner', ''],
      ],
      cwd: dir,
    })
    assert.equal(exitCode, 0, output)
    assert.equal(
      readSubject(join(dir, 'www.example.com.csr')),
      'subject=/C=US/ST=California/O=Example Inc/CN=www.example.com',
    )
    assertNoSecrets([output], [readFileSync(join(dir, 'www.example.com.key'), 'utf8')])
  })

  it('documents every flag in --help', async () => {
    const {exitCode, stdout} = await runSni(['certs:generate', '--help'])
    assert.equal(exitCode, 0)
    for (const flag of [
      '--area',
      '--city',
      '--country',
      '--curve',
      '--days',
      '--dir',
      '--force',
      '--key-size',
      '--key-type',
      '--now',
      '--owner',
      '--san',
      '--selfsigned',
      '--subject',
      '--json',
    ]) {
      assert.match(stdout, new RegExp(`${flag}[ =]`), flag)
    }

    assert.match(stdout, /exit 2/)
    assert.match(stdout, /\$ sni certs:generate www\.example\.com --now/)
  })
})
