import assert from 'node:assert/strict'

import {csvField, renderCsv} from '../../../src/lib/display/csv-table.js'
import {renderDomainAdded} from '../../../src/lib/display/domain-added.js'
import {selectDomainColumns} from '../../../src/lib/display/domain-columns.js'
import {renderDomainCsv, renderDomainInfo, renderDomainList} from '../../../src/lib/display/domain-table.js'
import {renderStyledObject} from '../../../src/lib/display/styled-object.js'
import type {Domain} from '../../../src/lib/models.js'
import {herokuTable} from '../../helpers/heroku-format.js'

function domain(hostname: string, overrides: Partial<Domain> = {}): Domain {
  return {
    acmStatus: null,
    acmStatusReason: null,
    app: {id: 'a', name: 'example'},
    cname: 'calm-bay-0123.herokudns.com',
    createdAt: '2026-01-01T00:00:00Z',
    hostname,
    id: '01234567-89ab-4def-8123-456789abcdef',
    kind: 'custom',
    sniEndpoint: null,
    status: 'succeeded',
    updatedAt: '2026-01-02T00:00:00Z',
    ...overrides,
  }
}

describe('domains output', () => {
  const platform = [domain('example.herokuapp.com', {cname: null, kind: 'heroku', status: 'none'})]
  const custom = [
    domain('www.example.com', {sniEndpoint: {id: 'e', name: 'tyrannosaurus-12345'}}),
    domain('example.com', {cname: 'shy-reef-9.herokudns.com'}),
  ]
  const columns = selectDomainColumns({})

  it("is Heroku's text: the platform domain, two blank lines, the custom domains table", () => {
    const text = renderDomainList('example', platform, custom, {bin: 'sni', columns})
    assert.equal(
      `${text}\n`,
      [
        '=== example Heroku Domain',
        '',
        'example.herokuapp.com',
        '',
        '',
        '=== example Custom Domains',
        '',
        herokuTable(
          ['Domain Name', 'DNS Record Type', 'DNS Target', 'SNI Endpoint'],
          [
            ['www.example.com', 'CNAME', 'calm-bay-0123.herokudns.com', 'tyrannosaurus-12345'],
            ['example.com', 'ALIAS or ANAME', 'shy-reef-9.herokudns.com', ''],
          ],
        ),
      ].join('\n'),
    )
  })

  it("adds a line after Heroku's text when there is no custom domain (or none matches the filter)", () => {
    assert.equal(
      renderDomainList('example', platform, [], {bin: 'heroku', columns}),
      '=== example Heroku Domain\n\nexample.herokuapp.com\n\nexample has no custom domains.\nUse `heroku domains:add HOSTNAME --app example` to add one.',
    )
    assert.equal(
      renderDomainList('example', [], [], {bin: 'sni', columns, filtered: true}),
      'No custom domain of example matches the filter.',
    )
  })

  it('CSV: a header row and one line per domain, nothing else; fields quoted only when needed', () => {
    assert.equal(
      renderDomainCsv(custom, columns),
      'Domain Name,DNS Record Type,DNS Target,SNI Endpoint\nwww.example.com,CNAME,calm-bay-0123.herokudns.com,tyrannosaurus-12345\nexample.com,ALIAS or ANAME,shy-reef-9.herokudns.com,',
    )
    assert.deepEqual(
      ['a', 'a,b', 'say "hi"', 'two\nlines'].map((f) => csvField(f)),
      ['a', '"a,b"', '"say ""hi"""', '"two\nlines"'],
    )
    assert.equal(renderCsv(['H'], []), 'H')
  })

  it("domains:info: the API's keys, app by name, null fields left out, sni_endpoint as util.inspect prints it", () => {
    const text = renderStyledObject(
      renderDomainInfo(
        domain('www.example.com', {
          acmStatus: 'failing',
          acmStatusReason: 'CAA record',
          sniEndpoint: {id: 'e1', name: 'tyrannosaurus-12345'},
        }),
      ),
    )
    assert.equal(
      text,
      [
        'acm_status:        failing',
        'acm_status_reason: CAA record',
        'app:               example',
        'cname:             calm-bay-0123.herokudns.com',
        'created_at:        2026-01-01T00:00:00Z',
        'hostname:          www.example.com',
        'id:                01234567-89ab-4def-8123-456789abcdef',
        'kind:              custom',
        "sni_endpoint:      id: 'e1', name: 'tyrannosaurus-12345'",
        'status:            succeeded',
        'updated_at:        2026-01-02T00:00:00Z',
      ].join('\n'),
    )
    assert.doesNotMatch(
      renderStyledObject(renderDomainInfo(domain('x.example.com', {hostname: 'x\u001b[31m.example.com'}))),
      new RegExp(String.fromCharCode(27)),
    )
  })

  it("domains:add: Heroku's lines, the wait hint only while the domain is pending, runnable as printed", () => {
    const pending = domain('www.example.com', {status: 'pending'})
    assert.equal(
      renderDomainAdded(pending, {appArgument: ' --app example', bin: 'heroku', waiting: false}),
      "Configure your app's DNS provider to point to the DNS Target calm-bay-0123.herokudns.com.\n    For help, see https://devcenter.heroku.com/articles/custom-domains\n\nThe domain www.example.com has been enqueued for addition\nRun `heroku domains:wait www.example.com --app example` to wait for completion",
    )
    assert.match(
      renderDomainAdded(domain('*.example.com', {status: 'pending'}), {
        appArgument: ' --app shop',
        bin: 'sni',
        waiting: false,
      }),
      /Run `sni domains:wait '\*\.example\.com' --app shop` to wait/,
    )
    assert.doesNotMatch(
      renderDomainAdded(domain('www.example.com'), {appArgument: '', bin: 'sni', waiting: false}),
      /enqueued/,
      'a succeeded domain is not "enqueued"',
    )
    assert.doesNotMatch(renderDomainAdded(pending, {appArgument: '', bin: 'sni', waiting: true}), /enqueued/)
    assert.match(
      renderDomainAdded(domain('a.example.com', {cname: null}), {
        appArgument: ' --app shop',
        bin: 'sni',
        waiting: false,
      }),
      /DNS Target \(not assigned yet: see `sni domains:info a\.example\.com --app shop`\)\./,
    )
  })
})
