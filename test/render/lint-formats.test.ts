import {strict as assert} from 'node:assert'

import type {LintReport} from '../../src/findings/verdict.js'
import {LINT_FORMATS} from '../../src/render/lint-formats.js'
import {lintGithub} from '../../src/render/lint-github.js'
import {lintJson} from '../../src/render/lint-json.js'
import {lintJunit} from '../../src/render/lint-junit.js'
import {lintMarkdown} from '../../src/render/lint-markdown.js'
import {lintText} from '../../src/render/lint-text.js'
import {NO_PAINT, type Paint} from '../../src/render/paint.js'
import {ruleCatalog} from '../../src/findings/catalog.js'

const opts = {paint: NO_PAINT, toolVersion: '0.0.0-test'}

function report(overrides: Partial<LintReport['summary']> = {}): LintReport {
  return {
    rules: ruleCatalog(),
    summary: {errors: 1, warnings: 1, infos: 0, suppressed: 1, failOn: 'error', failed: true, inputErrors: false, complete: true, objects: 3, skipped: 0, ...overrides},
    findings: [
      {
        rule: 'carm-invalid-arn', severity: 'error', file: 'deploy/carm, v1.yaml', line: 4, column: 1,
        message: 'ConfigMap ack-system/ack-role-account-map key "1" is not a role ARN: 100% <wrong> & "quoted" | piped\nsecond line',
        object: {apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ack-system', name: 'ack-role-account-map'},
      },
      {
        rule: 'selector-no-match', severity: 'warning', message: 'IAMRoleSelector typo matches no Namespace in the input',
        object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name: 'typo'},
      },
      {
        rule: 'selector-version-pinned', severity: 'warning', message: 'pinned', file: 'deploy/s.yaml', line: 9,
        object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', name: 'pinned'},
        suppressed: {kind: 'config', reason: 'frozen API', source: '.ackctl.yaml:3', expires: '2030-01-01'},
      },
    ],
  }
}

describe('lint formatters', () => {
  it('all share one contract and are pure: the same report gives the same bytes', () => {
    for (const [name, format] of Object.entries(LINT_FORMATS)) {
      const a = format(report(), opts)
      assert.equal(a, format(report(), opts), name)
      assert.ok(a.endsWith('\n'), `${name} ends with a newline`)
    }
  })

  it('github: workflow commands with escaped data and properties; suppressed findings stay visible as notices', () => {
    const lines = lintGithub(report(), opts).split('\n')
    assert.equal(lines[0], '::error file=deploy/carm%2C v1.yaml,line=4,col=1,title=ackctl carm-invalid-arn::ConfigMap ack-system/ack-role-account-map key "1" is not a role ARN: 100%25 <wrong> & "quoted" | piped%0Asecond line')
    assert.equal(lines[1], '::warning title=ackctl selector-no-match::IAMRoleSelector/typo: IAMRoleSelector typo matches no Namespace in the input')
    assert.equal(lines[2], '::notice file=deploy/s.yaml,line=9,title=ackctl selector-version-pinned (suppressed)::pinned%0ASuppressed: frozen API')
    assert.equal(lines[3], 'ackctl lint: 1 error, 1 warning, 0 infos, 1 suppressed (fail-on: error): FAIL')
  })

  it('junit: failures at or above --fail-on, suppressed findings skipped, XML escaped, every rule a suite', () => {
    const xml = lintJunit(report(), opts)
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="[^"]*" tests="(\d+)" failures="1" errors="0" skipped="1">/)
    assert.match(xml, /<failure type="error" message="ConfigMap ack-system\/ack-role-account-map key &quot;1&quot; is not a role ARN: 100% &lt;wrong&gt; &amp; &quot;quoted&quot; \| piped&#10;second line">/)
    assert.match(xml, /<testcase classname="ackctl.lint.selector-no-match" name="IAMRoleSelector\/typo"><system-out>warning: IAMRoleSelector typo/)
    assert.match(xml, /<skipped message="suppressed: frozen API"\/>/)
    assert.equal((xml.match(/<testsuite /g) ?? []).length, ruleCatalog().length)
    const strict = lintJunit(report({failOn: 'warning'}), opts)
    assert.match(strict, /<testsuites [^>]*failures="2"/)
    assert.match(strict, /<failure type="warning" message="IAMRoleSelector typo/)
  })

  it('markdown: verdict, a findings table with escaped pipes and newlines, suppressed ones folded', () => {
    const md = lintMarkdown(report(), opts)
    assert.match(md, /^## ackctl lint\n\n\*\*FAIL\*\*: 1 error, 1 warning, 0 infos, 1 suppressed \(fail-on: error\)\n/)
    assert.match(md, /\| error \| `carm-invalid-arn` \| `ConfigMap\/ack-system\/ack-role-account-map` \| `deploy\/carm, v1.yaml:4:1` \| .*&? "quoted" \\\| piped second line \|/)
    assert.match(md, /<details><summary>1 suppressed<\/summary>[\s\S]*\| `selector-version-pinned` \| `IAMRoleSelector\/pinned` \| `deploy\/s.yaml:9` \| frozen API \| `.ackctl.yaml:3` until 2030-01-01 \|/)
    const linked = lintMarkdown(report(), {...opts, docsUrl: 'https://example.test/docs/rules.md'})
    assert.match(linked, /\[carm-invalid-arn\]\(https:\/\/example.test\/docs\/rules.md#carm-invalid-arn\)/)
  })

  it('text: location, severity, rule, object, message, fix; suppressed with reasons; summary; colour only through paint', () => {
    const text = lintText(report(), opts)
    assert.ok(text.startsWith('deploy/carm, v1.yaml:4:1 error carm-invalid-arn ConfigMap/ack-system/ack-role-account-map\n  ConfigMap ack-system/ack-role-account-map'))
    assert.match(text, /\n  fix: Put a full role ARN in the value/)
    assert.match(text, /\nwarning selector-no-match IAMRoleSelector\/typo\n/)
    assert.match(text, /\nSuppressed \(1\):\n  warning selector-version-pinned deploy\/s.yaml:9 IAMRoleSelector\/pinned: "frozen API" \(config .ackctl.yaml:3, expires 2030-01-01\)\n/)
    assert.ok(text.endsWith('\n1 error, 1 warning, 0 infos, 1 suppressed (fail-on: error): FAIL\n'))
    assert.doesNotMatch(text, /\u001b\[/)
    const tag = (t: string) => (s: string) => `<${t}>${s}</${t}>`
    const paint: Paint = {ok: tag('ok'), warn: tag('warn'), bad: tag('bad'), dim: tag('dim'), bold: tag('b')}
    const painted = lintText(report(), {...opts, paint})
    assert.match(painted, /<bad>error<\/bad> <b>carm-invalid-arn<\/b>/)
    assert.match(painted, /: <bad>FAIL<\/bad>\n$/)
    assert.match(lintText(report({failed: false, complete: false}), opts), /: INCOMPLETE \(the input could not be read completely\)\n$/)
    assert.match(lintText({...report({errors: 0, warnings: 0, suppressed: 0, failed: false}), findings: []}, opts), /^0 errors, 0 warnings, 0 infos, 0 suppressed \(fail-on: error\): PASS\n$/)
  })

  it('json: every key present, nulls for what is unknown', () => {
    const json = lintJson(report())
    assert.deepEqual(json.findings[1], {
      rule: 'selector-no-match', severity: 'warning', message: 'IAMRoleSelector typo matches no Namespace in the input',
      object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', namespace: null, name: 'typo'},
      file: null, line: null, column: null, suppressed: false, suppression: null,
    })
    assert.deepEqual(json.findings[2].suppression, {kind: 'config', reason: 'frozen API', source: '.ackctl.yaml:3', expires: '2030-01-01'})
    assert.deepEqual(json.summary, {errors: 1, warnings: 1, infos: 0, suppressed: 1, failOn: 'error', failed: true, inputErrors: false, complete: true, objects: 3, skipped: 0})
  })
})
