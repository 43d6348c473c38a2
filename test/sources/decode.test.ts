import {strict as assert} from 'node:assert'

import {parse} from 'yaml'

import {buildSnapshot, splitApiVersion, type RawDocument} from '../../src/sources/decode.js'
import type {Snapshot} from '../../src/core/types.js'

const docs = (...objects: unknown[]): RawDocument[] => objects.map((object, i) => ({object, location: {file: 'in.yaml', line: i + 1}}))
const snap = (...objects: unknown[]): Snapshot => buildSnapshot(docs(...objects))
const y = (text: string): unknown => parse(text)

const deployment = (env: unknown[], args: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'ack-s3-controller', namespace: 'ack-controllers'},
  spec: {template: {spec: {serviceAccountName: 'ack-s3-controller', containers: [
    {name: 'sidecar', image: 'busybox'},
    {name: 'controller', image: 'public.ecr.aws/aws-controllers-k8s/s3-controller:1.1.1', command: ['./bin/controller'], args, env, ...extra},
  ]}}},
})

describe('decode: documents -> snapshot (the one decoder of every source)', () => {
  describe('stats and skipped documents', () => {
    const cases: Array<{name: string; objects: unknown[]; stats: Snapshot['stats']; findings: string[]}> = [
      {name: 'empty documents are not counted', objects: [null, undefined], stats: {documents: 0, objects: 0, used: 0, skipped: 0}, findings: []},
      {
        // Helm values, workflow files, docker-compose.yml, package.json: counted as skipped, never a finding.
        name: 'non-Kubernetes documents are skipped and counted, without a finding',
        objects: ['hello', [1, 2], {foo: 'bar'}, {kind: 'Namespace'}, {apiVersion: 'v1', kind: 3}],
        stats: {documents: 5, objects: 0, used: 0, skipped: 5},
        findings: [],
      },
      {
        name: 'kinds ackctl does not use are skipped silently',
        objects: [{apiVersion: 'v1', kind: 'Service', metadata: {name: 's'}}, {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'other', namespace: 'ack-system'}}],
        stats: {documents: 2, objects: 2, used: 0, skipped: 2},
        findings: [],
      },
      {
        name: 'Lists are flattened and not counted themselves',
        objects: [{apiVersion: 'v1', kind: 'List', items: [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'}}, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's'}}]}],
        stats: {documents: 2, objects: 2, used: 1, skipped: 1},
        findings: [],
      },
      {
        name: '*List kinds are flattened too',
        objects: [{apiVersion: 'v1', kind: 'NamespaceList', items: [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a'}}]}],
        stats: {documents: 1, objects: 1, used: 1, skipped: 0},
        findings: [],
      },
    ]
    for (const c of cases) {
      it(c.name, () => {
        const s = snap(...c.objects)
        assert.deepEqual(s.stats, c.stats)
        assert.deepEqual(s.findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line} ${f.message}`), c.findings)
      })
    }
  })

  describe('Namespaces', () => {
    it('the API server label kubernetes.io/metadata.name is added', () => {
      assert.deepEqual(snap({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod', labels: {env: 'prod'}}}).namespaces[0].labels,
        {env: 'prod', 'kubernetes.io/metadata.name': 'prod'})
    })
    it('a manifest cannot set kubernetes.io/metadata.name to another value (the API server overwrites it)', () => {
      assert.deepEqual(snap({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod', labels: {'kubernetes.io/metadata.name': 'dev'}}}).namespaces[0].labels,
        {'kubernetes.io/metadata.name': 'prod'})
    })
    it('annotations are kept as written, empty values included', () => {
      const a = {'services.k8s.aws/owner-account-id': ' 111111111111', 'services.k8s.aws/team-id': ''}
      assert.deepEqual(snap({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'p', annotations: a}}).namespaces[0].annotations, a)
    })
    it('an unquoted account ID (a YAML number) is reported, not silently used', () => {
      const s = snap(y('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  annotations:\n    services.k8s.aws/owner-account-id: 111111111111\n'))
      assert.deepEqual(s.namespaces[0].annotations, {})
      assert.deepEqual(s.findings.map((f) => [f.rule, f.severity, f.message]), [[
        'input-invalid', 'error',
        'Namespace payments: metadata.annotations "services.k8s.aws/owner-account-id" is a number (111111111111), not a string; the API server rejects it and ackctl ignores it: quote the value',
      ]])
    })
    it('labels written as a list (not a map) are reported, and read as no labels', () => {
      const s = snap(y('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    - team: payments\n'))
      assert.deepEqual(s.namespaces[0].labels, {'kubernetes.io/metadata.name': 'payments'})
      assert.deepEqual(s.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.message]), [[
        'input-invalid', 'error', 'in.yaml', 1,
        'Namespace payments: metadata.labels is a list, not a map of strings; the API server rejects the object and ackctl reads metadata.labels as empty: write it as key: "value" lines',
      ]])
    })
    it('a value that is itself a map is named as a map; null labels are no labels, without a finding', () => {
      const s = snap(
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'a', labels: {team: {name: 'x'}}}},
        {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'b', labels: null, annotations: null}},
      )
      assert.deepEqual(s.findings.map((f) => f.message), [
        'Namespace a: metadata.labels "team" is a map, not a string; the API server rejects it and ackctl ignores it: quote the value',
      ])
    })
  })

  describe('CARM ConfigMaps', () => {
    const cases: Array<{name: string; object: unknown; want: unknown; findings?: number}> = [
      {name: 'account map with its data', object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: {'111111111111': 'arn:aws:iam::111111111111:role/a'}},
        want: [{name: 'ack-role-account-map', namespace: 'ack-system', data: {'111111111111': 'arn:aws:iam::111111111111:role/a'}}]},
      {name: 'team map; binaryData ignored', object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-team-map', namespace: 'x'}, binaryData: {'team-a': 'YXJu'}},
        want: [{name: 'ack-role-team-map', namespace: 'x', data: {}}]},
      {name: 'no namespace: default', object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map'}, data: {}},
        want: [{name: 'ack-role-account-map', namespace: 'default', data: {}}]},
      {name: 'names are exact (no ack-carm-map, no case folding)', object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-carm-map', namespace: 'ack-system'}, data: {a: 'b'}}, want: []},
      {name: 'keys and values kept untrimmed', object: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'ack-role-account-map', namespace: 'ack-system'}, data: {' 1 ': ' arn '}},
        want: [{name: 'ack-role-account-map', namespace: 'ack-system', data: {' 1 ': ' arn '}}]},
      {name: 'a non-string value is dropped with a finding', object: y('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ack-role-account-map, namespace: ack-system}\ndata:\n  "111111111111": 222222222222\n'),
        want: [{name: 'ack-role-account-map', namespace: 'ack-system', data: {}}], findings: 1},
      {name: 'data that is not a map (a number, a string, a list) is read as empty with a finding', object: y('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ack-role-team-map, namespace: ack-system}\ndata: 5\n'),
        want: [{name: 'ack-role-team-map', namespace: 'ack-system', data: {}}], findings: 1},
      {name: 'data: null is an empty ConfigMap, no finding', object: y('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ack-role-team-map, namespace: ack-system}\ndata:\n'),
        want: [{name: 'ack-role-team-map', namespace: 'ack-system', data: {}}]},
    ]
    for (const c of cases) {
      it(c.name, () => {
        const s = snap(c.object)
        assert.deepEqual(s.configMaps.map(({location: _l, ...rest}) => rest), c.want)
        assert.equal(s.findings.length, c.findings ?? 0)
      })
    }
  })

  describe('IAMRoleSelectors: admission as the API server does it', () => {
    const sel = (name: string, spec: unknown) => ({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name, resourceVersion: '7'}, ...(spec === undefined ? {} : {spec})})
    const cases: Array<{name: string; object: unknown; status: string; problems: RegExp[]}> = [
      {name: 'valid', object: sel('prod', {arn: 'arn:aws:iam::1:role/r', namespaceSelector: {names: ['prod']}}), status: 'ok', problems: []},
      {name: 'no spec at all is admitted', object: sel('empty', undefined), status: 'ok', problems: []},
      {name: 'empty ARN is admitted (the controller ignores it later)', object: sel('e', {arn: ''}), status: 'ok', problems: []},
      {name: 'missing arn is rejected', object: sel('e', {namespaceSelector: {names: []}}), status: 'rejected', problems: [/^spec\.arn: Required value$/]},
      {name: 'matchExpressions next to matchLabels is pruned', object: sel('p', {arn: 'arn:aws:iam::1:role/r', namespaceSelector: {names: [], labelSelector: {matchLabels: {a: 'b'}, matchExpressions: [{key: 'a', operator: 'In', values: ['b']}]}}}),
        status: 'pruned', problems: [/^spec\.namespaceSelector\.labelSelector\.matchExpressions: unknown field, pruned/]},
      {name: 'matchExpressions only is rejected (matchLabels required after pruning)', object: sel('p', {arn: 'arn:aws:iam::1:role/r', namespaceSelector: {names: [], labelSelector: {matchExpressions: []}}}),
        status: 'rejected', problems: [/matchExpressions: unknown field, pruned/, /^spec\.namespaceSelector\.labelSelector\.matchLabels: Required value$/]},
      {name: 'names: null is rejected', object: sel('n', {arn: 'arn:aws:iam::1:role/r', namespaceSelector: {names: null}}), status: 'rejected', problems: [/^spec\.namespaceSelector\.names: Required value$/]},
      {name: 'names missing is rejected', object: sel('n', {arn: 'arn:aws:iam::1:role/r', namespaceSelector: {labelSelector: {matchLabels: {}}}}), status: 'rejected', problems: [/^spec\.namespaceSelector\.names: Required value$/]},
      {name: 'resource type without kind key is rejected', object: sel('t', {arn: 'arn:aws:iam::1:role/r', resourceTypeSelector: [{group: 's3.services.k8s.aws', version: ''}]}), status: 'rejected', problems: [/^spec\.resourceTypeSelector\[0\]\.kind: Required value$/]},
      {name: 'design-doc apiVersion field is pruned', object: sel('t', {arn: 'arn:aws:iam::1:role/r', resourceTypeSelector: [{group: '', version: '', kind: 'Bucket', apiVersion: 's3.services.k8s.aws/v1alpha1'}]}), status: 'pruned', problems: [/apiVersion: unknown field, pruned/]},
      {name: 'design-doc name SkyDevTeamConfig is rejected (names are lowercase DNS subdomains)', object: sel('SkyDevTeamConfig', {arn: 'arn:aws:iam::1:role/r'}), status: 'rejected',
        problems: [/^metadata\.name: Invalid value: "SkyDevTeamConfig": a lowercase RFC 1123 subdomain must consist of/]},
      {name: 'dots are fine in a selector name', object: sel('team.a', {arn: 'arn:aws:iam::1:role/r'}), status: 'ok', problems: []},
      {name: 'a missing name is rejected', object: {apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', spec: {arn: 'arn:aws:iam::1:role/r'}}, status: 'rejected', problems: [/^metadata\.name: Required value/]},
    ]
    for (const c of cases) {
      it(c.name, () => {
        const [s] = snap(c.object).selectors
        assert.equal(s.admission.status, c.status, s.admission.problems.join('; '))
        assert.equal(s.admission.problems.length, c.problems.length, s.admission.problems.join('; '))
        c.problems.forEach((p, i) => assert.match(s.admission.problems[i], p))
      })
    }
    it('the input\'s CRD schema decides whether resourceLabelSelector exists, before or after the selector in the input', () => {
      const selector = sel('team-a', {arn: 'arn:aws:iam::1:role/r', resourceLabelSelector: {matchLabels: {team: 'a'}}})
      const crd = (spec: unknown) => ({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'iamroleselectors.services.k8s.aws'},
        spec: {group: 'services.k8s.aws', versions: [{name: 'v1alpha1', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', properties: {spec}}}}]},
      })
      const old = crd({type: 'object', properties: {arn: {type: 'string'}, namespaceSelector: {type: 'object'}, resourceTypeSelector: {type: 'array'}}})
      for (const objects of [[selector, old], [old, selector]]) {
        const [s] = snap(...objects).selectors
        assert.equal(s.admission.status, 'pruned')
        assert.deepEqual(s.spec.resourceMatchLabels, {})
        assert.match(s.admission.problems.join(), /^spec\.resourceLabelSelector: unknown field, pruned by the API server \(the input's IAMRoleSelector CRD has no such field: it predates ACK runtime v0\.57\.0\)$/)
      }
      // Unknown fields kept, or no schema at all: nothing is pruned.
      for (const spec of [{type: 'object', 'x-kubernetes-preserve-unknown-fields': true}, undefined]) {
        const [s] = snap(selector, crd(spec)).selectors
        assert.deepEqual([s.admission.status, s.spec.resourceMatchLabels], ['ok', {team: 'a'}])
      }
    })
    it('decoded spec uses Go zero values and keeps the resourceVersion', () => {
      const [s] = snap(sel('all', {arn: 'arn:aws:iam::1:role/r'})).selectors
      assert.deepEqual([s.name, s.resourceVersion, s.spec], ['all', '7', {arn: 'arn:aws:iam::1:role/r', namespaceNames: [], namespaceMatchLabels: {}, resourceTypes: [], resourceMatchLabels: {}}])
    })
  })

  describe('ACK resources', () => {
    it('group, version, status metadata, conditions, namespace default', () => {
      const [r] = snap({
        apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name: 'b', labels: {tier: 'data'}, annotations: {'services.k8s.aws/region': ''}},
        status: {ackResourceMetadata: {ownerAccountID: '111111111111', region: 'eu-west-1', arn: 'arn:aws:s3:::b'}, conditions: [{type: 'ACK.ResourceSynced', status: 'True'}]},
      }).resources
      assert.deepEqual({...r, location: undefined}, {
        apiVersion: 's3.services.k8s.aws/v1alpha1', group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket', name: 'b', namespace: 'default',
        labels: {tier: 'data'}, annotations: {'services.k8s.aws/region': ''}, status: {ownerAccountID: '111111111111', region: 'eu-west-1'},
        hasReferences: false, conditions: [{type: 'ACK.ResourceSynced', status: 'True'}], location: undefined,
      })
    })
    it('a resource without metadata.namespace is resolved in "default", and one info finding says so', () => {
      const bucket = (name: string, namespace?: string) => ({apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name, ...(namespace ? {namespace} : {})}})
      const one = snap(bucket('a', 'payments'), bucket('b'))
      assert.deepEqual(one.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.object, f.message]), [[
        'namespace-assumed', 'info', 'in.yaml', 2, {apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', namespace: 'default', name: 'b'},
        'Bucket b has no metadata.namespace: ackctl resolves it in "default", as kubectl apply without -n does in a context without a namespace; if applied with -n NS (or helm install -n NS), give it its namespace in the files ackctl reads (helm template -n NS, kustomize\'s namespace:)',
      ]])
      assert.deepEqual(snap(bucket('a'), bucket('b'), bucket('c')).findings.map((f) => f.message.split(':')[0]), ['Bucket a and 2 more ACK resources have no metadata.namespace'])
      assert.deepEqual(snap(bucket('a', 'default'), {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'x'}}).findings, [])
    })
    const refCases: Array<[name: string, spec: unknown, want: boolean]> = [
      ['no spec', undefined, false],
      ['plain fields', {name: 'x', bucketName: 'y'}, false],
      ['a *Ref field', {roleRef: {from: {name: 'r'}}}, true],
      ['a *Refs list nested', {vpcConfig: {subnetRefs: [{from: {name: 's'}}]}}, true],
      ['a null *Ref does not count', {roleRef: null}, false],
      ['lowercase "ref" suffix is not a reference', {href: 'x', preferenceref: 'y'}, false],
    ]
    for (const [name, spec, want] of refCases) {
      it(`hasReferences: ${name}`, () => {
        assert.equal(snap({apiVersion: 'eks.services.k8s.aws/v1alpha1', kind: 'Cluster', metadata: {name: 'c', namespace: 'n'}, ...(spec ? {spec} : {})}).resources[0].hasReferences, want)
      })
    }
    it('no ackResourceMetadata: status null; installed kinds inferred from resources when no CRD', () => {
      const s = snap({apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', metadata: {name: 'b', namespace: 'n'}, status: {conditions: []}})
      assert.equal(s.resources[0].status, null)
      assert.deepEqual(s.kinds, [{group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket', origin: 'resource'}])
    })
    it('IAMRoleSelector itself is not an ACK resource', () => {
      assert.equal(snap({apiVersion: 'services.k8s.aws/v1alpha1', kind: 'IAMRoleSelector', metadata: {name: 's'}}).resources.length, 0)
    })
    it('CRDs give installed kinds with their storage version', () => {
      const s = snap({apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: {name: 'tables.dynamodb.services.k8s.aws'},
        spec: {group: 'dynamodb.services.k8s.aws', names: {kind: 'Table', plural: 'tables'}, versions: [{name: 'v1alpha1', served: true, storage: false}, {name: 'v1beta1', served: true, storage: true}]}})
      assert.deepEqual(s.kinds, [{group: 'dynamodb.services.k8s.aws', version: 'v1beta1', kind: 'Table', plural: 'tables', origin: 'crd'}])
    })
  })

  describe('controller Deployments (Helm-rendered)', () => {
    const cases: Array<{name: string; env: unknown[]; args: unknown[]; want: Record<string, unknown>}> = [
      {
        name: 'Helm defaults: AWS_REGION and ACK_WATCH_NAMESPACE rendered as `value:` (null) are empty strings',
        env: y('- name: ACK_SYSTEM_NAMESPACE\n  valueFrom:\n    fieldRef:\n      fieldPath: metadata.namespace\n- name: AWS_REGION\n  value: \n- name: ACK_WATCH_NAMESPACE\n  value: \n') as unknown[],
        args: ['--aws-region', '$(AWS_REGION)', '--watch-namespace', '$(ACK_WATCH_NAMESPACE)', '--enable-carm=true'],
        want: {region: '', watchNamespace: '', ackSystemNamespace: 'ack-controllers', enableCARM: 'true'},
      },
      {
        name: 'fieldRef metadata.namespace is the Deployment namespace',
        env: [{name: 'ACK_SYSTEM_NAMESPACE', valueFrom: {fieldRef: {fieldPath: 'metadata.namespace'}}}],
        args: [],
        want: {ackSystemNamespace: 'ack-controllers'},
      },
      {
        name: 'ACK_SYSTEM_NAMESPACE set to an empty value',
        env: [{name: 'ACK_SYSTEM_NAMESPACE', value: ''}],
        args: [],
        want: {ackSystemNamespace: ''},
      },
      {
        name: 'ACK_SYSTEM_NAMESPACE from a Secret is unknown: the default applies',
        env: [{name: 'ACK_SYSTEM_NAMESPACE', valueFrom: {secretKeyRef: {name: 's', key: 'k'}}}],
        args: [],
        want: {ackSystemNamespace: 'ack-system'},
      },
      {
        name: 'env values expand earlier variables; $$ escapes',
        env: [{name: 'R', value: 'eu-west-1'}, {name: 'AWS_REGION', value: '$(R)'}, {name: 'GATES', value: 'IAMRoleSelector=$(ON)'}, {name: 'ON', value: 'true'}, {name: 'LIT', value: '$$(R)'}],
        args: ['--aws-region', '$(AWS_REGION)', '--feature-gates', '$(GATES)', '--watch-namespace', '$(LIT)'],
        want: {region: 'eu-west-1', featureGates: 'IAMRoleSelector=$(ON)', watchNamespace: '$(R)'},
      },
      {
        name: 'a later duplicate env entry wins',
        env: [{name: 'AWS_REGION', value: 'a'}, {name: 'AWS_REGION', value: 'b'}],
        args: [],
        want: {region: 'b'},
      },
      {
        name: '--enable-carm false (space form) keeps CARM on',
        env: [{name: 'AWS_REGION', value: 'us-east-1'}],
        args: ['--enable-carm', 'false'],
        want: {enableCARM: 'true'},
      },
    ]
    for (const c of cases) {
      it(c.name, () => {
        const s = snap(deployment(c.env, c.args))
        assert.equal(s.controllers.length, 1)
        const [controller] = s.controllers
        assert.equal(controller.serviceAlias, 's3')
        for (const [k, v] of Object.entries(c.want)) assert.deepEqual(controller.settings[k as keyof typeof controller.settings], v, k)
      })
    }
    it('envFrom: a ConfigMap of the input fills the environment (prefix, env entries win, $(VAR) sees it); one not in the input leaves the settings unknown', () => {
      const d = deployment([{name: 'ENABLE_CARM', value: '$(X_CARM)'}, {name: 'X_REGION', value: 'eu-west-1'}], ['--aws-region', '$(X_REGION)', '--enable-carm=$(ENABLE_CARM)', '--feature-gates', '$(X_GATES)'],
        {envFrom: [{configMapRef: {name: 'user-config'}, prefix: 'X_'}]})
      const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'user-config', namespace: 'ack-controllers'}, data: {CARM: 'false', REGION: 'us-west-2', GATES: 'IAMRoleSelector=true'}}
      for (const order of [[cm, d], [d, cm]]) {
        const [controller] = snap(...order).controllers
        assert.deepEqual([controller.settings.enableCARM, controller.settings.region, controller.settings.featureGates], ['false', 'eu-west-1', 'IAMRoleSelector=true'])
        assert.equal(controller.settings.unknown, undefined)
      }
      const [alone] = snap(d).controllers
      assert.deepEqual([alone.settings.enableCARM, alone.settings.region, alone.settings.featureGates], ['true', 'eu-west-1', ''])
      assert.deepEqual(Object.keys(alone.settings.unknown ?? {}).sort(), ['enableCARM', 'featureGates'])
      assert.equal(alone.settings.unknown?.enableCARM.source, 'ConfigMap ack-controllers/user-config (envFrom), which the input does not hold')
    })
    it('valueFrom: configMapKeyRef is read from the input; secretKeyRef and other fields are set at run time', () => {
      const d = deployment([
        {name: 'CARM', valueFrom: {configMapKeyRef: {name: 'settings', key: 'carm'}}},
        {name: 'WATCH', valueFrom: {secretKeyRef: {name: 'secret', key: 'watch'}}},
      ], ['--enable-carm=$(CARM)', '--watch-namespace', '$(WATCH)'])
      const cm = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'ack-controllers'}, data: {carm: 'false'}}
      const [controller] = snap(d, cm).controllers
      assert.equal(controller.settings.enableCARM, 'false')
      assert.deepEqual(controller.settings.unknown, {watchNamespace: {via: '$(WATCH)', source: 'Secret ack-controllers/secret key watch'}})
    })
    it('the IRSA role of its ServiceAccount is attached, wherever the ServiceAccount appears in the input', () => {
      const s = snap(deployment([], []), {apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'ack-s3-controller', namespace: 'ack-controllers', annotations: {'eks.amazonaws.com/role-arn': 'arn:aws:iam::999999999999:role/ack-s3'}}})
      assert.equal(s.controllers[0].roleARN, 'arn:aws:iam::999999999999:role/ack-s3')
    })
    const images: Array<[string, string | undefined]> = [
      ['public.ecr.aws/aws-controllers-k8s/s3-controller:1.1.1', 's3'],
      ['public.ecr.aws/aws-controllers-k8s/dynamodb-controller@sha256:abc', 'dynamodb'],
      ['123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror/aws-controllers-k8s/elasticache-controller', 'elasticache'],
      ['public.ecr.aws/aws-controllers-k8s/s3-controller-debug:1', undefined],
      ['nginx:1.27', undefined],
      // A private mirror under another path: the chart's ./bin/controller marks the container as ACK's.
      ['registry.example.com/mirror/s3-controller:1.4.0', 's3'],
      ['registry.example.com:5000/ack/sagemaker-controller@sha256:abc', 'sagemaker'],
    ]
    it('an image renamed altogether is named by the chart\'s label app.kubernetes.io/name (s3-chart)', () => {
      const d = deployment([], [])
      ;(d.spec.template.spec.containers[1] as {image: string}).image = 'registry.example.com/platform/ack-storage:7'
      assert.deepEqual(snap(d).controllers, [], 'no label: not recognised')
      ;(d.metadata as Record<string, unknown>).labels = {'app.kubernetes.io/name': 's3-chart'}
      assert.deepEqual(snap(d).controllers.map((c) => c.serviceAlias), ['s3'])
    })
    it('another project\'s controller image is not taken for ACK\'s without the chart\'s command or ACK_SYSTEM_NAMESPACE', () => {
      const d = deployment([], [])
      d.spec.template.spec.containers[1] = {name: 'controller', image: 'public.ecr.aws/eks/aws-load-balancer-controller:v2.7.1', args: ['--cluster-name=prod'], env: []} as never
      assert.deepEqual(snap(d).controllers, [])
      ;(d.spec.template.spec.containers[1] as {env: unknown[]}).env = [{name: 'ACK_SYSTEM_NAMESPACE', value: 'ack-system'}]
      assert.deepEqual(snap(d).controllers.map((c) => c.serviceAlias), ['aws-load-balancer'], 'ACK_SYSTEM_NAMESPACE is the chart\'s mark')
    })
    for (const [image, alias] of images) {
      it(`image ${image} -> ${alias ?? 'not a controller'}`, () => {
        const d = deployment([], [])
        ;(d.spec.template.spec.containers[1] as {image: string}).image = image
        assert.deepEqual(snap(d).controllers.map((c) => c.serviceAlias), alias ? [alias] : [])
      })
    }
  })

  it('splitApiVersion', () => {
    assert.deepEqual(splitApiVersion('v1'), {group: '', version: 'v1', apiVersion: 'v1'})
    assert.deepEqual(splitApiVersion('s3.services.k8s.aws/v1alpha1'), {group: 's3.services.k8s.aws', version: 'v1alpha1', apiVersion: 's3.services.k8s.aws/v1alpha1'})
    // One object per API version, so every resource of it shares the same strings.
    assert.equal(splitApiVersion(`s3.services.k8s.aws/${'v1alpha1'}`), splitApiVersion('s3.services.k8s.aws/v1alpha1'))
  })
})
