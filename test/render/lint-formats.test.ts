import {strict as assert} from 'node:assert'

import type {LintReport} from '../../src/findings/verdict.js'
import {LINT_FORMATS, lintOutput} from '../../src/render/lint-formats.js'
import {lintGithub} from '../../src/render/lint-github.js'
import {lintJson, lintJsonPieces} from '../../src/render/lint-json.js'
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
      const a = lintOutput(format, report(), opts)
      assert.equal(a, lintOutput(format, report(), opts), name)
      assert.ok(a.endsWith('\n'), `${name} ends with a newline`)
    }
  })

  it('every format is written in pieces of bounded size, whatever the number of findings', () => {
    // 3,000 findings of one rule (a cluster where every resource falls back to the controller's role).
    const base = report()
    const many: LintReport = {
      ...base,
      findings: Array.from({length: 3000}, (_, i) => ({...base.findings[i % 3], message: `finding #${i}#`})),
    }
    for (const [name, format] of Object.entries(LINT_FORMATS)) {
      const pieces = [...format(many, opts)]
      assert.ok(pieces.length >= 5, `${name}: ${pieces.length} pieces`)
      const longest = Math.max(...pieces.map((p) => p.length))
      assert.ok(longest < 200_000, `${name}: a piece of ${longest} characters`)
      const whole = pieces.join('')
      // Every finding is in the text, those of one rule in their order (a format may group them);
      // text, markdown and junit list suppressed findings (the third rule) by their reasons, not their messages.
      const seen = [...whole.matchAll(/#(\d+)#/g)].map((m) => Number(m[1])).filter((n, i, all) => n !== all[i - 1])
      for (const rule of ['text', 'markdown', 'junit'].includes(name) ? [0, 1] : [0, 1, 2]) {
        assert.deepEqual(seen.filter((n) => n % 3 === rule), Array.from({length: 1000}, (_, i) => 3 * i + rule), `${name}: rule ${rule}`)
      }
    }
    const xml = lintOutput(lintJunit, many, opts)
    assert.match(xml, /<testsuite name="carm-invalid-arn" tests="1000" failures="1000" errors="0" skipped="0">/)
    assert.match(xml, /<testsuite name="selector-version-pinned" tests="1000" failures="0" errors="0" skipped="1000">/)
    assert.equal((xml.match(/<testcase /g) ?? []).length, 3000 + ruleCatalog().length - 3)
    const text = lintOutput(lintText, many, opts)
    assert.match(text, /\nSuppressed \(1000\):\n/)
    const md = lintOutput(lintMarkdown, many, opts)
    assert.match(md, /<details><summary>1000 suppressed<\/summary>/)
    assert.equal(md.split('\n').filter((l) => l.startsWith('|')).length, 2000 + 2 + 1000 + 2)
  })

  it('markdown with a limit: the verdict, as many findings as fit, how many are left out, and nothing cut that fits whole', () => {
    const base = report()
    const many: LintReport = {...base, findings: Array.from({length: 3000}, (_, i) => ({...base.findings[i % 3], message: `finding #${i}#`}))}
    const whole = lintOutput(lintMarkdown, many, opts)
    assert.equal(lintOutput(lintMarkdown, many, {...opts, limit: Buffer.byteLength(whole)}), whole)
    for (const limit of [4096, 65_536, Buffer.byteLength(whole) - 1]) {
      const cut = lintOutput(lintMarkdown, many, {...opts, limit})
      assert.ok(Buffer.byteLength(cut) <= limit, `${Buffer.byteLength(cut)} bytes for a limit of ${limit}`)
      assert.ok(cut.startsWith('## ackctl lint\n\n**FAIL**: 1 error, 1 warning, 0 infos, 1 suppressed (fail-on: error)\n'))
      const rows = cut.split('\n').filter((l) => /^\| (error|warning|`selector-version-pinned`) /.test(l)).length
      assert.ok(rows > 0)
      assert.match(cut, new RegExp(`\\n_${3000 - rows} of 3000 findings are not shown \\(the text is cut at ${limit} bytes\\); \`ackctl lint -o json\` and the SARIF log have them all._\\n$`))
      // A <details> block that was opened is closed before the note.
      assert.equal(cut.includes('<details>'), cut.includes('</details>'))
    }
  })

  it('github: workflow commands with escaped data and properties; suppressed findings stay visible as notices', () => {
    const lines = lintOutput(lintGithub, report(), opts).split('\n')
    assert.equal(lines[0], '::error file=deploy/carm%2C v1.yaml,line=4,col=1,title=ackctl carm-invalid-arn::ConfigMap ack-system/ack-role-account-map key "1" is not a role ARN: 100%25 <wrong> & "quoted" | piped%0Asecond line')
    assert.equal(lines[1], '::warning title=ackctl selector-no-match::IAMRoleSelector/typo: IAMRoleSelector typo matches no Namespace in the input')
    assert.equal(lines[2], '::notice file=deploy/s.yaml,line=9,title=ackctl selector-version-pinned (suppressed)::pinned%0ASuppressed: frozen API')
    assert.equal(lines[3], 'ackctl lint: 1 error, 1 warning, 0 infos, 1 suppressed (fail-on: error): FAIL')
  })

  it('junit: failures at or above --fail-on, suppressed findings skipped, XML escaped, every rule a suite', () => {
    const xml = lintOutput(lintJunit, report(), opts)
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="[^"]*" tests="(\d+)" failures="1" errors="0" skipped="1">/)
    assert.match(xml, /<failure type="error" message="ConfigMap ack-system\/ack-role-account-map key &quot;1&quot; is not a role ARN: 100% &lt;wrong&gt; &amp; &quot;quoted&quot; \| piped&#10;second line">/)
    assert.match(xml, /<testcase classname="ackctl.lint.selector-no-match" name="IAMRoleSelector\/typo"><system-out>warning: IAMRoleSelector typo/)
    assert.match(xml, /<skipped message="suppressed: frozen API"\/>/)
    assert.equal((xml.match(/<testsuite /g) ?? []).length, ruleCatalog().length)
    const strict = lintOutput(lintJunit, report({failOn: 'warning'}), opts)
    assert.match(strict, /<testsuites [^>]*failures="2"/)
    assert.match(strict, /<failure type="warning" message="IAMRoleSelector typo/)
  })

  it('markdown: verdict, a findings table with escaped pipes and newlines, suppressed ones folded', () => {
    const md = lintOutput(lintMarkdown, report(), opts)
    assert.match(md, /^## ackctl lint\n\n\*\*FAIL\*\*: 1 error, 1 warning, 0 infos, 1 suppressed \(fail-on: error\)\n/)
    assert.match(md, /\| error \| `carm-invalid-arn` \| `ConfigMap\/ack-system\/ack-role-account-map` \| `deploy\/carm, v1.yaml:4:1` \| .*&? "quoted" \\\| piped second line \|/)
    assert.match(md, /<details><summary>1 suppressed<\/summary>[\s\S]*\| `selector-version-pinned` \| `IAMRoleSelector\/pinned` \| `deploy\/s.yaml:9` \| frozen API \| `.ackctl.yaml:3` until 2030-01-01 \|/)
    const linked = lintOutput(lintMarkdown, report(), {...opts, docsUrl: 'https://example.test/docs/rules.md'})
    assert.match(linked, /\[carm-invalid-arn\]\(https:\/\/example.test\/docs\/rules.md#carm-invalid-arn\)/)
  })

  it('text: location, severity, rule, object, message, fix; suppressed with reasons; summary; colour only through paint', () => {
    const text = lintOutput(lintText, report(), opts)
    assert.ok(text.startsWith('deploy/carm, v1.yaml:4:1 error carm-invalid-arn ConfigMap/ack-system/ack-role-account-map\n  ConfigMap ack-system/ack-role-account-map'))
    assert.match(text, /\n  fix: Put a full role ARN in the value/)
    assert.match(text, /\nwarning selector-no-match IAMRoleSelector\/typo\n/)
    assert.match(text, /\nSuppressed \(1\):\n  warning selector-version-pinned deploy\/s.yaml:9 IAMRoleSelector\/pinned: "frozen API" \(config .ackctl.yaml:3, expires 2030-01-01\)\n/)
    assert.ok(text.endsWith('\n1 error, 1 warning, 0 infos, 1 suppressed (fail-on: error): FAIL\n'))
    assert.doesNotMatch(text, /\u001b\[/)
    const tag = (t: string) => (s: string) => `<${t}>${s}</${t}>`
    const paint: Paint = {ok: tag('ok'), warn: tag('warn'), bad: tag('bad'), dim: tag('dim'), bold: tag('b')}
    const painted = lintOutput(lintText, report(), {...opts, paint})
    assert.match(painted, /<bad>error<\/bad> <b>carm-invalid-arn<\/b>/)
    assert.match(painted, /: <bad>FAIL<\/bad>\n$/)
    assert.match(lintOutput(lintText, report({failed: false, complete: false}), opts), /: INCOMPLETE \(the input could not be read completely\)\n$/)
    assert.match(lintOutput(lintText, {...report({errors: 0, warnings: 0, suppressed: 0, failed: false}), findings: []}, opts), /^0 errors, 0 warnings, 0 infos, 0 suppressed \(fail-on: error\): PASS\n$/)
  })

  it('json: every key present, nulls for what is unknown', () => {
    const json = lintJson(report())
    // -o json is the same document, written with its findings made one batch at a time.
    assert.equal(lintOutput(lintJsonPieces, report(), opts), `${JSON.stringify(json, null, 2)}\n`)
    assert.deepEqual(json.findings[1], {
      rule: 'selector-no-match', severity: 'warning', message: 'IAMRoleSelector typo matches no Namespace in the input',
      object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', namespace: null, name: 'typo'},
      file: null, line: null, column: null, suppressed: false, suppression: null,
    })
    assert.deepEqual(json.findings[2].suppression, {kind: 'config', reason: 'frozen API', source: '.ackctl.yaml:3', expires: '2030-01-01'})
    assert.deepEqual(json.summary, {errors: 1, warnings: 1, infos: 0, suppressed: 1, failOn: 'error', failed: true, inputErrors: false, complete: true, objects: 3, skipped: 0})
  })
})
