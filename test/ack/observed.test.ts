import assert from 'node:assert/strict'

import {formatObserved, observe} from '../../src/ack/observed.js'
import type {AckResourceObject, Condition, Resolution} from '../../src/core/types.js'

const ROLE_A = 'arn:aws:iam::333333333333:role/a'
const ROLE_B = 'arn:aws:iam::444444444444:role/b'
const selected = (arn: string, name: string, rv: string): Condition =>
  ({type: 'ACK.IAMRoleSelected', status: 'True', message: 'Selected', reason: `roleARN: ${arn}, selectorName: ${name}, selectorResourceVersion: ${rv}`})
const synced: Condition = {type: 'ACK.ResourceSynced', status: 'True'}
const unavailable = (reason: string): Condition => ({type: 'ACK.ResourceSynced', status: 'False', message: 'IAM Role is not available', reason})
const CARM_ERROR = 'retrieving role ARN for account/team ID "222222222222" from "ack-role-account-map" configmap: key not found in CARM configmap'

function resource(conditions: Condition[], ownerAccountID?: string): AckResourceObject {
  return {
    apiVersion: 's3.services.k8s.aws/v1alpha1', group: 's3.services.k8s.aws', version: 'v1alpha1', kind: 'Bucket',
    name: 'receipts', namespace: 'payments', labels: {}, annotations: {},
    status: ownerAccountID === undefined ? null : {ownerAccountID}, hasReferences: false, conditions,
  }
}

function viaSelector(arn: string, name: string, rv: string, type = 'ACK.IAMRoleSelected'): Resolution {
  return {
    outcome: 'ASSUME_ROLE', roleARN: arn, accountID: arn.split(':')[4], source: 'iamroleselector', selector: name, region: 'us-east-1', endpoint: '', trace: [],
    conditions: [{type, status: 'True', message: 'Selected', reason: `roleARN: ${arn}, selectorName: ${name}, selectorResourceVersion: ${rv}`}],
  }
}
const DEFAULT: Resolution = {outcome: 'DEFAULT_CREDENTIALS', roleARN: '', accountID: '111111111111', source: 'none', region: 'us-east-1', endpoint: '', trace: []}
const REQUEUE: Resolution = {...DEFAULT, accountID: '222222222222', outcome: 'REQUEUE_IAM_ROLE_UNAVAILABLE', error: CARM_ERROR, requeueAfterSeconds: 15}
const CONFLICT: Resolution = {...DEFAULT, outcome: 'RECONCILE_ERROR', error: 'multiple (2) matching IAMRoleSelectors found', conflictingSelectors: ['a', 'b']}
const CARM: Resolution = {...DEFAULT, outcome: 'ASSUME_ROLE', roleARN: 'arn:aws:iam::222222222222:role/carm', accountID: '222222222222', source: 'carm-account'}

interface Case {
  name: string
  resource: AckResourceObject
  predicted: Resolution
  state: string
  agreement: string
  rules: string[]
  cell: string
}

const CASES: Case[] = [
  {name: 'no status: nothing to compare', resource: resource([]), predicted: viaSelector(ROLE_A, 'a', '7'),
    state: 'unknown', agreement: 'unknown', rules: [], cell: '-'},
  {name: 'the selector the prediction names, same resourceVersion', resource: resource([selected(ROLE_A, 'a', '7'), synced]), predicted: viaSelector(ROLE_A, 'a', '7'),
    state: 'role-selected', agreement: 'agrees', rules: [], cell: '= a@7'},
  {name: 'the docs\' variant: the text in message', resource: resource([{type: 'ACK.IAMRoleSelected', status: 'True', reason: 'Selected', message: `roleARN: ${ROLE_A}, selectorName: a, selectorResourceVersion: 7`}]),
    predicted: viaSelector(ROLE_A, 'a', '7'), state: 'role-selected', agreement: 'agrees', rules: [], cell: '= a@7'},
  {name: 'the runtime overwrote ACK.ReferencesResolved (resources with references)',
    resource: {...resource([{...selected(ROLE_A, 'a', '7'), type: 'ACK.ReferencesResolved'}]), hasReferences: true},
    predicted: viaSelector(ROLE_A, 'a', '7', 'ACK.ReferencesResolved'), state: 'role-selected', agreement: 'agrees', rules: [], cell: '= a@7'},
  {name: 'a stale selector resourceVersion', resource: resource([selected(ROLE_A, 'a', '5')]), predicted: viaSelector(ROLE_A, 'a', '7'),
    state: 'role-selected', agreement: 'differs', rules: ['observed-stale-selector'], cell: '≠ a@5'},
  {name: 'another selector than predicted', resource: resource([selected(ROLE_B, 'b', '3')]), predicted: viaSelector(ROLE_A, 'a', '7'),
    state: 'role-selected', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ b@3'},
  {name: 'a role nobody intends: no selector matches any more', resource: resource([selected(ROLE_B, 'gone', '3')]), predicted: DEFAULT,
    state: 'role-selected', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ gone@3'},
  {name: 'CARM predicted, but the controller selected by IAMRoleSelector', resource: resource([selected(ROLE_B, 'b', '3')]), predicted: CARM,
    state: 'role-selected', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ b@3'},
  {name: 'a selector the controller never picked up', resource: resource([synced]), predicted: viaSelector(ROLE_A, 'a', '7'),
    state: 'no-selector', agreement: 'differs', rules: ['observed-not-picked-up'], cell: '≠ no selector'},
  {name: 'default credentials, reconciled without a selector', resource: resource([synced]), predicted: DEFAULT,
    state: 'no-selector', agreement: 'agrees', rules: [], cell: '= no selector'},
  {name: 'IAM Role is not available, same reason', resource: resource([unavailable(CARM_ERROR)]), predicted: REQUEUE,
    state: 'role-unavailable', agreement: 'agrees', rules: [], cell: '= role not available'},
  {name: 'IAM Role is not available, with reason and message swapped', resource: resource([{type: 'ACK.ResourceSynced', status: 'False', reason: 'IAM Role is not available', message: CARM_ERROR}]),
    predicted: REQUEUE, state: 'role-unavailable', agreement: 'agrees', rules: [], cell: '= role not available'},
  {name: 'IAM Role is not available, another reason', resource: resource([unavailable(CARM_ERROR.replace('key not found', 'role value is empty'))]), predicted: REQUEUE,
    state: 'role-unavailable', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ role not available'},
  {name: 'the controller says IAM Role is not available, ackctl predicts success', resource: resource([unavailable(CARM_ERROR)]), predicted: CARM,
    state: 'role-unavailable', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ role not available'},
  {name: 'ackctl predicts IAM Role is not available, the controller synced', resource: resource([synced]), predicted: REQUEUE,
    state: 'no-selector', agreement: 'differs', rules: ['observed-role-differs'], cell: '≠ no selector'},
  {name: 'a conflict writes no status: the old selection is stale', resource: resource([selected(ROLE_A, 'a', '7')]), predicted: CONFLICT,
    state: 'role-selected', agreement: 'unknown', rules: ['observed-stale-status'], cell: '? a@7'},
  // The status owner account is also what the engine resolves from (spec §2.3 getOwnerAccountID): a
  // different role account is the account-drift error, never a silent difference.
  {name: 'not reconciled (outside --watch-namespace): its status says nothing about the prediction',
    resource: resource([selected(ROLE_B, 'b', '3')], '999999999999'), predicted: {...DEFAULT, outcome: 'NOT_RECONCILED', error: 'the s3 controller watches only a (--watch-namespace): it never reconciles resources in namespace payments'},
    state: 'role-selected', agreement: 'unknown', rules: [], cell: '? b@3'},
  {name: 'owner account as predicted', resource: resource([synced], '111111111111'), predicted: DEFAULT,
    state: 'no-selector', agreement: 'agrees', rules: [], cell: '= no selector'},
]

describe('observe: predicted versus observed', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const {observed, findings} = observe(c.resource, c.predicted)
      assert.equal(observed.state, c.state)
      assert.equal(observed.agreement, c.agreement)
      assert.deepEqual(findings.map((f) => f.rule), c.rules)
      assert.equal(formatObserved(observed), c.cell)
      for (const f of findings) {
        assert.deepEqual(f.object, {apiVersion: 's3.services.k8s.aws/v1alpha1', kind: 'Bucket', namespace: 'payments', name: 'receipts'})
        assert.ok(f.message.startsWith('Bucket payments/receipts: '), f.message)
      }
    })
  }

  it('names both selectors and the resync rule when the controller used another one', () => {
    const {findings} = observe(resource([selected(ROLE_B, 'b', '3')]), viaSelector(ROLE_A, 'a', '7'))
    assert.equal(findings[0].severity, 'warning')
    assert.equal(findings[0].message, `Bucket payments/receipts: the controller last used selector b (${ROLE_B}), ackctl predicts selector a (${ROLE_A}): the controller re-evaluates selectors only on a spec change, an error requeue, a restart or the periodic resync (10 h by default)`)
  })

  it('keeps what the status says in the summary', () => {
    const {observed} = observe(resource([selected(ROLE_A, 'a', '5')], '333333333333'), viaSelector(ROLE_A, 'a', '7'))
    assert.deepEqual(observed, {
      state: 'role-selected', roleARN: ROLE_A, selector: 'a', selectorResourceVersion: '5', conditionType: 'ACK.IAMRoleSelected',
      ownerAccountID: '333333333333', agreement: 'differs',
    })
  })
})
