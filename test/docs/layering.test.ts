import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {ESLint} from 'eslint'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The layering findings ESLint reports for CODE as if it were the file at PATH. */
async function layeringErrors(eslint: ESLint, code: string, path: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {filePath: join(repo, path)})
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layering (eslint.config.js)', function () {
  this.timeout(120_000)
  const eslint = new ESLint({cwd: repo})

  const violations: Array<[file: string, specifier: string]> = [
    ['src/lib/chain/x.ts', '../../platform/platform-client.js'],
    ['src/lib/x.ts', '../platform/local/local-platform-client.js'],
    ['src/lib/display/x.ts', '../../services/resolve-endpoint.js'],
    ['src/lib/x.ts', '../commands/certs/add.js'],
    ['src/lib/x.ts', '../router/router-state.js'],
    ['src/lib/x.ts', '../platform-command.js'],
    ['src/lib/x.ts', '@oclif/core'],
    ['src/lib/preflight/x.ts', '../display/certificate-table.js'],
    ['src/services/x.ts', '../commands/certs/add.js'],
    ['src/services/x.ts', '../platform/local/local-platform-client.js'],
    ['src/services/x.ts', '../platform/create-platform-client.js'],
    ['src/services/x.ts', '../router/run-router.js'],
    ['src/services/x.ts', '../flags/platform-flags.js'],
    ['src/platform/platform-client.ts', './heroku/heroku-platform-client.js'],
    ['src/platform/heroku/x.ts', '../../router/sni-resolver.js'],
    ['src/platform/local/x.ts', '../../commands/router/start.js'],
    ['src/platform/x.ts', '../prompts/may-prompt.js'],
    ['src/router/x.ts', '../commands/router/start.js'],
    ['src/router/x.ts', '../base-command.js'],
    ['src/router/x.ts', '@oclif/core/ux'],
  ]
  for (const [file, specifier] of violations) {
    it(`refuses ${specifier} in ${file}`, async () => {
      const errors = await layeringErrors(eslint, `import '${specifier}'\n`, file)
      assert.ok(errors.length > 0, `expected a layering error for ${specifier}`)
    })
  }

  const allowed: Array<[file: string, specifier: string]> = [
    ['src/services/x.ts', '../platform/platform-client.js'],
    ['src/services/x.ts', '../lib/display/certificate-table.js'],
    ['src/platform/local/x.ts', '../../services/resolve-endpoint.js'],
    ['src/router/x.ts', '../platform/local/store-directory.js'],
    ['src/lib/display/x.ts', '../preflight/run-preflight.js'],
    ['src/lib/x.ts', './cli-command.js'],
    ['src/commands/certs/x.ts', '../../router/router-state.js'],
  ]
  for (const [file, specifier] of allowed) {
    it(`allows ${specifier} in ${file}`, async () => {
      assert.deepEqual(await layeringErrors(eslint, `import '${specifier}'\n`, file), [])
    })
  }

  it('finds no layering error in src/', async () => {
    const results = await eslint.lintFiles(['src/**/*.ts'])
    const errors = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports')
        .map((m) => `${relative(repo, r.filePath)}:${m.line} ${m.message}`),
    )
    assert.deepEqual(errors, [])
  })
})

/** `lib/x509` for src/lib/x509/der-reader.ts; `lib` for a file at the root of lib. */
function libFolder(file: string): string {
  const parts = relative(join(repo, 'src'), file).split('/')
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : (parts[0] as string)
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

describe('lib folders', () => {
  it('import each other without a cycle', () => {
    const edges = new Map<string, Set<string>>()
    for (const file of sourceFiles(join(repo, 'src', 'lib'))) {
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const from = libFolder(file)
        const to = libFolder(join(dirname(file), spec as string))
        if (from !== to && from !== 'lib' && to !== 'lib') edges.set(from, new Set([...(edges.get(from) ?? []), to]))
      }
    }

    const cycles: string[] = []
    const visit = (node: string, path: string[]): void => {
      if (path.includes(node)) {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '))
        return
      }

      for (const next of edges.get(node) ?? []) visit(next, [...path, node])
    }

    for (const node of edges.keys()) visit(node, [])
    assert.ok(edges.size >= 5, `found only ${edges.size} folders; did the pattern break?`)
    assert.deepEqual(cycles, [])
  })
})
