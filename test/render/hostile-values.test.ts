/**
 * Issue 12's property: for EVERY string-valued property of the grammar (found by walking the grammar, so a
 * new one without a slot here fails), every value of a hostile corpus either raises a validation error on
 * that property, or the file validates, renders, the real checkers accept the artefacts, and their
 * structure parsed back (keepalived blocks, FRR lines, HAProxy sections, WireGuard keys, YAML documents) is
 * exactly the structure of the same topology with the plain value. The corpus: line breaks in every escape
 * form, `{ } ; # ! " ' $( ) \` |`, NUL and other control characters, 300-byte values, non-ASCII, a leading
 * `-`. The real checkers run once on the plain artefacts and on every artefact a hostile value changed.
 * A value written unquoted where the grammar allows a string is not one token: there a syntax error anywhere
 * in the file is the refusal.
 */
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { AstUtils, GrammarAST, GrammarUtils, type Grammar } from 'langium';
import { afterAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { RenderedFile } from '../../src/render/render-types.js';
import { renderTopology } from '../../src/render/render-topology.js';
import {
    checkFrrConfig,
    checkHaproxyConfig,
    checkKeepalivedConfig,
    checkManifest,
    checkWireguardConfig,
    DEFAULT_CRD_DIR,
    FRR_CHECKER_PREREQUISITES,
    HAPROXY_CHECKER_PREREQUISITES,
    KEEPALIVED_CHECKER_PREREQUISITES,
    toolGate,
    WIREGUARD_CHECKER_PREREQUISITES,
    type CheckResult
} from '../support/checkers/index.js';
import { bgptopo, codeOf, validate } from '../support/bgptopo-test-services.js';
import { fakePublicKey, testOptions } from './render-fixtures.js';

/**
 * How a slot's value is written: `string` slots take a quoted string (IfName, UserName, SshHost, STRING),
 * `name` slots an unquoted name (ID), `lexical` slots a literal or keyword the lexer restricts.
 */
type SlotKind = 'string' | 'name' | 'lexical';

const KIND: Record<string, SlotKind> = {};
const slot = (id: string, kind: SlotKind, plain: string): string => {
    KIND[id] = kind;
    return `⟦${id}=${plain}⟧`;
};
const s = (id: string, plain: string) => slot(id, 'string', plain);
const n = (id: string, plain: string) => slot(id, 'name', plain);
const l = (id: string, plain: string) => slot(id, 'lexical', plain);

/** One topology holding every string-valued property in a slot; with plain values it renders every kind of file. */
const TEMPLATE = `topology ${n('Topology.name', 'dc1')}

defaults {
  ssh user ${s('DefaultSsh.user', 'ops')}  identity ${s('DefaultSsh.identity', '"~/.ssh/id_ed25519"')}  known-hosts ${s('DefaultSsh.knownHosts', '"~/.ssh/known_hosts"')}
  ssh jump ops@bastion
  interface ${s('Defaults.interface', 'eth0')}
}

network ${n('Network.name', 'dc')} ${l('Network.prefix', '198.51.100.0/24')} { role ${l('Network.role', 'underlay')}  interface ${s('Network.interface', 'eth0')} }
network vpn      10.99.0.0/24     { role vpn  interface wg99 }
network fabric   10.0.0.0/16
network pods     10.244.0.0/16    { role pod }
network services 10.96.0.0/12     { role service }
network pods2    10.245.0.0/16    { role pod }
network services2 10.112.0.0/12   { role service }
network lbpool   203.0.113.0/24   { role loadbalancer  range ${l('AddressRange.start', '203.0.113.10')}-${l('AddressRange.end', '203.0.113.20')}  namespaces ${s('PoolOptions.namespaces', 'shop')} }
network lbpool2  192.168.200.0/24 { role loadbalancer }

router ${n('Router.name', 'r1')} {
  asn ${l('Router.asn', '65000')}  router-id ${l('Router.routerId', '198.51.100.1')}
  address ${l('HostAddress.value', '198.51.100.1')}  address 10.99.0.1
  ssh ${s('SshTarget.user', 'ops')}@${s('SshTarget.host', '"r1.example.net"')}
  neighbor ${l('Neighbor.prefix', '198.51.100.0/24')} remote-as ${l('Neighbor.asn', '65010')}
  neighbor tor { unnumbered swp2 }
}
router r2 {
  asn 65000  address 198.51.100.2  address 10.99.0.2
  neighbor 198.51.100.0/24 remote-as ${l('Neighbor.kind', 'external')}
  upstream ${l('Upstream.address', '198.51.100.254')} remote-as ${l('Upstream.asn', '65100')} {
    hold ${l('UpstreamOptions.hold', '9s')}  keepalive ${l('UpstreamOptions.keepalive', '3s')}  connect-retry ${l('UpstreamOptions.connectRetry', '5s')}
    announce ${l('AnnounceItem.kind', 'network')} dc  accept ${l('Accept.prefixes', '10.0.0.0/8')}
  }
  upstream 198.51.100.253 remote-as 65101 { accept ${l('Accept.kind', 'default')} }
}
router tor { asn 65000  address 10.0.0.1  loopback ${l('Router.loopbacks', '10.0.0.250')}  route-reflector cluster-id ${l('RouteReflector.clusterId', '10.0.0.250')}
  neighbor r1 { unnumbered ${s('RouterNeighborOptions.unnumbered', 'swp1')}  hold ${l('RouterNeighborOptions.hold', '9s')}  keepalive ${l('RouterNeighborOptions.keepalive', '3s')}  connect-retry ${l('RouterNeighborOptions.connectRetry', '5s')} }
}

loadbalancer lb1 { address 198.51.100.11 }
loadbalancer ${n('LoadBalancer.name', 'lb2')} { address 198.51.100.12 }

vip ${n('Vip.name', 'gw')} ${l('Vip.address', '198.51.100.250')} {
  ${l('VipMechanism.kind', 'keepalived')} vrid 51 advert ${l('Vip.advert', '1s')}
  holders r1 priority 150, r2 priority 100
  interface ${s('Vip.interface', 'eth0')}
}
vip api 198.51.100.100 {
  keepalived vrid 52
  holders lb1 priority 150, lb2 priority 100
  health-check tcp 6443 every ${l('HealthCheck.interval', '2s')}
  frontend 6443 -> control-plane of k8s port 6443
}
vip kapi 192.168.1.100 {
  kube-vip ${l('VipMechanism.mode', 'bgp')}
  holders control-plane of prod
  health-check tcp 6443 every 5s
}

cluster ${n('Cluster.name', 'k8s')} {
  pod-network pods
  service-network services
  cni ${l('Cni.kind', 'calico')} { encapsulation ${l('Cni.encapsulation', 'ipip')}  mtu 1400 }
  ${l('MetallbSpeaker.kind', 'metallb')} {
    asn ${l('PeerOptions.asn', '65010')}
    peers r1
    peer r2 {
      speakers ${s('LabelTerm.key', 'rack')}${l('LabelTerm.operator', '=')}${s('LabelTerm.value', 'a')}
      connect-retry ${l('PeerOptions.connectRetry', '5s')}
      bfd { receive ${l('Bfd.receive', '300ms')}  transmit ${l('Bfd.transmit', '300ms')} }
      families ${l('Families.families', 'ipv4')} over ${l('Families.over', 'ipv4')}
    }
    pool lbpool
    speakers ${l('SelectorItem.group', 'workers')}
    password secret ${s('Password.value', '"k8s-metallb-bgp"')}
    hold ${l('PeerOptions.hold', '9s')}  keepalive ${l('PeerOptions.keepalive', '3s')}
  }
  ${l('CalicoSpeaker.kind', 'calico-bgp')} { asn 65010  peers tor  node-mesh ${l('CalicoSpeaker.nodeMesh', 'on')}  advertise pod-cidrs }
  node cp1 control-plane { address 198.51.100.21 }
  node cp2 control-plane { address 198.51.100.22 }
  node cp3 control-plane { address 198.51.100.23 }
  node ${n('Node.name', 'w1')} ${l('Node.role', 'worker')} { address 198.51.100.31  pod-cidr ${l('Node.podCidrs', '10.244.1.0/24')}  router-id ${l('Node.routerId', '198.51.100.31')}  labels ${s('Label.key', 'rack')}=${s('Label.value', 'a')} }
  node w2 worker { address 198.51.100.32  hostname ${s('Node.hostname', '"w2.example.net"')} }
}

cluster prod {
  pod-network pods2
  service-network services2
  cni cilium
  ${l('KubeVipSpeaker.kind', 'kube-vip')} { asn 65001  peers tor  vip kapi  source address 2 }
  ${l('CiliumSpeaker.kind', 'cilium-bgp')} { asn 65002  peers tor  graceful-restart restart-time ${l('GracefulRestart.restartTime', '120s')}  advertise ${l('Advertisement.kind', 'pod-cidrs')}, pool lbpool2 { communities ${l('AdvertiseOptions.communities', '65002:100')} }  source interface ${s('SourceSelector.interface', 'eth1')} }
  node cp4 control-plane { address 10.0.1.5  address 10.0.2.5  pod-cidr 10.245.1.0/24 }
  node cp5 control-plane { address 10.0.1.6  address 10.0.2.6  pod-cidr 10.245.2.0/24 }
  node cp6 control-plane { address 10.0.1.7  address 10.0.2.7  pod-cidr 10.245.3.0/24 }
}

wireguard ${n('WireGuard.name', 'wg99')} {
  network vpn
  listen-port 51820
  members r1, r2
  route ${l('WgRoute.prefix', '192.0.2.0/24')} via r1
  persistent-keepalive ${l('WireGuard.persistentKeepalive', '25s')}
}

monitoring { alerts ${l('Monitoring.alerts', 'control-plane')}, bgp, vip, wireguard }
`;

interface Instance {
    readonly text: string;
    /** Offsets of the chosen slot's value in `text`. */
    readonly start: number;
    readonly end: number;
}

/** The topology with every slot plain except `id`, which gets `value` (as written in the source). */
function instantiate(id?: string, value?: string): Instance {
    let text = '';
    let start = -1;
    let end = -1;
    let last = 0;
    for (const match of TEMPLATE.matchAll(/⟦([^=]+)=([^⟧]*)⟧/g)) {
        text += TEMPLATE.slice(last, match.index);
        const chosen = match[1] === id ? value! : match[2];
        if (match[1] === id) {
            start = text.length;
            end = start + chosen.length;
        }
        text += chosen;
        last = match.index + match[0].length;
    }
    return { text: text + TEMPLATE.slice(last), start, end };
}

/** Every string-valued property of the grammar, as `Rule.feature` (keywords and data types included). */
function stringProperties(grammar: Grammar): string[] {
    const found = new Set<string>();
    for (const rule of grammar.rules) {
        if (!GrammarAST.isParserRule(rule) || GrammarUtils.isDataTypeRule(rule)) {
            continue;
        }
        for (const assignment of AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment)) {
            if (assignment.operator === '?=' || GrammarAST.isCrossReference(assignment.terminal)) {
                continue;
            }
            const terminal = assignment.terminal;
            const called = GrammarAST.isRuleCall(terminal) ? terminal.rule.ref : undefined;
            const numeric = GrammarAST.isTerminalRule(called) && called.type?.name === 'number';
            const node = called && GrammarAST.isParserRule(called) && !GrammarUtils.isDataTypeRule(called);
            if (!numeric && !node) {
                found.add(`${rule.name}.${assignment.feature}`);
            }
        }
    }
    return [...found].sort();
}

// ---------------------------------------------------------------- the corpus

const LS = '\u2028';
const NEL = '\u0085';
const PS = '\u2029';

/** Quoted-string forms: each escape form of a line break, NUL and controls, the structural characters, 300 bytes, non-ASCII, a leading '-'. */
function stringCorpus(plain: string): string[] {
    const base = plain.replace(/^"|"$/g, '');
    const quoted = (inner: string) => `"${inner}"`;
    return [
        // line breaks: Langium's escapes, raw Unicode separators, and the model's second decoding of a quoted value
        ...['\\n', '\\r', '\\r\\n', LS, NEL, PS, '\\v', '\\f'].map((lb) => quoted(`${base}${lb}virtual_server 1.2.3.4 80 {`)),
        quoted(`\\"${base}\\\\nvrrp_script x {\\"`),
        quoted(`\\"${base}\\\\u2028x\\"`),
        quoted(`\\"${base}\\\\u000ax\\"`),
        quoted(`\\"${base}\\\\u0000\\"`),
        // NUL and other control characters
        quoted(`${base}\\0`),
        quoted(`${base}\\t`),
        quoted(`${base}\\b`),
        quoted(`${base}\u0001x`),
        quoted(`${base}\u001bx`),
        quoted(`${base}\u007fx`),
        quoted(`${base}\u009bx`),
        // structural characters of the destinations
        ...['{', '}', ';', '#', '!', '\\"', "'", '$(id)', '(', ')', '`id`', '|', ' x', '\\\\', ',', ':', '/', '=', '@', '%', '~', '[', ']', '*'].map((c) => quoted(`${base}${c}`)),
        // 300 bytes, non-ASCII, a leading '-'
        quoted('a'.repeat(300)),
        quoted(`${base}${'x'.repeat(300 - base.length)}`),
        quoted(`${base}é`),
        quoted('ユーザー'),
        quoted(`${base}\u{1F600}`),
        quoted(`-${base}`),
        quoted('-oProxyCommand=id')
    ];
}

/**
 * Unquoted forms for a name's place. `#` and `//` are left out: there they start a comment of the topology
 * language itself, so what follows is never a value.
 */
function nameCorpus(plain: string): string[] {
    return [
        `${plain}$(id)`,
        `${plain};x`,
        `${plain}{x`,
        `${plain}}`,
        `${plain}!x`,
        `${plain}'x`,
        `${plain}|x`,
        `${plain}\`id\``,
        `"${plain}"`,
        `"${plain}\\nx"`,
        `-${plain}`,
        `${plain}é`,
        `${plain}${'x'.repeat(300 - plain.length)}`,
        `${plain}\u0000`
    ];
}

function corpusFor(id: string, plain: string): string[] {
    switch (KIND[id]) {
        case 'string':
            return [...stringCorpus(plain), ...nameCorpus(plain.replace(/^"|"$/g, '')).filter((value) => !value.startsWith('"'))];
        case 'name':
            return nameCorpus(plain);
        default:
            return [`${plain}$(id)`, `"${plain}\\n}"`, `${plain};x`, `${plain}{`, `-${plain}`, `${plain}é`, 'a'.repeat(300), `${plain}\u0000`];
    }
}

// ---------------------------------------------------------------- structure parsed back

type Shape = string | Shape[] | { [key: string]: Shape };

function yamlShape(value: unknown): Shape {
    if (Array.isArray(value)) {
        return value.map(yamlShape);
    }
    if (value !== null && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, yamlShape(inner)]));
    }
    return typeof value;
}

/** Lines of a text config as (block depth, first word, word count); comments and blank lines dropped. */
function textShape(content: string): string[] {
    let depth = 0;
    const shape: string[] = [];
    for (const line of content.split('\n')) {
        const words = line.trim().split(/\s+/).filter(Boolean);
        if (words.length === 0 || /^[#!]/.test(words[0])) {
            continue;
        }
        depth -= words.filter((word) => word === '}').length;
        shape.push(`${depth}|${words[0]}|${words.length}`);
        depth += words.filter((word) => word === '{').length;
    }
    return shape;
}

function structure(file: RenderedFile): Shape {
    return file.path.endsWith('.yaml') ? yamlShape(loadAll(file.content)) : textShape(file.content);
}

const key = (file: RenderedFile) => `${file.host ?? file.cluster}:${file.path}`;

function render(text: string): Promise<RenderedFile[]> {
    return validate(text).then((document) => {
        const model = bgptopo.topology.TopologyCache.forDocument(document);
        return renderTopology(model, testOptions({ secrets: () => 'S3cretValue', publicKeys: fakePublicKey })).files;
    });
}

function overlaps(diagnostic: Diagnostic, text: string, start: number, end: number): boolean {
    const offset = (position: { line: number; character: number }) => {
        const lines = text.split('\n');
        return lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
    };
    return offset(diagnostic.range.start) <= end && offset(diagnostic.range.end) >= start;
}

// ---------------------------------------------------------------- the property

const plain = instantiate();
const slots = [...TEMPLATE.matchAll(/⟦([^=]+)=([^⟧]*)⟧/g)].map((match) => ({ id: match[1], plain: match[2] }));

interface Accepted {
    readonly slot: string;
    readonly value: string;
    readonly files: RenderedFile[];
}

const crdDir = mkdtempSync(join(tmpdir(), 'bgptopo-hostile-crds-'));
for (const file of readdirSync(DEFAULT_CRD_DIR).filter((f) => f.endsWith('.yaml'))) {
    symlinkSync(join(DEFAULT_CRD_DIR, file), join(crdDir, file));
}
afterAll(() => rmSync(crdDir, { recursive: true, force: true }));

async function check(file: RenderedFile): Promise<CheckResult | undefined> {
    switch (file.kind) {
        case 'frr':
            return toolGate(FRR_CHECKER_PREREQUISITES).skip ? undefined : checkFrrConfig(file.content);
        case 'keepalived': {
            const interfaces = [...new Set([...file.content.matchAll(/^\s*interface (\S+)$/gm)].map((m) => m[1]))];
            return toolGate(KEEPALIVED_CHECKER_PREREQUISITES).skip ? undefined : checkKeepalivedConfig(file.content, interfaces);
        }
        case 'haproxy':
            return toolGate(HAPROXY_CHECKER_PREREQUISITES).skip ? undefined : checkHaproxyConfig(file.content);
        case 'wireguard':
            return toolGate(WIREGUARD_CHECKER_PREREQUISITES).skip ? undefined : checkWireguardConfig(file.content);
        case 'frr-daemons':
            return undefined; // a fixed file apart from its header; sh -n runs on the host
        default:
            return checkManifest(file.content, crdDir);
    }
}

describe('hostile values in every string-valued property', () => {
    test('every string-valued property of the grammar has a slot in the topology', () => {
        expect(stringProperties(bgptopo.Grammar).filter((property) => !(property in KIND))).toEqual([]);
        expect(new Set(slots.map((entry) => entry.id)).size).toBe(slots.length);
    });

    let plainFiles: RenderedFile[] = [];
    test('the plain topology validates without errors and renders every kind of file', async () => {
        const document = await validate(plain.text);
        expect((document.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
        plainFiles = await render(plain.text);
        expect([...new Set(plainFiles.map((file) => file.kind))].sort()).toEqual(
            ['alerts', 'calico', 'cilium', 'frr', 'frr-daemons', 'haproxy', 'keepalived', 'kube-vip', 'metallb', 'nodes', 'wireguard'].sort()
        );
    });

    const accepted: Accepted[] = [];
    test.each(slots)('$id: every hostile value is an error on the property, or renders with the plain structure', async ({ id, plain: plainValue }) => {
        const problems: string[] = [];
        for (const value of corpusFor(id, plainValue)) {
            const instance = instantiate(id, value);
            const document = await validate(instance.text);
            const errors = (document.diagnostics ?? []).filter((d) => d.severity === 1);
            if (errors.some((d) => overlaps(d, instance.text, instance.start, instance.end))) {
                continue;
            }
            // Unquoted, a hostile value is no single token: the lexer splits it and the file's own syntax breaks,
            // wherever the parser notices (`eth0}` closes the block early).
            if (!/^"(?:\\.|[^"\\])*"$/.test(value) && errors.some((d) => codeOf(d) === 'syntax')) {
                continue;
            }
            if (errors.length > 0) {
                problems.push(`${JSON.stringify(value)}: errors, none on the property: ${errors.map((d) => `${d.range.start.line + 1}: ${d.message}`).join(' | ')}`);
                continue;
            }
            let files: RenderedFile[];
            try {
                files = await render(instance.text);
            } catch (error) {
                problems.push(`${JSON.stringify(value)}: validates but does not render: ${(error as Error).message}`);
                continue;
            }
            const before = new Map(plainFiles.map((file) => [key(file), structure(file)]));
            const after = new Map(files.map((file) => [key(file), structure(file)]));
            if (JSON.stringify([...before.keys()].sort()) !== JSON.stringify([...after.keys()].sort())) {
                problems.push(`${JSON.stringify(value)}: renders other files: ${[...after.keys()].filter((k) => !before.has(k)).join(', ')}`);
                continue;
            }
            for (const [path, shape] of after) {
                if (JSON.stringify(shape) !== JSON.stringify(before.get(path))) {
                    problems.push(`${JSON.stringify(value)}: the structure of ${path} changed`);
                }
            }
            accepted.push({ slot: id, value, files });
        }
        expect(problems).toEqual([]);
    });

    test('the real checkers accept the plain artefacts and every artefact a validated hostile value changed', async () => {
        const plainContent = new Map(plainFiles.map((file) => [key(file), file.content]));
        const changed = new Map<string, RenderedFile>();
        for (const entry of accepted) {
            for (const file of entry.files) {
                if (file.content !== plainContent.get(key(file))) {
                    changed.set(file.content, file);
                }
            }
        }
        // Some hostile values are legitimate (a key file path with spaces, brackets or non-ASCII): the property's second arm runs.
        expect(accepted.length).toBeGreaterThan(0);
        const results = await Promise.all([...plainFiles, ...changed.values()].map(async (file) => [key(file), await check(file)] as const));
        const rejected = results.filter(([, result]) => result !== undefined && !result.ok).map(([path, result]) => `${path}: ${result!.errors.join('; ')}`);
        expect(rejected).toEqual([]);
    }, 240_000);

    test('the longest names validation accepts become identifiers, host names and Kubernetes names the real checkers accept', async () => {
        const long: Record<string, string> = {
            dc1: `t${'x'.repeat(62)}`,
            dc: `d${'x'.repeat(62)}`,
            r1: `r1${'x'.repeat(61)}`,
            lb2: `lb2${'x'.repeat(60)}`,
            gw: `gw${'x'.repeat(61)}`,
            k8s: `k8s${'x'.repeat(60)}`,
            w1: `w1${'x'.repeat(61)}`,
            wg99: `wg99${'x'.repeat(11)}`
        };
        const text = plain.text.replace(/\b(dc1|dc|r1|lb2|gw|k8s|w1|wg99)\b(?![-.])/g, (name) => long[name]);
        const document = await validate(text);
        expect((document.diagnostics ?? []).filter((d) => d.severity === 1).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
        const files = await render(text);
        expect(files.map((file) => file.content).join('\n')).toContain(long.gw);
        const results = await Promise.all(files.map(async (file) => [key(file), await check(file)] as const));
        expect(results.filter(([, result]) => result !== undefined && !result.ok).map(([path, result]) => `${path}: ${result!.errors.join('; ')}`)).toEqual([]);
    }, 240_000);
});
