// The `ip` command (iproute2 on nodes and nsenter'd pods, busybox's applet in busybox pods):
// global options as ip.c reads them (each a prefix of its long name: -br, -j, -4 …), then the
// object (`a`, `addr`, `r`, `ro`, `n`, `l` … by prefix, in ip.c's table order) and its verb.
// Supported: addr|link [show [dev] IF], route [show], route get ADDR, neigh [show [dev] IF],
// with -4/-6/-0/-f, -br, -j [-p], -o; busybox accepts only -4/-6/-0/-f/-o, as its applet does.

import { ConfigError } from '../errors.ts';
import type { Iface, Route } from '../cluster/types.ts';
import { renderIpAddr, renderIpLink, headerLine, linkLine, hasFamily, type Family, type ToolFormat } from './ipaddr.ts';
import { jsonLinks, renderBrief, type NetnsIds } from './iplinkExtra.ts';
import { ipJson } from './ipjson.ts';
import { jsonNeigh, renderIpNeigh } from './neigh.ts';
import type { NeighEntry } from '../pod/neighTable.ts';
import { jsonRouteGet, parseRouteGetAddr, renderRouteGet, routeGet } from './routeGet.ts';
import { jsonRoutes, renderIpRoute } from './routes.ts';
import { cidrContains, formatIp4, parseCidr, type Cidr } from '../net/addr.ts';

export interface IpHost {
  ifaces: readonly Iface[];
  routes: readonly Route[];
  neigh: readonly NeighEntry[];
  fmt: ToolFormat;
  netnsid: NetnsIds;
}

export interface IpResult {
  stdout: string;
  stderr: string;
  code: number;
}

interface Opts {
  family: Family | 'link';
  brief: boolean;
  json: boolean;
  pretty: boolean;
  oneline: boolean;
}

/** iproute2's matches(): `word` is a non-empty prefix of `full`. */
const matches = (word: string, full: string): boolean => word.length > 0 && full.startsWith(word);

const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'tunnel', 'tuntap', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'stats'];

function bad(what: string, args: readonly string[]): ConfigError {
  return new ConfigError('ip', what, ['ip', ...args].join(' '));
}

function parseOpts(args: string[], fmt: ToolFormat, all: readonly string[]): { o: Opts; rest: string[] } {
  const o: Opts = { family: 'all', brief: false, json: false, pretty: false, oneline: false };
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const opt = args[i].replace(/^--?/, '-');
    const f = (v: string | undefined) => {
      if (v === 'inet' || v === 'ipv4') o.family = 'inet';
      else if (v === 'inet6' || v === 'ipv6') o.family = 'inet6';
      else if (v === 'link') o.family = 'link';
      else throw bad(`-f: family must be inet, inet6 or link`, all);
    };
    if (opt === '-4') o.family = 'inet';
    else if (opt === '-6') o.family = 'inet6';
    else if (opt === '-0') o.family = 'link';
    else if (matches(opt, '-family')) f(args[++i]);
    else if (matches(opt, '-oneline')) o.oneline = true;
    else if (fmt === 'busybox') throw bad(`busybox's ip has no ${args[i]} (its options: -4, -6, -0, -f FAMILY, -o)`, all);
    else if (opt.length >= 3 && matches(opt, '-brief')) o.brief = true;
    else if (matches(opt, '-json')) o.json = true;
    else if (matches(opt, '-pretty')) o.pretty = true;
    else if (matches(opt, '-color') || matches(opt, '-Numeric') || matches(opt, '-human-readable') || matches(opt, '-iec') || matches(opt, '-resolve')) continue;
    else if (matches(opt, '-details') || matches(opt, '-statistics') || matches(opt, '-stats')) throw bad(`${args[i]} is not simulated (no driver details or counters)`, all);
    else throw bad(`option ${args[i]} is not simulated (supported: -4, -6, -0, -f, -br, -j, -p, -o)`, all);
  }
  return { o, rest: args.slice(i) };
}

/** `[show|list|lst|ls] [dev] IF` → the device, or throws. */
function showDev(words: string[], all: readonly string[]): string | undefined {
  let w = words;
  if (w.length > 0 && (matches(w[0], 'show') || matches(w[0], 'list') || w[0] === 'lst' || w[0] === 'ls')) w = w.slice(1);
  if (w[0] === 'dev') {
    if (w.length !== 2) throw bad('usage: show [dev] IFNAME', all);
    return w[1];
  }
  if (w.length > 1 || (w.length === 1 && ['up', 'scope', 'to', 'label', 'table', 'type', 'master'].includes(w[0]))) {
    throw bad(`these ${all[0] === 'ip' ? '' : ''}arguments are not simulated (supported: show [dev] IFNAME)`, all);
  }
  return w[0];
}

/** ipneigh.c's `show [dev IF] [[to] PREFIX]`: a bare word is the address prefix, not a device. */
function neighFilter(words: string[], all: readonly string[]): { dev?: string; to?: Cidr } {
  let w = words;
  if (w.length > 0 && (matches(w[0], 'show') || matches(w[0], 'list') || w[0] === 'lst' || w[0] === 'ls')) w = w.slice(1);
  const f: { dev?: string; to?: Cidr } = {};
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 'dev' && i + 1 < w.length) f.dev = w[++i];
    else {
      const word = w[i] === 'to' && i + 1 < w.length ? w[++i] : w[i];
      const to = parseCidr(word.includes('/') ? word : `${word}/32`, false);
      if (to === null) throw bad(`these arguments are not simulated (supported: show [dev IFNAME] [[to] PREFIX]): ${word}`, all);
      f.to = to;
    }
  }
  return f;
}

function noDevice(dev: string, fmt: ToolFormat): IpResult {
  return { stdout: '', stderr: fmt === 'busybox' ? `ip: can't find device '${dev}'\n` : `Device "${dev}" does not exist.\n`, code: 1 };
}

const ok = (stdout: string): IpResult => ({ stdout, stderr: '', code: 0 });

export function ipCommand(h: IpHost, args: string[]): IpResult {
  const all = args;
  const { o, rest } = parseOpts(args, h.fmt, all);
  const [objWord, ...words] = rest;
  const obj = objWord === undefined ? undefined : OBJECTS.find((x) => matches(objWord, x));
  if (o.pretty && !o.json) o.pretty = false; // -p alone changes nothing
  const out = (text: () => string, json: () => Parameters<typeof ipJson>[0]): IpResult => ok(o.json ? ipJson(json(), o.pretty) : text());

  if (obj === 'address' || obj === 'link') {
    const dev = showDev(words, all);
    if (dev !== undefined && !h.ifaces.some((i) => i.name === dev)) return noDevice(dev, h.fmt);
    const what = obj === 'link' || o.family === 'link' ? 'link' : 'addr';
    const family: Family = o.family === 'link' ? 'all' : o.family;
    if (o.brief && !o.json) return ok(renderBrief(h.ifaces, what, family, dev));
    if (o.oneline && !o.json) return ok(oneline(h, what, family, dev));
    return out(
      () => (what === 'link' ? renderIpLink(h.ifaces, h.fmt, dev) : renderIpAddr(h.ifaces, h.fmt, dev, family)),
      () => jsonLinks(h.ifaces, what, family, h.netnsid, dev),
    );
  }
  if (obj === 'route') {
    if (o.family === 'inet6') throw bad('IPv6 routes are not simulated (the model has IPv4 routes only)', all);
    if (words[0] !== undefined && matches(words[0], 'get')) {
      if (words.length !== 2) throw bad('usage: ip route get ADDRESS (from, iif, oif, mark are not simulated)', all);
      const dst = parseRouteGetAddr(words[1]);
      if (dst === null) throw bad(`not an IPv4 address: ${words[1]}`, all);
      const r = routeGet(h.ifaces, h.routes, dst);
      if (!r.ok) return { stdout: '', stderr: `${h.fmt === 'busybox' ? 'ip: ' : ''}RTNETLINK answers: ${r.errno}\n`, code: h.fmt === 'busybox' ? 1 : 2 };
      return out(() => renderRouteGet(r.answer, h.fmt), () => jsonRouteGet(r.answer));
    }
    if (words.length > 1 || (words.length === 1 && !(matches(words[0], 'show') || matches(words[0], 'list')))) {
      throw bad('supported: ip route [show], ip route get ADDRESS', all);
    }
    return out(() => renderIpRoute(h.routes), () => jsonRoutes(h.routes));
  }
  if (obj === 'neighbor' || obj === 'neighbour') {
    if (o.family === 'inet6') return out(() => '', () => []); // no IPv6 neighbours are simulated (no IPv6 traffic)
    const verb = words[0];
    if (verb !== undefined && !(matches(verb, 'show') || matches(verb, 'list') || verb === 'lst' || verb === 'ls')) {
      if (['add', 'delete', 'change', 'replace', 'flush', 'get'].some((v) => matches(verb, v))) throw bad(`ip neigh ${verb} is not simulated (the tables are Felix's and the kernel's)`, all);
      return { stdout: '', stderr: `Command "${verb}" is unknown, try "ip neigh help".\n`, code: 255 };
    }
    const { dev, to } = neighFilter(words, all);
    if (dev !== undefined && !h.ifaces.some((i) => i.name === dev)) return noDevice(dev, h.fmt);
    const entries = h.neigh.filter((e) => (dev === undefined || e.dev === dev) && (to === undefined || cidrContains(to, e.ip)));
    return out(() => renderIpNeigh(entries, h.fmt, dev === undefined), () => jsonNeigh(entries, dev === undefined));
  }
  if (obj === undefined && objWord !== undefined) {
    return { stdout: '', stderr: `Object "${objWord}" is unknown, try "ip help".\n`, code: 1 };
  }
  throw bad(objWord === undefined ? 'usage: ip [OPTIONS] addr|link|route|neigh …' : `ip ${obj} is not simulated (supported: addr, link, route, route get, neigh)`, all);
}

/** `ip -o addr|link`: each record on one line, continuation lines joined with a backslash. */
function oneline(h: IpHost, what: 'addr' | 'link', family: Family, dev?: string): string {
  const list = h.ifaces.filter((i) => (dev === undefined || i.name === dev) && (what === 'link' || hasFamily(i, family)));
  const lines: string[] = [];
  for (const i of list) {
    if (what === 'link') {
      lines.push(`${headerLine(i, h.ifaces, h.fmt, { link: true })}\\${linkLine(i, h.fmt)}`);
      continue;
    }
    const life = '\\       valid_lft forever preferred_lft forever';
    if (family !== 'inet6') {
      for (const a of i.addrs) {
        const brd = a.brd !== undefined ? ` brd ${formatIp4(a.brd)}` : '';
        lines.push(`${i.ifindex}: ${i.name}    inet ${formatIp4(a.ip)}/${a.len}${brd} scope ${a.scope}${a.noprefixroute ? ' noprefixroute' : ''} ${i.name}${life}`);
      }
    }
    if (family !== 'inet') {
      for (const a of i.addrs6 ?? []) lines.push(`${i.ifindex}: ${i.name}    inet6 ${a.addr}/${a.len} scope ${a.scope} ${a.noprefixroute ? 'noprefixroute ' : ''}${life}`);
    }
  }
  return lines.map((l) => l + '\n').join('');
}
