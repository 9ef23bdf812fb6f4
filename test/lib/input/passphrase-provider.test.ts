import assert from 'node:assert/strict'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {createPassphraseProvider} from '../../../src/lib/input/passphrase-provider.js'
import {SniError} from '../../../src/lib/sni-error.js'
import {fixture, fixturePassphrase} from '../../helpers/fixtures.js'

describe('createPassphraseProvider', () => {
  let dir: string
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sni-pass-'))
  })
  after(() => {
    rmSync(dir, {force: true, recursive: true})
  })

  const fileCases: Array<[string, string, string]> = [
    ['no newline', 'secret', 'secret'],
    ['a trailing newline', 'secret\n', 'secret'],
    ['a CRLF line end', 'secret\r\n', 'secret'],
    ['more lines', 'secret\nignored\n', 'secret'],
    ['spaces kept', ' secret \n', ' secret '],
  ]
  for (const [name, content, expected] of fileCases) {
    it(`reads the first line of the passphrase file (${name})`, async () => {
      const path = join(dir, `pass-${name.replaceAll(' ', '-')}`)
      writeFileSync(path, content)
      const provide = createPassphraseProvider({env: {SNI_KEY_PASSPHRASE: 'from-env'}, passphraseFile: path})
      assert.equal(await provide('k.pem'), expected)
    })
  }

  it('reads the generated fixture passphrase file', async () => {
    assert.equal(
      await createPassphraseProvider({env: {}, passphraseFile: fixture('passphrase.txt')})('k.pem'),
      fixturePassphrase,
    )
  })

  it('applies the regular-file rules to the passphrase file', async () => {
    const cases: Array<[string, string]> = [
      [join(dir, 'missing'), 'FILE_NOT_FOUND'],
      [dir, 'NOT_A_REGULAR_FILE'],
      ['/dev/zero', 'NOT_A_REGULAR_FILE'],
    ]
    for (const [path, code] of cases) {
      await assert.rejects(
        createPassphraseProvider({env: {}, passphraseFile: path})('k.pem'),
        (error: unknown) => error instanceof SniError && error.code === code,
      )
    }
  })

  it('uses SNI_KEY_PASSPHRASE when there is no file, before the prompt', async () => {
    let prompted = 0
    const provide = createPassphraseProvider({
      env: {SNI_KEY_PASSPHRASE: 'from-env'},
      prompt: async () => {
        prompted++
        return 'typed'
      },
    })
    assert.equal(await provide('k.pem'), 'from-env')
    assert.equal(prompted, 0)
  })

  it('prompts, naming the input, when neither file nor variable is set (an empty variable counts as unset)', async () => {
    const messages: string[] = []
    const provide = createPassphraseProvider({
      env: {SNI_KEY_PASSPHRASE: ''},
      prompt: async (message) => {
        messages.push(message)
        return 'typed'
      },
    })
    assert.equal(await provide('server.key'), 'typed')
    assert.deepEqual(messages, ['Passphrase for server.key:'])
  })

  it('returns undefined when no source is available', async () => {
    assert.equal(await createPassphraseProvider({env: {}})('k.pem'), undefined)
  })

  it('asks at most once per run, even for several inputs', async () => {
    let prompted = 0
    const provide = createPassphraseProvider({
      env: {},
      prompt: async () => {
        prompted++
        return 'typed'
      },
    })
    const answers = await Promise.all([provide('a.p12'), provide('b.key')])
    assert.deepEqual([...answers, await provide('c.key')], ['typed', 'typed', 'typed'])
    assert.equal(prompted, 1)
  })

  it('reads nothing until a passphrase is needed', () => {
    // a missing file is not an error until an encrypted input asks
    assert.doesNotThrow(() => createPassphraseProvider({env: {}, passphraseFile: join(dir, 'missing')}))
  })
})
