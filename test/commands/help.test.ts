import {type Command, Config} from '@oclif/core'
import assert from 'node:assert/strict'
import {readdirSync} from 'node:fs'
import {dirname, join, relative, sep} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const commandsDir = join(root, 'src', 'commands')

/** Command ids from the source tree: certs/add.ts is certs:add, certs/index.ts is certs. */
function sourceCommandIds(dir: string): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(commandsDir, join(entry.parentPath, entry.name)).slice(0, -'.ts'.length).split(sep))
    .map((parts) => (parts.at(-1) === 'index' ? parts.slice(0, -1) : parts).join(':'))
    .sort()
}

// Keeps `--help` consistent as commands are added: every command has a summary in the house style,
// at least one example, a description for every flag and argument, and --json.
describe('help text of every command', () => {
  let config: Config
  const loaded = new Map<string, Command.Class>()
  let nodeEnv: string | undefined
  /** sni's own commands; `help` comes from @oclif/plugin-help. */
  let commands: Command.Loadable[]

  before(async () => {
    nodeEnv = process.env.NODE_ENV
    process.env.NODE_ENV = 'test' // oclif then loads src/ (through tsx), not a possibly stale dist/
    config = await Config.load(root)
    commands = config.commands.filter((c) => c.pluginName === config.pjson.name)
    for (const command of commands) loaded.set(command.id, await command.load())
  })

  after(() => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  })

  it('finds every command in src/commands, and help from @oclif/plugin-help', () => {
    assert.equal(config.findCommand('help')?.pluginName, '@oclif/plugin-help')
    const ids = commands.map((c) => c.id).sort()
    assert.deepEqual(ids, sourceCommandIds(commandsDir))
    assert.ok(ids.includes('certs:inspect'), ids.join(', '))
  })

  it('gives each command a summary that starts lower case and has no trailing period', () => {
    const problems: string[] = []
    for (const command of commands) {
      const {summary} = command
      if (typeof summary !== 'string' || summary.trim() === '') problems.push(`${command.id}: no summary`)
      else if (!/^[a-z]/.test(summary))
        problems.push(`${command.id}: summary starts with ${JSON.stringify(summary[0])}: ${summary}`)
      else if (/[.\s]$/.test(summary))
        problems.push(`${command.id}: summary ends with a period or space: ${JSON.stringify(summary)}`)
    }

    assert.deepEqual(problems, [])
  })

  it('gives each command at least one example', () => {
    const problems = commands.filter((c) => !Array.isArray(c.examples) || c.examples.length === 0).map((c) => c.id)
    assert.deepEqual(problems, [])
    for (const command of commands) {
      for (const example of command.examples ?? []) {
        const text = typeof example === 'string' ? example : example.command
        assert.ok(text.trim() !== '', `${command.id}: empty example`)
      }
    }
  })

  it('describes every flag and argument (hidden ones included)', () => {
    const problems: string[] = []
    for (const command of commands) {
      for (const [name, flag] of Object.entries(command.flags)) {
        if (typeof flag.description !== 'string' || flag.description.trim() === '')
          problems.push(`${command.id}: flag --${name}`)
      }

      for (const [name, arg] of Object.entries(command.args)) {
        if (typeof arg.description !== 'string' || arg.description.trim() === '')
          problems.push(`${command.id}: argument ${name}`)
      }
    }

    assert.deepEqual(problems, [])
  })

  // oclif reads piped stdin into a missing argument unless told not to: `sni certs:add cert.pem < key.pem`
  // made the key the KEY argument and printed it in "key file not found: -----BEGIN PRIVATE KEY-----...".
  // sni reads stdin only where the user writes `-`.
  it('never fills a missing argument from piped stdin (ignoreStdin on every argument)', () => {
    const problems: string[] = []
    for (const command of commands) {
      const args = loaded.get(command.id)?.args ?? {}
      for (const [name, arg] of Object.entries(args))
        if (arg.ignoreStdin !== true) problems.push(`${command.id}: argument ${name}`)
    }

    assert.deepEqual(problems, [])
  })

  it('enables --json on every command', () => {
    const problems: string[] = []
    for (const command of commands) {
      if (loaded.get(command.id)?.enableJsonFlag !== true) problems.push(`${command.id}: enableJsonFlag is not true`)
      if (!('json' in command.flags)) problems.push(`${command.id}: no --json flag`)
    }

    assert.deepEqual(problems, [])
  })
})
