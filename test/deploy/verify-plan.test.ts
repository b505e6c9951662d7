/**
 * planVerify + evaluatePlan without SSH: a topology whose addresses match the captured FRR / HAProxy / ip
 * output, answers fed from the fixtures, and the resulting checks, locations, exit codes and formats.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { TopologyModel } from '../../src/model/index.js';
import { evaluatePlan, planVerify, type ProbeAnswer, type VerifyPlan } from '../../src/deploy/verify-plan.js';
import { formatVerifyJson, formatVerifyText, verifyExitCode } from '../../src/deploy/verify-report.js';
import { jsonObjects } from '../../src/deploy/verify-check-refused.js';
import type { VerifyCheck, VerifyReport } from '../../src/deploy/verify-types.js';
import { modelFromText } from './verify-lab-setup.js';

const frr = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'frr', name), 'utf8');
const host = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'verify-host', name), 'utf8');
/** FRR's `filtered-routes json` for a neighbor whose routes were all accepted (captured in lab-announce). */
const NOTHING_REFUSED = JSON.stringify(jsonObjects(frr('lab-announce_r1_filtered_routes.json'))[1]);

// Lines matter: checks are located on them.
const TEXT = `topology plan-test
network fabric 10.0.1.0/24
network lan    10.77.0.0/24 { interface eth0 }
network vpn    10.99.0.0/24 { role vpn  interface wg0 }
router r1 { asn 64512  address 10.0.1.1  address 10.77.0.1 }
router r2 { asn 64512  address 10.0.1.2  address 10.77.0.2 }
vip gw 10.77.0.250 {
  keepalived vrid 51
  holders r1 priority 150, r2 priority 100
}
loadbalancer lb1 { address 10.77.0.11  address 10.99.0.11 }
loadbalancer lb2 { address 10.77.0.12  address 10.99.0.12 }
vip api-vip 10.77.0.100 {
  keepalived vrid 52
  holders lb1 priority 150, lb2 priority 100
  frontend 6443 -> control-plane of prod port 6443
}
vip api 192.0.2.20 {
  kube-vip bgp
  holders control-plane of prod
}
cluster prod {
  kube-vip {
    asn 65001
    peers r1, r2
    vip api
    source address 2
  }
  node cp1 control-plane { address 10.77.0.21  address 10.0.1.5 }
  node cp2 control-plane { address 10.77.0.22  address 10.0.1.6 }
  node cp3 control-plane { address 10.77.0.23  address 10.0.1.7 }
}
wireguard wg0 {
  network vpn
  listen-port 51820
  members lb1, lb2
}
`;

const KEY_LB1 = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const KEY_LB2 = 'TrMvSoP4jYQlY6RIzBgbssQqY3vxI2Pi+y71lOWWXX0=';
const NOW = 1_795_352_000;

const ipWithVip = host('ip-addr-router-with-vip.json');
const ipWithoutVip = ipWithVip.replace(/\{"family":"inet","local":"10\.77\.0\.250"[^}]*\},/, '');
const ok = (stdout: string): ProbeAnswer => ({ output: { stdout, stderr: '', code: 0 } });

/** Answers of a mostly healthy network: r2 has the RFC 8212 problem, cp3 never connected. */
function baseAnswers(): Record<string, Record<string, ProbeAnswer>> {
    return {
        r1: {
            'bgp-summary': ok(frr('show_bgp_summary.json')),
            'bgp-ipv4': ok(frr('show_bgp_ipv4_unicast.json')),
            addr: ok(ipWithVip),
            'tcp:10.77.0.100:6443': ok(''),
            'tcp:192.0.2.20:6443': { output: { stdout: '', stderr: '', code: 124 } },
            // cp1, cp2 nothing refused; cp3 (never connected) unknown to FRR
            'bgp-refused-ipv4': ok([NOTHING_REFUSED, NOTHING_REFUSED, '{"warning":"No such neighbor in this view/vrf"}'].join('\n'))
        },
        r2: {
            'bgp-summary': ok(frr('show_bgp_summary__ebgp_requires_policy_blocking.json')),
            'bgp-ipv4': ok('{"vrfId":0,"routerId":"10.0.1.2","localAS":64512,"routes":{}}'),
            addr: ok(ipWithoutVip)
        },
        lb1: {
            addr: ok(ipWithoutVip.replace('"10.77.0.1"', '"10.77.0.11"').replace('"prefixlen":24,"scope":"global","label":"eth0"', '"prefixlen":24,"scope":"global","label":"eth0"},{"family":"inet","local":"10.77.0.100","prefixlen":24,"scope":"global","label":"eth0"')),
            'haproxy-stat': ok(host('haproxy-show-stat-up.csv')),
            'wg-handshakes:wg0': ok(`${KEY_LB2}\t${NOW - 30}\n`),
            'wg-allowed-ips:wg0': ok(`${KEY_LB2}\t10.99.0.12/32\n`),
            now: ok(`${NOW}\n`)
        },
        lb2: {
            addr: ok(ipWithoutVip.replace('"10.77.0.1"', '"10.77.0.12"')),
            'haproxy-stat': ok(host('haproxy-show-stat-one-down.csv')),
            'wg-handshakes:wg0': ok(`${KEY_LB1}\t${NOW - 600}\n`),
            'wg-allowed-ips:wg0': ok(`${KEY_LB1}\t10.99.0.11/32\n`),
            now: ok(`${NOW}\n`)
        }
    };
}

function evaluate(plan: VerifyPlan, answers: Record<string, Record<string, ProbeAnswer>>, unreachable: string[] = []): VerifyReport {
    const checks = evaluatePlan(plan, (hostName, probe) => {
        if (unreachable.includes(hostName)) {
            return { missing: `${hostName}: unreachable: ECONNREFUSED` };
        }
        return answers[hostName]?.[probe] ?? { missing: `${hostName}: no answer to ${probe}` };
    });
    return { checks, unreachable, durationMs: 1 };
}

const byId = (report: VerifyReport) => new Map(report.checks.map((check) => [check.id, check]));
const statusOf = (report: VerifyReport) => Object.fromEntries(report.checks.map((check) => [check.id, check.status]));

let model: TopologyModel;
let plan: VerifyPlan;

beforeAll(async () => {
    model = await modelFromText(TEXT, 'file:///plan-test.bgptopo');
    plan = planVerify(model);
});

describe('planVerify', () => {
    test('one probe list per host: FRR on routers, addresses on holders, stats and wg on load balancers', () => {
        const ids = Object.fromEntries([...plan.probes].map(([name, probes]) => [name, probes.map((p) => p.id)]));
        expect(ids).toEqual({
            r1: ['bgp-summary', 'bgp-ipv4', 'bgp-refused-ipv4', 'addr', 'tcp:10.77.0.100:6443', 'tcp:192.0.2.20:6443'],
            r2: ['bgp-summary', 'bgp-ipv4', 'bgp-refused-ipv4', 'addr'],
            lb1: ['addr', 'haproxy-stat', 'wg-handshakes:wg0', 'wg-allowed-ips:wg0', 'now'],
            lb2: ['addr', 'haproxy-stat', 'wg-handshakes:wg0', 'wg-allowed-ips:wg0', 'now']
        });
        const r1 = plan.probes.get('r1')!;
        expect(r1[0].argv).toEqual(['vtysh', '-c', 'show bgp summary json']);
        expect(r1[4].argv.slice(-2)).toEqual(['10.77.0.100', '6443']);
    });

    test('kinds option restricts the checks', () => {
        const only = planVerify(model, { kinds: ['vip'] });
        expect(new Set(only.checks.map((c) => c.kind))).toEqual(new Set(['vip']));
        expect([...only.probes.keys()].sort()).toEqual(['lb1', 'lb2', 'r1', 'r2']);
    });
});

describe('evaluatePlan', () => {
    test('judges every expectation against the captured output', () => {
        const report = evaluate(plan, baseAnswers());
        expect(statusOf(report)).toEqual({
            'bgp-session:prod/kube-vip/cp1->r1': 'pass',
            'bgp-prefixes:prod/kube-vip/cp1->r1': 'pass',
            'bgp-refused:prod/kube-vip/cp1->r1': 'pass',
            'bgp-session:prod/kube-vip/cp1->r2': 'fail',
            'bgp-prefixes:prod/kube-vip/cp1->r2': 'unknown',
            'bgp-refused:prod/kube-vip/cp1->r2': 'unknown',
            'bgp-session:prod/kube-vip/cp2->r1': 'pass',
            'bgp-prefixes:prod/kube-vip/cp2->r1': 'pass',
            'bgp-refused:prod/kube-vip/cp2->r1': 'pass',
            'bgp-session:prod/kube-vip/cp2->r2': 'fail',
            'bgp-prefixes:prod/kube-vip/cp2->r2': 'unknown',
            'bgp-refused:prod/kube-vip/cp2->r2': 'unknown',
            'bgp-session:prod/kube-vip/cp3->r1': 'fail',
            'bgp-prefixes:prod/kube-vip/cp3->r1': 'unknown',
            'bgp-refused:prod/kube-vip/cp3->r1': 'unknown',
            'bgp-session:prod/kube-vip/cp3->r2': 'fail',
            'bgp-prefixes:prod/kube-vip/cp3->r2': 'unknown',
            'bgp-refused:prod/kube-vip/cp3->r2': 'unknown',
            'vip:gw': 'pass',
            'haproxy-backend:api-vip:6443@lb1': 'pass',
            'haproxy-backend:api-vip:6443@lb2': 'fail',
            'api-vip:api-vip:6443': 'pass',
            'vip:api-vip': 'pass',
            'vip:api@r1': 'fail',
            'vip:api@r2': 'fail',
            'api-vip:api:6443': 'fail',
            'wireguard-handshake:wg0@lb1': 'pass',
            'wireguard-handshake:wg0@lb2': 'fail'
        });
        const checks = byId(report);
        expect(checks.get('bgp-session:prod/kube-vip/cp2->r2')!.message).toMatch(/drops routes for lack of policy/);
        expect(checks.get('bgp-session:prod/kube-vip/cp3->r1')!.message).toMatch(/no neighbor 10\.0\.1\.7/);
        expect(checks.get('bgp-prefixes:prod/kube-vip/cp1->r1')!.message).toBe('received 192.0.2.20/32');
        // ECMP on r1 has cp1 and cp2, but cp3 (a holder) never announced it.
        expect(checks.get('vip:api@r1')!.message).toMatch(/no path from 10\.0\.1\.7/);
        expect(checks.get('vip:api@r2')!.message).toMatch(/^no route to 192\.0\.2\.20\/32/);
        expect(checks.get('haproxy-backend:api-vip:6443@lb2')!.message).toBe('cp2 (10.77.0.22:6443) is DOWN (check L4CON: Connection refused)');
        expect(checks.get('api-vip:api:6443')!.message).toMatch(/no answer within 3 s/);
        expect(checks.get('wireguard-handshake:wg0@lb2')!.message).toBe('lb1: last handshake 600 s ago (bound 180 s)');
        expect(checks.get('vip:gw')!.message).toBe('on r1 only');
    });

    test('locates a session on its own `peers` entry and a VIP on its address', () => {
        const report = evaluate(plan, baseAnswers());
        const lines = TEXT.split('\n');
        const checks = byId(report);
        const toR1 = checks.get('bgp-session:prod/kube-vip/cp1->r1')!;
        const toR2 = checks.get('bgp-session:prod/kube-vip/cp1->r2')!;
        const text = (c: VerifyCheck) => lines[c.range!.start.line].slice(c.range!.start.character, c.range!.end.character);
        expect(toR1.line).toBe(lines.indexOf('    peers r1, r2') + 1);
        expect(text(toR1)).toBe('r1');
        expect(text(toR2)).toBe('r2');
        expect(toR2.element).toBe('kube-vip speaker of cluster prod');
        const gw = checks.get('vip:gw')!;
        expect(text(gw)).toBe('10.77.0.250');
        expect(gw.element).toBe('vip gw');
        expect(text(checks.get('haproxy-backend:api-vip:6443@lb1')!)).toBe('frontend 6443 -> control-plane of prod port 6443');
        expect(text(checks.get('wireguard-handshake:wg0@lb2')!)).toBe('lb2');
    });

    test('a VIP on two holders is split brain naming both; on none it is down', () => {
        const answers = baseAnswers();
        answers.r2.addr = ok(ipWithVip);
        expect(byId(evaluate(plan, answers)).get('vip:gw')).toMatchObject({ status: 'fail', message: 'split brain: 10.77.0.250 is on r1 and r2 at once' });
        answers.r1.addr = ok(ipWithoutVip);
        answers.r2.addr = ok(ipWithoutVip);
        expect(byId(evaluate(plan, answers)).get('vip:gw')).toMatchObject({ status: 'fail', message: expect.stringMatching(/is down: no holder has it \(holders r1 and r2\)/) });
    });

    test('an unreachable host makes its checks unknown, never pass', () => {
        const report = evaluate(plan, baseAnswers(), ['r2']);
        const checks = byId(report);
        expect(checks.get('bgp-session:prod/kube-vip/cp1->r2')).toMatchObject({ status: 'unknown', message: 'r2: unreachable: ECONNREFUSED' });
        // r1 has the VIP, r2 cannot tell: not a pass.
        expect(checks.get('vip:gw')!.status).toBe('unknown');
        expect(checks.get('bgp-session:prod/kube-vip/cp1->r1')!.status).toBe('pass');
    });

    test('failed or unreadable probe output is unknown with the reason', () => {
        const answers = baseAnswers();
        answers.r1['bgp-summary'] = { output: { stdout: '', stderr: 'Exiting: failed to connect to any daemons.', code: 1 } };
        answers.lb1['haproxy-stat'] = ok('Permission denied\n');
        const checks = byId(evaluate(plan, answers));
        expect(checks.get('bgp-session:prod/kube-vip/cp1->r1')).toMatchObject({ status: 'unknown', message: 'r1: bgp-summary failed (exit 1): Exiting: failed to connect to any daemons.' });
        expect(checks.get('haproxy-backend:api-vip:6443@lb1')!.message).toMatch(/cannot read haproxy-stat: show stat: no CSV header/);
    });
});

describe('report', () => {
    const check = (status: VerifyCheck['status']): VerifyCheck => ({ id: `x:${status}`, kind: 'vip', subject: 's', status, message: 'm', element: 'vip x', line: 3 });

    test('exit codes: 0 all pass, 1 any fail, 2 unreachable or undecided', () => {
        expect(verifyExitCode({ checks: [check('pass')], unreachable: [], durationMs: 0 })).toBe(0);
        expect(verifyExitCode({ checks: [check('pass'), check('fail')], unreachable: ['r2'], durationMs: 0 })).toBe(1);
        expect(verifyExitCode({ checks: [check('pass')], unreachable: ['r2'], durationMs: 0 })).toBe(2);
        expect(verifyExitCode({ checks: [check('unknown')], unreachable: [], durationMs: 0 })).toBe(2);
    });

    test('text and JSON forms', () => {
        const report = evaluate(plan, baseAnswers(), ['lb2']);
        const text = formatVerifyText(report, 'plan-test.bgptopo');
        expect(text).toContain('FAIL  plan-test.bgptopo:25  bgp-session  session cp2 -> r2 (kube-vip, 10.0.1.6 -> 10.0.1.2): Established, but the router drops routes for lack of policy');
        expect(text).toContain('unreachable: lb2\n');
        expect(text).toMatch(/28 checks: \d+ passed, \d+ failed, \d+ unknown/);
        const json = JSON.parse(formatVerifyJson(report));
        expect(json.exitCode).toBe(1);
        expect(json.unreachable).toEqual(['lb2']);
        expect(json.checks[0]).toMatchObject({ id: 'bgp-session:prod/kube-vip/cp1->r1', kind: 'bgp-session', status: 'pass', line: 25, range: { start: { line: 24 } } });
    });
});
