/**
 * The name Terraform will give a target group whose synthesized `name` is LoadBalancer's
 * `<head>-${substr(sha1(join(":", [...])), 0, 4)}` with literal arguments: what the plan shows.
 */
import { createHash } from 'node:crypto';

const EXPRESSION = /^(.*)-\$\{substr\(sha1\(join\(":", \[(.*)\]\)\), 0, (\d+)\)\}$/;

export function plannedTargetGroupName(name: unknown): string {
  const match = typeof name === 'string' ? EXPRESSION.exec(name) : null;
  if (!match) throw new Error(`not a target group name expression with literal arguments: ${String(name)}`);
  const parts = JSON.parse(`[${match[2]!}]`) as string[];
  return `${match[1]!}-${createHash('sha1').update(parts.join(':')).digest('hex').slice(0, Number(match[3]))}`;
}
