// What bin/run.js starts oclif with. From tsc's dist/ this re-exports @oclif/core's entries; in the
// published package's esbuild bundle (scripts/bundle.js) @oclif/core is bundled into this entry's
// chunks, so start-up reads a few files instead of resolving and compiling ~100 small ones.
import type {execute as oclifExecute} from '@oclif/core/execute'

export {settings} from '@oclif/core/settings'

/**
 * oclif's execute, loaded only when called: @oclif/core reads `settings.columns` when its screen
 * module loads, so bin/run.js sets it first, then calls this.
 */
export async function execute(...args: Parameters<typeof oclifExecute>): ReturnType<typeof oclifExecute> {
  // The CommonJS module's exports as `default`: what Node gives for @oclif/core in node_modules, and
  // all that esbuild's chunk of it exports in the bundle.
  const oclif = (await import('@oclif/core/execute')).default
  return oclif.execute(...args)
}
