/** Colour functions handed to renderers, so renderers stay pure and colour is decided by the command. */
export interface Paint {
  ok: (s: string) => string
  warn: (s: string) => string
  bad: (s: string) => string
  dim: (s: string) => string
  bold: (s: string) => string
}

const same = (s: string) => s
export const NO_PAINT: Paint = {ok: same, warn: same, bad: same, dim: same, bold: same}
