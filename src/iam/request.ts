import {parseRoleArn, type RoleArn} from './arn.js'
import {assumeRoleContext, capabilitySessionContext, type CapabilitySession, type RequestContext} from './context.js'
import type {Caller} from './principal.js'
import type {RoleRecord} from './records.js'

/**
 * The caller and request context (with the EKS Capability's session tags when `session` is given) of the sts:AssumeRole ACK makes for one pair. IAM's own view of
 * a role (its ARN with the real path and case, its id and tags) is preferred to the configured ARN.
 * `podIdentityPossible`: the source role was given by the user, so its session may be EKS Pod Identity's.
 */
export function assumeRoleRequest(
  source: RoleArn, sourceRecord: RoleRecord | undefined, target: RoleArn, targetRecord: RoleRecord | undefined, orgId?: string,
  session?: CapabilitySession, podIdentityPossible = false,
): {caller: Caller; context: RequestContext} {
  const reported = sourceRecord ? parseRoleArn(sourceRecord.arn) : undefined
  const role = reported?.ok ? reported.role : source
  const caller: Caller = {role, ...(sourceRecord?.roleId ? {roleId: sourceRecord.roleId} : {})}
  const context = assumeRoleContext(
    {roleArn: role.arn, partition: role.partition, accountId: role.accountId, tags: sourceRecord?.tags, orgId, podIdentityPossible},
    {roleArn: targetRecord?.arn ?? target.arn, accountId: target.accountId, tags: targetRecord?.tags},
  )
  return {caller, context: session ? capabilitySessionContext(context, session) : context}
}
