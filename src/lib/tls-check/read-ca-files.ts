import type {X509Certificate} from 'node:crypto'

import {decodeInput} from '../x509/decode-input.js'
import {readInputFile} from '../input/read-input-file.js'
import {nameSource} from '../display-text.js'
import {inputError} from '../sni-error.js'

/** `--ca FILE` trust anchors (any certificate encoding we read; - is stdin). Unreadable files are exit 3. */
export async function readCaFiles(paths: string[]): Promise<X509Certificate[]> {
  const roots: X509Certificate[] = []
  for (const path of paths) {
    const decoded = await decodeInput(await readInputFile(path, 'ca'), async () => undefined)
    if (decoded.certificates.length === 0) {
      throw inputError(
        `${nameSource(path)} (--ca) holds no certificate.`,
        'CA_FILE_EMPTY',
        'Give the root (or intermediate) certificate to trust, in PEM or DER form.',
      )
    }

    roots.push(...decoded.certificates.map((c) => c.x509))
  }

  return roots
}
