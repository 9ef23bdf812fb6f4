import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/** Import patterns of the layers, as seen from a layer below (specifiers are relative, so matched by folder name). */
const SERVICES = {group: ['**/services/**'], message: 'services drive a PlatformClient and sit above lib.'}
const PLATFORMS = {
  group: ['**/platform/**'],
  message: 'lib sits below the platforms (models and serving types live in lib).',
}
const PLATFORMS_BUT_INTERFACE = {
  group: ['**/platform/**', '!**/platform/platform-client.js'],
  message:
    'of src/platform, only the PlatformClient interface (platform/platform-client.ts) may be imported from here.',
}
const ROUTER = {group: ['**/router/**'], message: 'the router sits above the platforms.'}
const COMMAND_LEVEL = [
  {
    group: [
      '**/commands/**',
      '**/flags/**',
      '**/prompts/**',
      '**/hooks/**',
      '**/base-command.js',
      '**/platform-command.js',
      '**/acm-command.js',
      '**/error-output.js',
    ],
    message: 'commands and their base classes, flags, prompts and hooks sit on top: nothing below imports them.',
  },
  {group: ['@oclif/core', '@oclif/core/*', '@inquirer/*'], message: 'only the command level uses oclif and prompts.'},
]
const DISPLAY = {
  group: ['**/display/**'],
  message: 'lib/display renders and sits on top of lib: the code it renders must not import it.',
}

/** no-restricted-imports options for one layer: the patterns it must not import. */
function layerRule(layer, patterns) {
  return {patterns: patterns.map((p) => ({...p, message: `${layer}: ${p.message}`}))}
}

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'test/fixtures/generated/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
      'no-console': 'off',
    },
  },
  {
    // CommonJS preloads for tests (NODE_OPTIONS=--require): require and module are their API.
    files: ['**/*.cjs'],
    languageOptions: {sourceType: 'commonjs', globals: {require: 'readonly', module: 'writable'}},
    rules: {'@typescript-eslint/no-require-imports': 'off'},
  },
  // Layering. src/ is five layers as folders, lowest first; each imports only from the layers below it:
  //   lib/       pure domain code and models (x509 reading, cert-lint checks, chain validation, hostnames,
  //              rendering); no oclif, no platform, no printing. Inside lib, display/ renders and sits on top:
  //              no other lib folder imports it.
  //   services/  workflows that drive a PlatformClient (endpoint resolution, domain association, TLS check
  //              targets, waits). Of platform/ they see only the interface, platform/platform-client.ts,
  //              which imports nothing but lib.
  //   platform/  the PlatformClient implementations (heroku/, local/) and the one factory.
  //   router/    the local TLS router: reads the store through its serving lookup, never a client's type.
  //   commands/  with the command-level files beside it: the base classes (src/*-command.ts,
  //              error-output.ts), flags/, prompts/ and hooks/.
  // test/docs/layering.test.ts proves that each rule fails on a violating import.
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', layerRule('src/lib', [SERVICES, PLATFORMS, ROUTER, ...COMMAND_LEVEL])],
      'no-console': 'error',
    },
  },
  {
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/display/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        layerRule('src/lib', [SERVICES, PLATFORMS, ROUTER, ...COMMAND_LEVEL, DISPLAY]),
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        layerRule('src/services', [PLATFORMS_BUT_INTERFACE, ROUTER, ...COMMAND_LEVEL]),
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src/platform/platform-client.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        layerRule('src/platform/platform-client.ts', [
          {
            group: ['./**', '!./platform-client.js'],
            message: 'the PlatformClient interface imports only lib (services import it).',
          },
          SERVICES,
          ROUTER,
          ...COMMAND_LEVEL,
        ]),
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/platform-client.ts'],
    rules: {
      'no-restricted-imports': ['error', layerRule('src/platform', [ROUTER, ...COMMAND_LEVEL])],
      'no-console': 'error',
    },
  },
  {
    files: ['src/router/**/*.ts'],
    rules: {'no-restricted-imports': ['error', layerRule('src/router', COMMAND_LEVEL)]},
  },
  {
    // No line over 140 characters. Long message strings are left to the reader's wrap (splitting them
    // hides them from grep); code is wrapped.
    files: ['src/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        {code: 140, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true},
      ],
    },
  },
)
