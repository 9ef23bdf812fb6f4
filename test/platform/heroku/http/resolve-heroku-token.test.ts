import assert from 'node:assert/strict'
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {findNetrcPassword, resolveHerokuToken} from '../../../../src/platform/heroku/http/resolve-heroku-token.js'
import {expectSniError} from '../../contract.js'

const NETRC = `machine api.heroku.com
  login user@example.com
  password netrc-token-1234
machine git.heroku.com
  login user@example.com
  password git-token
`

describe('resolveHerokuToken', () => {
  let home: string
  let warnings: string[]
  const warn = (message: string): void => {
    warnings.push(message)
  }

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'sni-token-'))
    warnings = []
  })

  afterEach(async () => {
    await rm(home, {force: true, recursive: true})
  })

  async function writeNetrc(text: string, mode = 0o600): Promise<void> {
    const file = join(home, '.netrc')
    await writeFile(file, text)
    await chmod(file, mode)
  }

  it('takes HEROKU_API_KEY first', async () => {
    await writeNetrc(NETRC)
    assert.equal(await resolveHerokuToken({HEROKU_API_KEY: ' env-token '}, {home, warn}), 'env-token')
    assert.deepEqual(warnings, [])
  })

  it('reads the password of machine api.heroku.com from ~/.netrc', async () => {
    await writeNetrc(NETRC)
    assert.equal(await resolveHerokuToken({}, {home, warn}), 'netrc-token-1234')
    assert.deepEqual(warnings, [])
  })

  it('reads $HOME/.netrc when no home is given', async () => {
    await writeNetrc(NETRC)
    assert.equal(await resolveHerokuToken({HOME: home}, {warn}), 'netrc-token-1234')
  })

  it('reads the machine of the HEROKU_HOST API host', async () => {
    await writeNetrc(
      `${NETRC}machine api.staging.herokudev.com password staging-token\nmachine localhost:5000 password local-token\n`,
    )
    assert.equal(await resolveHerokuToken({HEROKU_HOST: 'staging.herokudev.com'}, {home}), 'staging-token')
    assert.equal(await resolveHerokuToken({HEROKU_HOST: 'http://localhost:5000'}, {home}), 'local-token')
  })

  it('warns when ~/.netrc is readable by group or others, never showing the token', async () => {
    await writeNetrc(NETRC, 0o644)
    assert.equal(await resolveHerokuToken({}, {home, warn}), 'netrc-token-1234')
    assert.equal(warnings.length, 1)
    assert.match(warnings[0]!, /readable by other users \(mode 644\); run chmod 600/)
    assert.ok(!warnings[0]!.includes('netrc-token-1234'))
  })

  it('fails with exit 4 NOT_LOGGED_IN without a key or a netrc', async () => {
    await expectSniError(resolveHerokuToken({}, {home, warn}), {
      code: 'NOT_LOGGED_IN',
      exit: 4,
      message: 'not logged in to Heroku; set HEROKU_API_KEY or run heroku login',
    })
  })

  it('fails with exit 4 when the netrc has no entry for the API host', async () => {
    await writeNetrc('machine git.heroku.com password git-token\ndefault login anyone password default-token\n')
    await expectSniError(resolveHerokuToken({}, {home, warn}), {code: 'NOT_LOGGED_IN', exit: 4})
  })

  /** A fake `heroku` on PATH that runs the given shell body (for `heroku auth:token`). */
  async function fakeHerokuCli(body: string): Promise<NodeJS.ProcessEnv> {
    const bin = join(home, 'bin')
    await mkdir(bin)
    await writeFile(join(bin, 'heroku'), `#!/bin/sh\n${body}\n`)
    await chmod(join(bin, 'heroku'), 0o755)
    return {PATH: `${bin}:/usr/bin:/bin`}
  }

  it("falls back to the Heroku CLI's own credential store (heroku auth:token)", async () => {
    const env = await fakeHerokuCli('[ "$1" = auth:token ] && echo " ›   Warning: noise" >&2 && echo cli-token-5678')
    assert.equal(await resolveHerokuToken(env, {home, warn}), 'cli-token-5678')
  })

  it('fails with exit 4 when the Heroku CLI has no token either, without waiting for a prompt', async () => {
    const env = await fakeHerokuCli('read answer; echo "Error: not logged in" >&2; exit 1')
    await expectSniError(resolveHerokuToken(env, {home, warn}), {code: 'NOT_LOGGED_IN', exit: 4})
  })

  it('does not ask the Heroku CLI when SNI_HEROKU_CLI_TOKEN=0', async () => {
    const env = await fakeHerokuCli('echo cli-token-5678')
    await expectSniError(resolveHerokuToken({...env, SNI_HEROKU_CLI_TOKEN: '0'}, {home, warn}), {
      code: 'NOT_LOGGED_IN',
      exit: 4,
    })
  })

  it('hints at HEROKU_API_KEY when only HEROKU_API_TOKEN is set', async () => {
    await expectSniError(resolveHerokuToken({HEROKU_API_TOKEN: 'x'}, {home, warn}), {code: 'NOT_LOGGED_IN', exit: 4})
    assert.match(warnings.join('\n'), /did you mean HEROKU_API_KEY/)
  })

  it('refuses a token that would corrupt the Authorization header, without printing it', async () => {
    const error = await expectSniError(resolveHerokuToken({HEROKU_API_KEY: 'abc\r\nX-Evil: 1'}, {home}), {
      code: 'TOKEN_INVALID',
      exit: 4,
    })
    assert.ok(!error.message.includes('abc'))
  })

  it('checks HEROKU_HOST before reading any file (exit 2)', async () => {
    await expectSniError(resolveHerokuToken({HEROKU_HOST: 'localhost.evil.example'}, {home}), {
      code: 'HEROKU_HOST_INVALID',
      exit: 2,
    })
  })
})

describe('findNetrcPassword', () => {
  it('reads single-line entries, comments and macdef bodies', () => {
    const text = [
      '# machine api.heroku.com password commented-out',
      'machine other.example login a password b',
      'macdef init',
      'machine api.heroku.com password in-a-macro',
      '',
      'machine api.heroku.com login me@example.com password real-token account x',
    ].join('\n')
    assert.equal(findNetrcPassword(text, ['api.heroku.com']), 'real-token')
  })

  it('never uses the default entry', () => {
    assert.equal(findNetrcPassword('default login x password y', ['api.heroku.com']), undefined)
  })

  it('takes the first entry for a machine and tries the machines in order', () => {
    const text = 'machine a password first\nmachine a password second\nmachine b password bee\n'
    assert.equal(findNetrcPassword(text, ['a']), 'first')
    assert.equal(findNetrcPassword(text, ['c', 'b']), 'bee')
  })
})
