// Benchmark scenarios: each runs a fresh `sni` process; `target` is the allowed ratio to `node -e 0`.
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'

const fixtures = (ctx) => {
  const dir = join(ctx.root, 'test', 'fixtures', 'generated')
  execFileSync('bash', [join(ctx.root, 'test', 'fixtures', 'generate.sh'), dir])
  return dir
}

export const scenarios = [
  {
    argv: (ctx) => [ctx.node, ctx.bin, '--version'],
    name: 'sni --version',
    target: 2.5,
  },
  {
    argv: (ctx, dir) => [ctx.node, ctx.bin, 'certs:inspect', join(dir, 'chain-in-order.pem'), join(dir, 'leaf-rsa2048.key')],
    name: 'sni certs:inspect (RSA chain + key)',
    prepare: fixtures,
    target: 3,
  },
]
