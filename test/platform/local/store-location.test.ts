import assert from 'node:assert/strict'
import {homedir} from 'node:os'

import {resolveSniHome} from '../../../src/platform/local/store-location.js'

describe('resolveSniHome', () => {
  const cases: Array<{env: NodeJS.ProcessEnv; name: string; want: string}> = [
    {env: {HOME: '/home/u', SNI_HOME: '/srv/sni', XDG_DATA_HOME: '/data'}, name: 'SNI_HOME wins', want: '/srv/sni'},
    {env: {HOME: '/home/u', XDG_DATA_HOME: '/data'}, name: 'then XDG_DATA_HOME/sni', want: '/data/sni'},
    {
      env: {HOME: '/home/u', XDG_DATA_HOME: 'relative/data'},
      name: 'a relative XDG_DATA_HOME is ignored',
      want: '/home/u/.local/share/sni',
    },
    {env: {HOME: '/home/u'}, name: 'then ~/.local/share/sni', want: '/home/u/.local/share/sni'},
    {env: {}, name: 'HOME falls back to the OS home', want: `${homedir()}/.local/share/sni`},
    {env: {SNI_HOME: ''}, name: 'an empty SNI_HOME is unset', want: `${homedir()}/.local/share/sni`},
  ]
  for (const testCase of cases) {
    it(testCase.name, () => {
      assert.equal(resolveSniHome(testCase.env), testCase.want)
    })
  }

  it('makes a relative SNI_HOME absolute', () => {
    assert.equal(resolveSniHome({SNI_HOME: 'store'}), `${process.cwd()}/store`)
  })
})
