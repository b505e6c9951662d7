/**
 * Checks of single declarations and of the file's namespace: duplicate names, value ranges, literal passwords, and
 * control-plane quorum (an option written twice: option-duplicate-validator.ts).
 */
import type { AstNode, Properties, ValidationAcceptor } from 'langium';
import * as ast from '../../language/generated/ast.js';
import { parseDuration } from '../../model/duration.js';
import { kubernetesLabelKeyProblem, kubernetesLabelValueProblem, kubernetesObjectNameProblem } from '../../model/value-syntax.js';
import { labelText } from '../../model/node-selector.js';
import { DiagnosticCode } from './diagnostic-codes.js';
import { describeKind, lineOf, report } from './validation-report.js';

interface Range {
    readonly min: number;
    readonly max: number;
    readonly what: string;
}

const PORT: Range = { min: 1, max: 65535, what: 'a port' };
const VRID: Range = { min: 1, max: 255, what: 'a VRID' };
const MTU: Range = { min: 576, max: 9216, what: 'an MTU' };
const MULTIHOP: Range = { min: 1, max: 255, what: 'a multihop TTL' };
const MAXIMUM_PATHS: Range = { min: 1, max: 64, what: 'maximum-paths' };
const SOURCE_INDEX: Range = { min: 1, max: 64, what: 'an address index (1-based)' };
const BFD_MULTIPLIER: Range = { min: 2, max: 255, what: 'a BFD detect multiplier' };

export class DeclarationValidator {
    checkNames(root: ast.Topology, accept: ValidationAcceptor): void {
        const seen = new Map<string, AstNode & { name: string }>();
        for (const node of namedDeclarations(root)) {
            if (!node.name) {
                continue;
            }
            const earlier = seen.get(node.name);
            if (earlier) {
                report(
                    accept,
                    'error',
                    DiagnosticCode.NameDuplicate,
                    `The name ${node.name} is already used by ${describeKind(earlier.$type)} ${earlier.name} (line ${lineOf(earlier)}); every declaration in a file needs its own name.`,
                    { node, property: 'name' }
                );
            } else {
                seen.set(node.name, node);
            }
        }
    }

    checkRouter(node: ast.Router, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'maximumPaths', node.maximumPaths, MAXIMUM_PATHS);
        checkRange(accept, node, 'listenPort', node.listenPort, PORT);
        checkBfdAndRestart(node, accept);
    }

    /** A `neighbor ROUTER { … }` line's or an upstream's session options (LANGUAGE-V2 §4, §5 ranges). */
    checkSessionLine(node: ast.Neighbor | ast.Upstream, accept: ValidationAcceptor): void {
        checkPeerOptions(node, undefined, accept);
        checkLiteralPassword(node, accept);
    }

    checkVip(node: ast.Vip, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'vrid', node.vrid, VRID);
        checkDuration(accept, node, 'advert', node.advert);
    }

    checkHealthCheck(node: ast.HealthCheck, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
        checkDuration(accept, node, 'interval', node.interval);
    }

    checkFrontend(node: ast.Frontend, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
        checkRange(accept, node, 'targetPort', node.targetPort, PORT);
    }

    checkCni(node: ast.Cni, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'mtu', node.mtu, MTU);
    }

    checkSpeaker(node: ast.Speaker, accept: ValidationAcceptor): void {
        checkPeerOptions(node, undefined, accept);
        checkLiteralPassword(node, accept);
    }

    checkPeerGroup(node: ast.PeerGroup, accept: ValidationAcceptor): void {
        checkPeerOptions(node, node.$container, accept);
        checkLiteralPassword(node, accept);
    }

    /** Label keys and values, and `hostname`, in Kubernetes' own syntax (they reach manifests and the Node objects deploy applies). */
    checkNode(node: ast.Node, accept: ValidationAcceptor): void {
        const seen = new Map<string, ast.Label>();
        for (const label of node.labels ?? []) {
            const key = labelText(label.key);
            const problem = kubernetesLabelKeyProblem(key);
            if (problem) {
                report(accept, 'error', DiagnosticCode.ValueRange, `${JSON.stringify(key)} is not a Kubernetes label key: ${problem}.`, { node: label, property: 'key' });
            }
            const valueProblem = kubernetesLabelValueProblem(labelText(label.value));
            if (valueProblem) {
                report(accept, 'error', DiagnosticCode.ValueRange, `${JSON.stringify(labelText(label.value))} is not a Kubernetes label value: ${valueProblem}.`, { node: label, property: 'value' });
            }
            const earlier = seen.get(key);
            if (earlier) {
                report(accept, 'error', DiagnosticCode.OptionDuplicate, `The label ${key} is already set on line ${lineOf(earlier)}; only the last one would count.`, { node: label, property: 'key' });
            }
            seen.set(key, label);
        }
        if (node.hostname !== undefined) {
            const hostname = labelText(node.hostname);
            const problem = kubernetesObjectNameProblem(hostname);
            if (problem) {
                report(accept, 'error', DiagnosticCode.ValueRange, `${JSON.stringify(hostname)} is not a Kubernetes node name: ${problem}.`, { node, property: 'hostname' });
            }
        }
    }

    checkLabelTerm(node: ast.LabelTerm, accept: ValidationAcceptor): void {
        const problem = kubernetesLabelKeyProblem(labelText(node.key));
        if (problem) {
            report(accept, 'error', DiagnosticCode.ValueRange, `${node.key} is not a Kubernetes label key: ${problem}.`, { node, property: 'key' });
        }
        const valueProblem = kubernetesLabelValueProblem(labelText(node.value));
        if (valueProblem) {
            report(accept, 'error', DiagnosticCode.ValueRange, `${node.value} is not a Kubernetes label value: ${valueProblem}.`, { node, property: 'value' });
        }
    }

    checkSource(node: ast.SourceSelector, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'index', node.index, SOURCE_INDEX);
    }

    checkSshTarget(node: ast.SshTarget, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
    }

    checkDefaultSsh(node: ast.DefaultSsh, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'port', node.port, PORT);
    }

    checkWireGuard(node: ast.WireGuard, accept: ValidationAcceptor): void {
        checkRange(accept, node, 'listenPort', node.listenPort, PORT);
        checkDuration(accept, node, 'persistentKeepalive', node.persistentKeepalive);
        const keepalive = node.persistentKeepalive ? parseDuration(node.persistentKeepalive) : undefined;
        if (keepalive !== undefined && keepalive > 65535_000) {
            report(accept, 'error', DiagnosticCode.ValueRange, 'persistent-keepalive is at most 65535s.', { node, property: 'persistentKeepalive' });
        }
    }

    /** LANGUAGE-V2 §6: `pod-network` / `service-network` hold at most one network per family; the later one is the duplicate. */
    checkClusterFamilies(node: ast.Cluster, accept: ValidationAcceptor): void {
        const family = (reference: { ref?: ast.Network }): 4 | 6 | undefined => prefixFamily(reference.ref?.prefix);
        checkOnePerFamily(accept, node, 'podNetworks', node.podNetworks ?? [], family, 'pod network');
        checkOnePerFamily(accept, node, 'serviceNetworks', node.serviceNetworks ?? [], family, 'service network');
        const ipv6 = (node.podNetworks ?? []).find((reference) => family(reference) === 6)?.ref;
        if (node.cni?.kind === 'calico' && node.cni.encapsulation === 'ipip' && ipv6) {
            report(
                accept,
                'error',
                DiagnosticCode.OptionUnsupported,
                `Calico (IPPool) cannot express \`encapsulation ipip\` for the IPv6 pod network ${ipv6.name}: IPIP is IPv4 only. Use \`vxlan\` or \`none\`.`,
                { node: node.cni, property: 'encapsulation' },
                { consumer: 'calico' }
            );
        }
    }

    /** A node's `pod-cidr` is given at most once per family (LANGUAGE-V2 §6). */
    checkNodeFamilies(node: ast.Node, accept: ValidationAcceptor): void {
        checkOnePerFamily(accept, node, 'podCidrs', node.podCidrs ?? [], prefixFamily, 'pod CIDR');
    }

    checkCluster(node: ast.Cluster, accept: ValidationAcceptor): void {
        const count = (node.nodes ?? []).filter((member) => member.role === 'control-plane').length;
        if (count >= 3 && count % 2 === 1) {
            return;
        }
        const why =
            count === 0
                ? 'no control-plane node'
                : count < 3
                  ? `${count} control-plane node${count === 1 ? '' : 's'}: etcd loses quorum when one fails`
                  : `${count} control-plane nodes: an even count tolerates no more failures than ${count - 1}`;
        report(accept, 'warning', DiagnosticCode.ControlPlaneCount, `Cluster ${node.name} has ${why}; use 3 or 5.`, { node, property: 'name' });
    }
}

function prefixFamily(text: string | undefined): 4 | 6 | undefined {
    return text === undefined ? undefined : text.includes(':') ? 6 : 4;
}

function checkOnePerFamily<N extends ast.Cluster | ast.Node, T>(
    accept: ValidationAcceptor,
    node: N,
    property: Properties<N>,
    items: readonly T[],
    familyOf: (item: T) => 4 | 6 | undefined,
    what: string
): void {
    const first = new Map<4 | 6, number>();
    items.forEach((item, index) => {
        const family = familyOf(item);
        if (family === undefined) {
            return;
        }
        const earlier = first.get(family);
        if (earlier === undefined) {
            first.set(family, index);
            return;
        }
        report(
            accept,
            'error',
            DiagnosticCode.OptionDuplicate,
            `A second IPv${family} ${what}: at most one per family (the first, item ${earlier + 1}, would count and this one be dropped).`,
            { node, property, index },
            { family }
        );
    });
}

/**
 * A literal password on a block or a peer group: an error, not the specification's warning: render refuses a
 * literal password, and a file that validates must render.
 */
function checkLiteralPassword(node: ast.Speaker | ast.PeerGroup | ast.Neighbor | ast.Upstream, accept: ValidationAcceptor): void {
    if (node.password && !node.password.secret) {
        report(
            accept,
            'error',
            DiagnosticCode.SecretInSource,
            'A literal password would end up in version control, and bgptopo never copies one into a config; use `password secret "NAME"` and keep the value in the editor\'s secret storage or BGPTOPO_SECRET_NAME.',
            { node: node.password, property: 'value' }
        );
    }
}

const HOLD_MAX_MS = 65535_000;

/**
 * PEER-OPTION ranges of the language (LANGUAGE-V2 §5; a consumer's narrower ranges are checked per consumer):
 * `hold` 0 or 3–65535 s (Changed: v1 refused zero), `keepalive` 0 or below a non-zero hold, `connect-retry` 1–65535 s,
 * BFD intervals 10–60000 ms and multiplier 2–255, `restart-time` 1–4095 s. A group's hold or keepalive is compared
 * with the other one as the group sees it (its own, else its block's).
 */
function checkPeerOptions(node: ast.Speaker | ast.PeerGroup | ast.Neighbor | ast.Upstream, block: ast.Speaker | undefined, accept: ValidationAcceptor): void {
    checkRange(accept, node, 'multihop', node.multihop, MULTIHOP);
    const hold = node.hold ? parseDuration(node.hold) : undefined;
    if (hold !== undefined && ((hold > 0 && hold < 3000) || hold > HOLD_MAX_MS)) {
        report(accept, 'error', DiagnosticCode.ValueRange, `A BGP hold time of ${node.hold} is out of range: use 0s (no keepalives) or 3s–65535s (RFC 4271).`, { node, property: 'hold' });
    }
    const keepalive = node.keepalive ? parseDuration(node.keepalive) : undefined;
    const holdSeen = hold ?? (block?.hold ? parseDuration(block.hold) : undefined);
    const keepaliveSeen = keepalive ?? (block?.keepalive ? parseDuration(block.keepalive) : undefined);
    if ((keepalive !== undefined || hold !== undefined) && keepaliveSeen !== undefined && holdSeen !== undefined && keepaliveSeen > 0) {
        const property = keepalive !== undefined ? 'keepalive' : 'hold';
        if (holdSeen === 0) {
            report(accept, 'error', DiagnosticCode.ValueRange, `A keepalive of ${durationText(keepaliveSeen)} with hold 0s: a zero hold time sends no keepalives; use keepalive 0s or a non-zero hold.`, { node, property });
        } else if (keepaliveSeen >= holdSeen) {
            report(accept, 'error', DiagnosticCode.ValueRange, `A keepalive of ${durationText(keepaliveSeen)} is not below the hold time ${durationText(holdSeen)}: the session would expire between keepalives (use about a third of it).`, { node, property });
        }
    }
    const connectRetry = node.connectRetry ? parseDuration(node.connectRetry) : undefined;
    if (connectRetry !== undefined && (connectRetry < 1000 || connectRetry > HOLD_MAX_MS)) {
        report(accept, 'error', DiagnosticCode.ValueRange, `connect-retry ${node.connectRetry} is out of range: use 1s–65535s.`, { node, property: 'connectRetry' });
    }
    checkBfdAndRestart(node, accept);
}

/** BFD intervals 10–60000 ms, multiplier 2–255; `restart-time` 1–4095 s. */
function checkBfdAndRestart(node: ast.Speaker | ast.PeerGroup | ast.Neighbor | ast.Upstream | ast.Router, accept: ValidationAcceptor): void {
    if (node.bfd) {
        for (const property of ['receive', 'transmit'] as const) {
            const value = node.bfd[property] ? parseDuration(node.bfd[property]!) : undefined;
            if (value !== undefined && (value < 10 || value > 60000)) {
                report(accept, 'error', DiagnosticCode.ValueRange, `A BFD ${property} interval of ${node.bfd[property]} is out of range: use 10ms–60000ms.`, { node: node.bfd, property });
            }
        }
        checkRange(accept, node.bfd, 'multiplier', node.bfd.multiplier, BFD_MULTIPLIER);
    }
    const restart = node.gracefulRestart?.restartTime ? parseDuration(node.gracefulRestart.restartTime) : undefined;
    if (restart !== undefined && (restart < 1000 || restart > 4095_000)) {
        report(accept, 'error', DiagnosticCode.ValueRange, `A graceful-restart restart time of ${node.gracefulRestart!.restartTime} is out of range: use 1s–4095s.`, { node: node.gracefulRestart!, property: 'restartTime' });
    }
}

function durationText(ms: number): string {
    return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function checkRange<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, value: number | undefined, range: Range): void {
    if (value !== undefined && (value < range.min || value > range.max)) {
        report(accept, 'error', DiagnosticCode.ValueRange, `${value} is not ${range.what}: use ${range.min}–${range.max}.`, { node, property });
    }
}

function checkDuration<N extends AstNode>(accept: ValidationAcceptor, node: N, property: Properties<N>, text: string | undefined): void {
    if (text !== undefined && parseDuration(text) === 0) {
        report(accept, 'error', DiagnosticCode.ValueRange, `A duration of ${text} is zero; use a positive duration.`, { node, property });
    }
}

export function* namedDeclarations(root: ast.Topology): Generator<ast.NamedDeclaration> {
    for (const element of root.elements ?? []) {
        if (ast.isDefaults(element) || ast.isMonitoring(element)) {
            continue;
        }
        yield element;
        if (ast.isCluster(element)) {
            yield* element.nodes ?? [];
        }
    }
}
