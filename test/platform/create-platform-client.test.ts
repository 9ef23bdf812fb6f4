import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {createPlatformClient, resolvePlatformKind} from '../../src/platform/create-platform-client.js'
import {expectSniError} from './contract.js'

describe('resolvePlatformKind', () => {
  const cases: Array<{env: NodeJS.ProcessEnv; flag?: string; hostBin?: string; want: 'heroku' | 'local'}> = [
    {env: {SNI_PLATFORM: 'heroku'}, flag: 'local', hostBin: 'heroku', want: 'local'},
    {env: {SNI_PLATFORM: 'local'}, flag: 'heroku', want: 'heroku'},
    {env: {SNI_PLATFORM: 'heroku'}, hostBin: 'sni', want: 'heroku'},
    {env: {SNI_PLATFORM: 'local'}, hostBin: 'heroku', want: 'local'},
    {env: {}, hostBin: 'heroku', want: 'heroku'},
    {env: {}, hostBin: 'sni', want: 'local'},
    {env: {}, want: 'local'},
    {env: {SNI_PLATFORM: ''}, flag: '', hostBin: 'heroku', want: 'heroku'},
  ]
  for (const {env, flag, hostBin, want} of cases) {
    it(`flag=${flag ?? '-'} SNI_PLATFORM=${env.SNI_PLATFORM ?? '-'} bin=${hostBin ?? '-'} -> ${want}`, () => {
      assert.equal(resolvePlatformKind({env, flag, hostBin}), want)
    })
  }

  const unknown: Array<{env: NodeJS.ProcessEnv; flag?: string; message: RegExp}> = [
    {env: {}, flag: 'aws', message: /^Platform "aws" is not a known platform\.$/},
    {env: {SNI_PLATFORM: 'Heroku'}, message: /^SNI_PLATFORM "Heroku" is not a known platform\.$/},
    {env: {SNI_PLATFORM: 'x\u001b[31m'}, message: /^SNI_PLATFORM "x\?\[31m" is not a known platform\.$/},
  ]
  for (const {env, flag, message} of unknown) {
    it(`rejects ${JSON.stringify(flag ?? env.SNI_PLATFORM)} as a usage error (exit 2)`, async () => {
      await expectSniError(
        Promise.resolve().then(() => resolvePlatformKind({env, flag})),
        {code: 'PLATFORM_UNKNOWN', exit: 2, message},
      )
    })
  }
})

describe('createPlatformClient', () => {
  it('builds the heroku client from HEROKU_HOST and HEROKU_API_KEY', async () => {
    const client = await createPlatformClient('heroku', {
      env: {HEROKU_API_KEY: 'test-token', HEROKU_HOST: 'http://127.0.0.1:9'},
    })
    assert.equal(client.kind, 'heroku')
    client.close()
    client.close()
  })

  it('refuses a bad HEROKU_HOST before looking for a token (exit 2)', async () => {
    await expectSniError(
      createPlatformClient('heroku', {env: {HEROKU_API_KEY: 'test-token', HEROKU_HOST: 'http://evil.example'}}),
      {code: 'HEROKU_HOST_INVALID', exit: 2},
    )
  })

  it('fails with exit 4 when there is no Heroku token', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sni-create-'))
    try {
      await expectSniError(createPlatformClient('heroku', {env: {HOME: home}}), {code: 'NOT_LOGGED_IN', exit: 4})
    } finally {
      rmSync(home, {force: true, recursive: true})
    }
  })

  it('opens the local platform under SNI_HOME', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sni-create-'))
    try {
      const client = await createPlatformClient('local', {env: {SNI_HOME: join(home, 'data')}})
      assert.equal(client.kind, 'local')
      client.close()
      client.close()
    } finally {
      rmSync(home, {force: true, recursive: true})
    }
  })
})
