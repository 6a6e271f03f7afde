/**
 * Before every test file. cdktf records a full creation stack trace for every token (thousands per
 * stack), by reading `stack` off a plain object after `Error.captureStackTrace`. Under jest every
 * such read goes through jest's source-map-aware `Error.prepareStackTrace`, which maps each frame of
 * an unbounded trace through the source maps: building stacks in tests ran about ten times slower
 * than under node. Traces of real errors keep jest's formatting (with source positions mapped); a
 * trace captured on anything that is not an Error (what cdktf records) is formatted by V8's plain
 * call-site text instead. cdktf itself runs as shipped: no patch of cdktf applies under jest (the
 * entry points' patches, cli/patches/, are for `itsm-scale` and `cdktf synth` only).
 */
import { Testing } from 'cdktf';

const mapped = Error.prepareStackTrace;
Error.prepareStackTrace = (target: unknown, callSites: NodeJS.CallSite[]): unknown => {
  if (mapped !== undefined && Object.prototype.toString.call(target) === '[object Error]') return mapped(target as Error, callSites);
  const header = target instanceof Object && 'name' in target ? String((target as { name: unknown }).name) : 'Trace';
  return [header, ...callSites.map((site) => `    at ${String(site)}`)].join('\n');
};

Testing.setupJest();
