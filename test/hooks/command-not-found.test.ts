import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'

import type {Config} from '@oclif/core'
import type {Hook} from '@oclif/core/hooks'

import hook from '../../src/hooks/command-not-found.js'

const ownName = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {name: string})
  .name

/** Runs the hook with a root CLI of this package name and bin; what it wrote and the exit it asked for. */
async function runHook(name: string, bin: string): Promise<{exit?: number; stderr: string}> {
  const config = {bin, commands: [{hidden: false, id: 'certs:add'}], pjson: {name}} as unknown as Config
  let exit: number | undefined
  const context = {
    config,
    exit(code = 0): never {
      exit = code
      throw new Error(`exit ${code}`)
    },
  } as unknown as Hook.Context
  const written: string[] = []
  const write = process.stderr.write.bind(process.stderr)
  process.stderr.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stderr.write
  try {
    await hook.call(context, {argv: ['a.crt'], config, context, id: 'cert:add'})
  } catch (error) {
    if (exit === undefined) throw error
  } finally {
    process.stderr.write = write
  }

  return {exit, stderr: written.join('')}
}

describe('the command_not_found hook', () => {
  it('answers an unknown sni command with a pasteable "did you mean" (exit 2)', async () => {
    const {exit, stderr} = await runHook(ownName, 'sni')
    assert.equal(exit, 2)
    assert.match(stderr, /cert:add is not a sni command\./)
    assert.match(stderr, /Did you mean `sni certs:add a\.crt`\?/)
  })

  it('leaves the unknown commands of another CLI (sni linked into the heroku CLI) to that CLI', async () => {
    assert.deepEqual(await runHook('heroku', 'heroku'), {exit: undefined, stderr: ''})
  })
})
