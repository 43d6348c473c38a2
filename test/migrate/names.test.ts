import {strict as assert} from 'node:assert'

import {isDns1123Subdomain, labelKeyProblem, roleName, roleStems, shortHash, slugify, uniqueNames} from '../../src/migrate/names.js'
import {mergeGates, targetGateValues, targetSettings} from '../../src/migrate/target.js'
import {defaultSettings, validateController} from '../../src/ack/controller.js'

describe('migrate-carm naming', () => {
  const roles: Array<[string, string]> = [
    ['arn:aws:iam::111122223333:role/ack-admin', 'ack-admin'],
    ['arn:aws:iam::111122223333:role/teams/payments/Payments_Writer', 'Payments_Writer'],
    ['arn:aws:iam::111122223333:role/../../etc/passwd', 'passwd'],
    ['arn:aws:s3:::my-bucket', 'my-bucket'],
    ['arn:aws:iam::111122223333:role/', 'role'],
  ]
  for (const [arn, name] of roles) {
    it(`role name of ${arn} is ${name}`, () => assert.equal(roleName(arn), name))
  }

  const slugs: Array<[string, string]> = [
    ['Payments_Writer', 'payments-writer'], ['..', ''], ['$(touch x)', 'touch-x'], ['--a--b--', 'a-b'], ['Ünïcode role', 'n-code-role'],
  ]
  for (const [text, slug] of slugs) {
    it(`slugify(${JSON.stringify(text)}) = ${JSON.stringify(slug)}`, () => assert.equal(slugify(text), slug))
  }

  it('keeps role names readable and adds the account only where two accounts share a name', () => {
    const stems = roleStems(['arn:aws:iam::111111111111:role/admin', 'arn:aws:iam::222222222222:role/admin', 'arn:aws:iam::111111111111:role/web'])
    assert.deepEqual([...stems.values()].sort(), ['admin-111111111111', 'admin-222222222222', 'web'])
  })

  it('keeps a unique stem, and hashes stems that collide or are taken, deterministically and within 63 characters', () => {
    const wanted = [{key: 'a', stem: 'admin'}, {key: 'b', stem: 'admin'}, {key: 'c', stem: 'web'}, {key: 'd', stem: 'x'.repeat(80)}, {key: 'e', stem: 'plan'}]
    const names = uniqueNames(wanted, new Set(['plan']))
    assert.equal(names.get('c'), 'web')
    assert.match(names.get('a')!, /^admin-[a-z0-9]{6}$/)
    assert.notEqual(names.get('a'), names.get('b'))
    assert.match(names.get('e')!, /^plan-[a-z0-9]{6}$/)
    for (const n of names.values()) assert.ok(isDns1123Subdomain(n) && n.length <= 63, n)
    assert.deepEqual([...uniqueNames([...wanted].reverse(), new Set(['plan']))].sort(), [...names].sort())
  })

  it('hashes are short, stable and spread', () => {
    assert.equal(shortHash('abc'), shortHash('abc'))
    assert.equal(shortHash('abc').length, 6)
    assert.equal(new Set(Array.from({length: 2000}, (_, i) => shortHash(`k${i}`))).size, 2000)
  })

  const keys: Array<[string, boolean]> = [
    ['ackctl.io/iam-role', true], ['team', true], ['example.com/a.b_c-d', true], ['Bad Key/x', false], ['/x', false],
    ['a/', false], ['a/-x', false], ['kubernetes.io/metadata.name', false], [`a/${'x'.repeat(64)}`, false],
  ]
  for (const [key, ok] of keys) {
    it(`label key ${JSON.stringify(key)} is ${ok ? 'accepted' : 'refused'}`, () => assert.equal(labelKeyProblem(key) === undefined, ok))
  }
})

describe('migrate-carm target settings', () => {
  const gates: Array<[string, string]> = [
    ['', 'IAMRoleSelector=true'],
    ['TeamLevelCARM=true', 'TeamLevelCARM=true,IAMRoleSelector=true'],
    ['IAMRoleSelector=false,ServiceLevelCARM=true', 'ServiceLevelCARM=true,IAMRoleSelector=true'],
    [' IAMRoleSelector = false , ResourceAdoption=true ', 'ResourceAdoption=true,IAMRoleSelector=true'],
  ]
  for (const [raw, merged] of gates) {
    it(`--feature-gates=${JSON.stringify(raw)} becomes ${merged}`, () => assert.equal(mergeGates(raw), merged))
  }

  it('gives a controller that starts with IAMRoleSelector on and CARM off', () => {
    const settings = {...defaultSettings('s3'), region: 'us-west-2', featureGates: 'TeamLevelCARM=true,IAMRoleSelector=false'}
    const config = validateController(targetSettings(settings))
    assert.equal(config.startupError, undefined)
    assert.equal(config.irsRunning, true)
    assert.equal(config.carmRunning, false)
    assert.deepEqual(targetGateValues(settings), {IAMRoleSelector: true, TeamLevelCARM: true})
  })
})
