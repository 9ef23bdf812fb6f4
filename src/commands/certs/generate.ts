import * as Args from '@oclif/core/args'
import * as Flags from '@oclif/core/flags'

import {SniCommand} from '../../base-command.js'
import {
  type GenerateOptions,
  generateFromPlan,
  MAX_VALIDITY_DAYS,
  planGeneration,
} from '../../lib/generate/generate-key-and-request.js'
import {describeNextStep} from '../../lib/generate/next-step.js'
import {
  assertOutputFilesFree,
  ensureOutputDirectory,
  planOutputFiles,
  writeOutputFiles,
} from '../../lib/generate/output-files.js'
import type {OwnerDetails} from '../../lib/generate/subject-name.js'
import {mayPrompt} from '../../prompts/may-prompt.js'

/** The `--json` result of certs:generate. */
export interface GenerateResult {
  /** Set for a self-signed certificate. */
  certificateFile?: string
  /** Set for a certificate signing request. */
  csrFile?: string
  /** DOMAIN normalised (lower case, A-labels). */
  domain: string
  keyFile: string
  /** `RSA 2048`, `ECDSA P-256`, ... */
  keyType: string
  /** The command to run next. */
  nextStep: string
  /** Every subjectAltName DNS name, DOMAIN first. */
  sans: string[]
  selfSigned: boolean
}

const OWNER_FLAGS = ['owner', 'country', 'area', 'city'] as const

export default class CertsGenerate extends SniCommand {
  static override args = {
    domain: Args.string({
      description: 'domain name to secure, e.g. www.example.com or *.example.com',
      ignoreStdin: true,
      required: true,
    }),
  }

  static override description = `Generates a private key and a certificate signing request (CSR) to send to a certificate authority, or a self-signed certificate with --selfsigned. Everything runs in-process (no openssl needed). Files are written as <DOMAIN>.key (mode 0600) and <DOMAIN>.csr or <DOMAIN>.crt; a wildcard domain *.example.com gives wildcard.example.com.key.

On a terminal, and without --now, --subject or an owner flag, asks for the owner's details as Heroku does; otherwise the subject is just CN=DOMAIN. The private key is never printed.`

  static override examples = [
    '<%= config.bin %> <%= command.id %> www.example.com --now',
    '<%= config.bin %> <%= command.id %> www.example.com --owner "Example Inc" --country US --area California --city "San Francisco" --san example.com',
    '<%= config.bin %> <%= command.id %> "*.example.com" --selfsigned --key-type ecdsa --curve p384 --days 30 --dir certs',
    '<%= config.bin %> <%= command.id %> www.example.com --subject "/C=US/O=Example Inc/CN=www.example.com" --json',
  ]

  static override flags = {
    area: Flags.string({description: 'state, province or area of the owner'}),
    city: Flags.string({description: 'city of the owner'}),
    country: Flags.string({description: 'country of the owner, as a two-letter ISO code'}),
    curve: Flags.option({description: 'ECDSA curve (default: p256)', options: ['p256', 'p384'] as const})(),
    days: Flags.integer({
      dependsOn: ['selfsigned'],
      description: 'days the self-signed certificate is valid (default: 90)',
      max: MAX_VALIDITY_DAYS,
      min: 1,
    }),
    dir: Flags.string({
      description: 'directory to write the files to, created if missing (default: current directory)',
    }),
    force: Flags.boolean({
      description:
        'overwrite existing key and CSR/certificate files; without it an existing file makes the command fail (exit 2) and nothing is written',
    }),
    'key-size': Flags.option({
      aliases: ['keysize'],
      description: 'RSA key size in bits (default: 2048)',
      options: ['2048', '3072', '4096'] as const,
    })(),
    'key-type': Flags.option({
      default: 'rsa',
      description: 'type of private key to generate',
      options: ['rsa', 'ecdsa'] as const,
    })(),
    now: Flags.boolean({description: 'do not ask for owner details'}),
    owner: Flags.string({description: 'name of the organization owning the certificate'}),
    san: Flags.string({
      description: 'another DNS name for the certificate, besides DOMAIN (repeatable)',
      multiple: true,
    }),
    selfsigned: Flags.boolean({description: 'generate a self-signed certificate instead of a CSR'}),
    subject: Flags.string({
      description: 'full subject in OpenSSL form, e.g. "/C=US/O=Example Inc/CN=www.example.com"',
      exclusive: [...OWNER_FLAGS],
    }),
  }

  static override summary = 'generate a private key and a CSR or self-signed certificate'

  async run(): Promise<GenerateResult> {
    const {args, flags} = await this.parse(CertsGenerate)
    const options: GenerateOptions = {
      curve: flags.curve,
      days: flags.days,
      domain: args.domain,
      keySize: flags['key-size'] === undefined ? undefined : Number(flags['key-size']),
      keyType: flags['key-type'],
      owner: {area: flags.area, city: flags.city, country: flags.country, owner: flags.owner},
      sans: flags.san,
      selfSigned: flags.selfsigned,
      subject: flags.subject,
    }
    let plan = planGeneration(options)
    const files = planOutputFiles(flags.dir ?? '.', plan.domain, flags.selfsigned)
    assertOutputFilesFree(files, flags.force)
    const ask = !flags.now && flags.subject === undefined && OWNER_FLAGS.every((name) => flags[name] === undefined)
    if (ask && mayPrompt({json: this.jsonEnabled(), streams: [process.stdin, process.stdout, process.stderr]})) {
      plan = planGeneration({...options, owner: await this.askOwnerDetails()})
    }

    const generated = generateFromPlan(plan)
    if (flags.dir !== undefined) ensureOutputDirectory(flags.dir)
    writeOutputFiles(
      files,
      {privateKeyPem: generated.privateKeyPem, requestPem: generated.certificatePem ?? generated.csrPem ?? ''},
      flags.force,
    )
    const nextStep = describeNextStep(this.config.bin, files, flags.selfsigned)
    this.log(`Wrote ${files.keyFile}\nWrote ${files.requestFile}`)
    // With --json the next step travels in the result.
    if (!this.jsonEnabled()) for (const line of nextStep.lines) this.logToStderr(line)
    const written = flags.selfsigned ? {certificateFile: files.requestFile} : {csrFile: files.requestFile}
    return {
      ...written,
      domain: plan.domain,
      keyFile: files.keyFile,
      keyType: generated.keyType,
      nextStep: nextStep.command,
      sans: plan.sans,
      selfSigned: flags.selfsigned === true,
    }
  }

  /** Heroku's four questions, on stderr so stdout stays clean; an empty answer leaves the field out. */
  private async askOwnerDetails(): Promise<OwnerDetails> {
    const {default: input} = await import('@inquirer/input')
    const ask = (message: string, validate?: (value: string) => string | true) =>
      input({message, validate}, {output: process.stderr})
    // Ctrl-C here rejects the prompt; SniCommand reports the interruption (nothing was written yet).
    return {
      owner: await ask('Owner of this certificate'),
      country: await ask(
        'Country of owner (two-letter ISO code)',
        (v) => v === '' || /^[A-Za-z]{2}$/.test(v) || 'Enter two letters, such as US',
      ),
      area: await ask('State/province/etc. of owner'),
      city: await ask('City of owner'),
    }
  }
}
