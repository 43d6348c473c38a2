import {parsePolicyDocument} from '../../src/iam/policy-document.js'
import {strict as assert} from 'node:assert'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve as resolvePath} from 'node:path'

import {ackctl as ackctlAsync, kubectl, runProgram, startCluster, type FakeCluster} from '../live/support.js'
import {REPO_ROOT} from '../support/vectors.js'
import {MOTO_BASE_ENV, motoAvailable, startMoto, type Moto} from '../support/moto.js'
import {accountCredentials} from '../aws/seed.js'
import {CreateRoleCommand, IAMClient, PutRolePolicyCommand} from '@aws-sdk/client-iam'
import {parseAllDocuments, stringify} from 'yaml'

/** Values as a values file over others: maps merge, anything else replaces. */
function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {...base}
  for (const [k, v] of Object.entries(over)) {
    const b = out[k]
    out[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && b !== null && typeof b === 'object' && !Array.isArray(b)
      ? mergeValues(b as Record<string, unknown>, v as Record<string, unknown>) : v
  }
  return out
}

/** Splits a command line of the plan as a POSIX shell does for the quoting the plan uses (single quotes). */
function words(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  let any = false
  for (const c of line) {
    if (quoted) {
      if (c === "'") quoted = false
      else cur += c
    } else if (c === "'") {
      quoted = true
      any = true
    } else if (c === ' ') {
      if (cur !== '' || any) out.push(cur)
      cur = ''
      any = false
    } else cur += c
  }
  if (cur !== '' || any) out.push(cur)
  return out
}

const IAM_ROLE_SELECTOR_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'iamroleselectors.services.k8s.aws'},
  spec: {group: 'services.k8s.aws', scope: 'Cluster', names: {kind: 'IAMRoleSelector', plural: 'iamroleselectors', singular: 'iamroleselector', listKind: 'IAMRoleSelectorList'},
    versions: [{name: 'v1alpha1', served: true, storage: true}]},
}

/** Fixtures whose input is clean under the target settings: their plan's lint step must pass with --fail-on warning. */
const CLEAN = new Set(['01-account-map', '03-service-level', '08-labels-strategy'])

/**
 * Every command the generated plan tells the user to run, run on the files it generated: the ackctl
 * commands for real (lint with --fail-on warning), the kubectl commands and label scripts against a
 * loopback API server holding the fixture's cluster, with --dry-run=client (the server is read-only).
 */
interface PlanJson {
  plan: Array<{id: string; title: string; commands: string[]; controller?: {serviceAlias: string; release?: {kind: string; namespace?: string; name: string}; helmValues: Record<string, unknown>}}>
  capability?: {roleARN: string; roles: string[]; trustStatement: unknown}
}

let moto: Moto | undefined

/**
 * A cut-over to the EKS Capability: moto holds every selector role with the trust statement the
 * plan says to add, and the capability role with the service trust and the inline policy from the
 * file the plan's `aws iam put-role-policy` names. Returns verify-trust's AWS flags.
 */
async function planIam(result: PlanJson, home: string): Promise<string[]> {
  const cap = result.capability
  assert.ok(cap, 'verify-trust in a plan that is not a cut-over to the EKS Capability')
  if (!motoAvailable()) assert.fail('moto_server is not on PATH: the plan\'s verify-trust step needs it (pip install "moto[server]")')
  moto = await startMoto()
  const endpoint = moto.endpoint
  const put = result.plan.flatMap((s) => s.commands).find((c) => c.startsWith('aws iam put-role-policy'))!
  const file = words(put).find((w) => w.startsWith('file://'))!.slice('file://'.length)
  const roles = [
    ...cap.roles.map((arn) => ({arn, trust: {Version: '2012-10-17', Statement: [cap.trustStatement]}, inline: undefined as string | undefined})),
    {arn: cap.roleARN, trust: {Version: '2012-10-17', Statement: [{Effect: 'Allow', Principal: {Service: 'capabilities.eks.amazonaws.com'}, Action: ['sts:AssumeRole', 'sts:TagSession']}]}, inline: readFileSync(resolvePath(home, file), 'utf8')},
  ]
  for (const r of roles) {
    const [, , , , account, resource] = r.arn.split(':')
    const name = resource.split('/').pop()!
    const iam = new IAMClient({region: 'us-east-1', endpoint, maxAttempts: 1, credentials: await accountCredentials(endpoint, account)})
    await iam.send(new CreateRoleCommand({RoleName: name, AssumeRolePolicyDocument: JSON.stringify(r.trust)}))
    if (r.inline) await iam.send(new PutRolePolicyCommand({RoleName: name, PolicyName: 'ackctl-assume-selector-roles', PolicyDocument: r.inline}))
  }
  return ['--endpoint-url', endpoint, '--audit-role-name', 'OrganizationAccountAccessRole']
}

describe('migrate-carm: the plan\'s own commands pass on the files it generated', function () {
  this.timeout(180_000)
  const root = join(REPO_ROOT, 'fixtures', 'migrate')
  for (const name of readdirSync(root).filter((d) => existsSync(join(root, d, 'args.json'))).sort()) {
    const args = JSON.parse(readFileSync(join(root, name, 'args.json'), 'utf8')) as {strategy?: string; overrides?: Record<string, string>; capability?: {roleARN: string; capabilityARN?: string}}
    it(`${name} (--strategy ${args.strategy ?? 'names'})`, async () => {
      const tmp = mkdtempSync(join(tmpdir(), 'ackctl-plan-'))
      let cluster: FakeCluster | undefined
      try {
        const input = `fixtures/migrate/${name}/input`
        const out = join(tmp, 'out')
        const flagName: Record<string, string> = {accountID: 'account-id', region: 'aws-region', watchNamespace: 'watch-namespace', enableCARM: 'enable-carm', featureGates: 'feature-gates', ackSystemNamespace: 'ack-system-namespace'}
        const overrides = Object.entries(args.overrides ?? {}).map(([k, v]) => `--${flagName[k]}=${v}`)
        const to = args.capability ? ['--to-eks-capability-role-arn', args.capability.roleARN, ...(args.capability.capabilityARN ? ['--to-eks-capability-arn', args.capability.capabilityARN] : [])] : []
        const run = await ackctlAsync(['migrate-carm', '-f', input, '-R', ...overrides, ...to, '--strategy', args.strategy ?? 'names', '--output-dir', out, '-o', 'json'], tmp)
        const result = JSON.parse(run.stdout) as PlanJson

        // `cluster-only/`: objects the cluster holds that the input leaves out (a ConfigMap the plan patches).
        const extra = join(root, name, 'cluster-only')
        const docs = [...readdirSync(join(REPO_ROOT, input)).map((f) => join(REPO_ROOT, input, f)),
          ...(existsSync(extra) ? readdirSync(extra).map((f) => join(extra, f)) : [])]
        cluster = await startCluster({files: docs, objects: [IAM_ROLE_SELECTOR_CRD]})
        const bin = join(tmp, 'bin')
        mkdirSync(bin)
        // The label scripts call `kubectl`: point it at the fake, client-side dry run.
        writeFileSync(join(bin, 'kubectl'), `#!/bin/sh\nexec ${process.env.KUBECTL ?? 'kubectl'} --kubeconfig '${cluster.kubeconfig}' --cache-dir '${join(tmp, 'cache')}' "$@" --dry-run=client\n`)
        chmodSync(join(bin, 'kubectl'), 0o755)

        let ran = 0
        const patchedFiles: string[] = []
        const releaseEdits: Array<{release: {kind: string; namespace?: string; name: string}; values: Record<string, unknown>}> = []
        for (const step of result.plan) {
          for (const line of step.commands) {
            if (line.includes('<')) continue // placeholders the user fills in (helm release, context)
            const [program, ...rest] = words(line)
            if (program === 'ackctl') {
              // verify-trust reads IAM: moto, holding the roles as the plan's IAM steps leave them.
              const aws = rest[0] === 'verify-trust' ? await planIam(result, tmp) : []
              const res = await ackctlAsync([...rest, '--fail-on', CLEAN.has(name) ? 'warning' : 'none', '-o', 'json', ...aws], tmp, aws.length > 0 ? {...MOTO_BASE_ENV} : {})
              assert.equal(res.code, 0, `${line}\n${res.stdout}${res.stderr}`)
              const findings = (JSON.parse(res.stdout).findings ?? []) as Array<{rule: string; file?: string}>
              const aboutGenerated = findings.filter((f) => f.rule === 'input-duplicate' || (f.file ?? '').startsWith(out))
              assert.deepEqual(aboutGenerated, [], `${line}: findings about the generated files`)
            } else if (program === 'kubectl') {
              // --validate=false: the loopback server serves no OpenAPI document (schemas are checked by lint instead).
              const validate = rest[0] === 'apply' ? ['--validate=false'] : []
              // `rollout restart` has no dry run: the object it restarts must exist, as named.
              const checked = rest[0] === 'rollout' && rest[1] === 'restart' ? ['get', ...rest.slice(2)] : [...rest, ...validate, '--dry-run=client']
              const patch = rest[0] === 'patch' ? ['-o', 'json'] : []
              const res = await kubectl(['--kubeconfig', cluster.kubeconfig, '--cache-dir', join(tmp, 'cache'), ...checked, ...patch], tmp)
              assert.equal(res.code, 0, `${line}\n${res.stderr}`)
              if (rest[0] === 'patch') {
                // The object as patched holds what the plan says it must.
                const wanted = JSON.parse(rest[rest.indexOf('-p') + 1]) as {data: Record<string, string>}
                const patched = JSON.parse(res.stdout) as {data: Record<string, string>}
                for (const [key, value] of Object.entries(wanted.data)) assert.equal(patched.data[key], value, `${line}: ${key}`)
                patchedFiles.push(join(tmp, `patched-${patchedFiles.length}.json`))
                writeFileSync(patchedFiles.at(-1)!, res.stdout)
              }
            } else if (program === 'aws') {
              // AWS changes are the user's to make; every policy file the command names is checked: it exists and IAM would accept it.
              const documents = rest.filter((w) => w.startsWith('file://')).map((w) => w.slice('file://'.length))
              assert.ok(documents.length > 0, `${line}: names no policy file`)
              for (const doc of documents) {
                const parsed = parsePolicyDocument(JSON.parse(readFileSync(resolvePath(tmp, doc), 'utf8')))
                assert.ok(parsed.ok && parsed.document.statements.length > 0, `${line}: ${doc} is not a policy document`)
              }
            } else if (program === 'flux' || program === 'argocd') {
              // A GitOps release: the plan's change is to its values, in the repository; the command only applies it.
              const release = step.controller?.release
              assert.ok(release && rest.includes(release.name), `${line}: names no release of the plan`)
              releaseEdits.push({release, values: step.controller!.helmValues})
            } else if (program === 'sh') {
              const res = await runProgram('sh', rest, tmp, {PATH: `${bin}:${process.env.PATH}`})
              assert.equal(res.code, 0, `${line}\n${res.stderr}`)
            } else {
              assert.fail(`the plan asks for a command the test does not know: ${line}`)
            }
            ran++
          }
        }
        assert.ok(ran >= 2, `${ran} commands run`)
        if (releaseEdits.length > 0) {
          // The releases with the values the plan says to set, in place of the input's: every controller they install now runs as the proof assumed.
          const edited = join(tmp, 'edited')
          mkdirSync(edited)
          for (const f of readdirSync(join(REPO_ROOT, input))) {
            const objects = parseAllDocuments(readFileSync(join(REPO_ROOT, input, f), 'utf8')).map((d) => d.toJS() as Record<string, any>)
            for (const o of objects) {
              const edit = releaseEdits.find((e) => e.release.kind === o?.kind && e.release.name === o.metadata?.name && (e.release.namespace ?? '') === (o.metadata?.namespace ?? ''))
              if (!edit) continue
              if (o.kind === 'HelmRelease') o.spec.values = mergeValues(o.spec.values ?? {}, edit.values)
              else o.spec.source.helm = {...o.spec.source.helm, valuesObject: mergeValues(o.spec.source.helm?.valuesObject ?? {}, edit.values)}
            }
            writeFileSync(join(edited, f), objects.map((o) => stringify(o)).join('---\n'))
          }
          const after = await ackctlAsync(['resolve', '-f', edited, '-o', 'json'], tmp)
          const controllers = (JSON.parse(after.stdout) as {controllers: Array<{serviceAlias: string; enableCARM: string; carm: boolean; iamRoleSelector: boolean}>}).controllers
          for (const {serviceAlias} of result.plan.flatMap((s) => (s.controller?.release ? [s.controller] : []))) {
            assert.deepEqual(controllers.filter((c) => c.serviceAlias === serviceAlias).map((c) => [c.enableCARM, c.carm, c.iamRoleSelector]), [['false', false, true]], serviceAlias)
          }
        }
        if (patchedFiles.length > 0) {
          // The ConfigMaps as the plan's patches leave them: every controller they configure now runs as the proof assumed.
          const after = await ackctlAsync(['resolve', '-f', input, '-R', ...patchedFiles.flatMap((f) => ['-f', f]), ...overrides, '-o', 'json'], tmp)
          const controllers = (JSON.parse(after.stdout) as {controllers: Array<{serviceAlias: string; enableCARM: string; carm: boolean; iamRoleSelector: boolean}>}).controllers
          const switched = result.plan.filter((s) => s.id === 'switch-controller').map((s) => s.title.split(' ')[2])
          for (const alias of switched) {
            assert.deepEqual(controllers.filter((c) => c.serviceAlias === alias).map((c) => [c.enableCARM, c.carm, c.iamRoleSelector]), [['false', false, true]], alias)
          }
        }
      } finally {
        await moto?.stop()
        moto = undefined
        await cluster?.stop()
        rmSync(tmp, {recursive: true, force: true})
      }
    })
  }
})
