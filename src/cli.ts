// What bin/run.js starts oclif with. From tsc's dist/ this re-exports @oclif/core's entries; in the
// published package's esbuild bundle (scripts/bundle.js) @oclif/core is bundled into this entry's
// chunks, so start-up reads a few files instead of resolving and compiling ~100 small ones.
export {execute} from '@oclif/core/execute'
export {settings} from '@oclif/core/settings'
