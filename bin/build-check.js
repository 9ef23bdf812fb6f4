// Running from a git checkout, bin/run.js executes the compiled dist/. Without a build (after
// `npm ci` alone) oclif finds no commands and prints topic help with exit 0; with an old build it
// runs yesterday's code. Both are caught here, cheaply: an installed package has no src/ and is
// never checked, and a checkout costs a handful of stat calls.
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/**
 * Why dist/ cannot be run, or undefined. Stale means a directory under src/commands (or src/ or
 * src/commands itself) changed after dist/commands was written: `git pull` and `git checkout`
 * replace the files they change, which updates their directory. An editor saving a file in place
 * does not; use bin/dev.js while editing, it runs src/ directly.
 */
export function findBuildProblem(root, env = process.env) {
  // Under NODE_ENV=development or test oclif loads src/ through tsx, not dist/.
  if (env.NODE_ENV === 'development' || env.NODE_ENV === 'test') return undefined
  const src = join(root, 'src')
  const srcTime = mtimeMs(src)
  if (srcTime === undefined) return undefined
  const built = mtimeMs(join(root, 'dist', 'commands'))
  if (built === undefined) return 'dist/ is missing: this checkout has not been built'
  const commands = join(root, 'src', 'commands')
  let topics = []
  try {
    topics = readdirSync(commands, {withFileTypes: true})
      .filter((e) => e.isDirectory())
      .map((e) => join(commands, e.name))
  } catch {
    // no src/commands: nothing more to compare
  }

  for (const path of [src, commands, ...topics]) {
    const changed = mtimeMs(path)
    if (changed !== undefined && changed > built)
      return `dist/ is older than src/ (${path.slice(root.length + 1)} changed after the last build)`
  }

  return undefined
}

/** Says what to do on stderr (and as the JSON error with --json), then exits 1. */
export function refuseStaleBuild(problem, argv = process.argv.slice(2)) {
  const message = `${problem}, so sni cannot run from it.`
  const hint =
    'Run `npm run build` in the checkout, then run the command again (or use bin/dev.js, which runs src/ directly).'
  if (argv.includes('--json'))
    process.stdout.write(`${JSON.stringify({error: {code: 'BUILD_MISSING', exit: 1, hint, message}}, null, 2)}\n`)
  else process.stderr.write(` ›   Error: ${message}\n ›   Try this: ${hint}\n`)
  process.exit(1)
}
