import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {SecretPem} from '../../../src/lib/x509/secret-pem.js'
import {assertOutputFilesFree, planOutputFiles, writeOutputFiles} from '../../../src/lib/generate/output-files.js'
import {SniError} from '../../../src/lib/sni-error.js'

const isFileExists = (error: unknown) => error instanceof SniError && error.code === 'FILE_EXISTS' && error.exit === 2

describe('planOutputFiles', () => {
  const rows: Array<{name: string; dir: string; domain: string; selfSigned: boolean; want: object}> = [
    {
      dir: '.',
      domain: 'www.example.com',
      name: 'a CSR in the current directory',
      selfSigned: false,
      want: {keyFile: 'www.example.com.key', requestFile: 'www.example.com.csr'},
    },
    {
      dir: 'out',
      domain: 'www.example.com',
      name: 'a certificate in a directory',
      selfSigned: true,
      want: {keyFile: 'out/www.example.com.key', requestFile: 'out/www.example.com.crt'},
    },
    {
      dir: '.',
      domain: '*.example.com',
      name: 'a wildcard',
      selfSigned: false,
      want: {keyFile: 'wildcard.example.com.key', requestFile: 'wildcard.example.com.csr'},
    },
  ]
  for (const {dir, domain, name, selfSigned, want} of rows) {
    it(`names ${name}`, () => {
      assert.deepEqual(planOutputFiles(dir, domain, selfSigned), want)
    })
  }
})

describe('writeOutputFiles', () => {
  let dir: string
  const contents = {
    privateKeyPem: new SecretPem('-----BEGIN PRIVATE KEY-----\nnew\n-----END PRIVATE KEY-----\n'),
    requestPem: 'new request\n',
  }
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-output-'))
  })
  afterEach(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  it('writes the key with mode 0600 and the request beside it', () => {
    const files = planOutputFiles(dir, 'a.example', false)
    writeOutputFiles(files, contents, false)
    assert.equal(readFileSync(files.keyFile, 'utf8'), contents.privateKeyPem.reveal())
    assert.equal(statSync(files.keyFile).mode & 0o777, 0o600)
    assert.equal(readFileSync(files.requestFile, 'utf8'), 'new request\n')
  })

  for (const existing of ['keyFile', 'requestFile'] as const) {
    it(`refuses, writing nothing, when the ${existing === 'keyFile' ? 'key' : 'request'} file exists`, () => {
      const files = planOutputFiles(dir, 'a.example', false)
      writeFileSync(files[existing], 'old')
      assert.throws(() => assertOutputFilesFree(files, false), isFileExists)
      assert.throws(() => writeOutputFiles(files, contents, false), isFileExists)
      assert.deepEqual(readdirSync(dir), [existing === 'keyFile' ? 'a.example.key' : 'a.example.csr'])
      assert.equal(readFileSync(files[existing], 'utf8'), 'old')
    })
  }

  it('does not follow a symlink planted at the key path', () => {
    const files = planOutputFiles(dir, 'a.example', false)
    const target = join(dir, 'target')
    symlinkSync(target, files.keyFile)
    assert.throws(() => writeOutputFiles(files, contents, false), isFileExists)
    assert.throws(() => statSync(target), /ENOENT/)
  })

  it('replaces existing files with --force, leaving the key private and no temporary file', () => {
    const files = planOutputFiles(dir, 'a.example', true)
    writeFileSync(files.keyFile, 'old', {mode: 0o644})
    writeFileSync(files.requestFile, 'old')
    assertOutputFilesFree(files, true)
    writeOutputFiles(files, contents, true)
    assert.equal(readFileSync(files.keyFile, 'utf8'), contents.privateKeyPem.reveal())
    assert.equal(statSync(files.keyFile).mode & 0o777, 0o600)
    assert.equal(readFileSync(files.requestFile, 'utf8'), 'new request\n')
    assert.deepEqual(readdirSync(dir).sort(), ['a.example.crt', 'a.example.key'])
  })

  it('reports a directory it cannot write to as a usage error', () => {
    const files = planOutputFiles(join(dir, 'missing'), 'a.example', false)
    assert.throws(
      () => writeOutputFiles(files, contents, false),
      (error: unknown) =>
        error instanceof SniError && error.code === 'FILE_WRITE_FAILED' && /\(ENOENT\)/.test(error.message),
    )
  })
})
