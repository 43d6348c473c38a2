/** IPv4/IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress condition operators. */

interface Address {
  bits: 32 | 128
  value: bigint
}

/** Dotted IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail) to a number. */
export function parseIp(text: string): Address | undefined {
  if (text.includes(':')) return parseIpv6(text)
  const v4 = parseIpv4(text)
  return v4 === undefined ? undefined : {bits: 32, value: v4}
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined
    value = (value << 8n) | BigInt(Number(p))
  }
  return value
}

function parseIpv6(text: string): Address | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (s: string): bigint[] | undefined => {
    if (s === '') return []
    const out: bigint[] = []
    const items = s.split(':')
    for (const [i, item] of items.entries()) {
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item)
        if (v4 === undefined) return undefined
        out.push(v4 >> 16n, v4 & 0xffffn)
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(BigInt(parseInt(item, 16)))
      } else {
        return undefined
      }
    }
    return out
  }
  const head = groups(halves[0])
  const tail = halves.length === 2 ? groups(halves[1]) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined
  let value = 0n
  for (const g of [...head, ...Array<bigint>(missing).fill(0n), ...tail]) value = (value << 16n) | g
  return {bits: 128, value}
}

/** Whether `ip` lies in `cidr` (`a.b.c.d/n`, `x::/n`, or a single address). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, prefixText] = cidr.split('/')
  const address = parseIp(ip.trim())
  const network = parseIp(base.trim())
  if (!address || !network || address.bits !== network.bits) return false
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return false
  const prefix = prefixText === undefined ? network.bits : Number(prefixText)
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > network.bits) return false
  const shift = BigInt(network.bits - prefix)
  return address.value >> shift === network.value >> shift
}
