import assert from 'node:assert/strict'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const CODE = /'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g

function sourceFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path]
  return readdirSync(path).flatMap((entry) => sourceFiles(join(path, entry)))
}

function codesIn(paths: string[]): Set<string> {
  const codes = new Set<string>()
  for (const file of paths.flatMap((p) => sourceFiles(join(repo, p)))) {
    for (const match of readFileSync(file, 'utf8').matchAll(CODE)) codes.add(match[1] as string)
  }

  return codes
}

describe('docs/findings.md', () => {
  const doc = readFileSync(join(repo, 'docs', 'findings.md'), 'utf8')
  const documented = new Set([...doc.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1] as string))

  it('documents every code the checks, the chain builder and the pre-flight use', () => {
    const used = codesIn(['src/lib/cert-lint', 'src/lib/chain', 'src/lib/preflight', 'src/lib/hostname'])
    assert.ok(used.size >= 25, `found only ${used.size} codes; did the pattern break?`)
    const missing = [...used].filter((code) => !documented.has(code))
    assert.deepEqual(missing, [], `add these codes to docs/findings.md: ${missing.join(', ')}`)
  })

  it('documents no code that the source no longer uses', () => {
    const used = codesIn(['src'])
    const stale = [...documented].filter((code) => !used.has(code))
    assert.deepEqual(stale, [])
  })
})
