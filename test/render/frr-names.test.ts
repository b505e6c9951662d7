/**
 * Name consistency of every rendered frr.conf, which neither vtysh nor bgpd checks: every route-map,
 * prefix-list and peer-group referenced is defined (with the right family), every peer has a remote-as
 * before it is used, and every eBGP peer has both an inbound and an outbound policy (RFC 8212).
 */
import { describe, expect, test } from 'vitest';
import { label, renderCorpus } from './render-corpus.js';

/** Problems in `config`; empty when consistent. */
function frrNameProblems(config: string): string[] {
    const lines = config.split('\n');
    const prefixLists = new Set<string>();
    const routeMaps = new Set<string>();
    const groups = new Set<string>();
    const remoteAs = new Set<string>();
    const members = new Set<string>();
    const problems: string[] = [];
    const policies = new Map<string, Set<string>>();
    let family = '';
    for (const [index, line] of lines.entries()) {
        const at = `line ${index + 1}`;
        let m: RegExpExecArray | null;
        if ((m = /^(ip|ipv6) prefix-list (\S+) seq \d+ /.exec(line))) {
            prefixLists.add(`${m[1]} ${m[2]}`);
        } else if ((m = /^route-map (\S+) (permit|deny) \d+$/.exec(line))) {
            routeMaps.add(m[1]);
        } else if ((m = /^ match (ip|ipv6) address prefix-list (\S+)$/.exec(line))) {
            if (!prefixLists.has(`${m[1]} ${m[2]}`)) {
                problems.push(`${at}: ${m[1]} prefix-list ${m[2]} is not defined above`);
            }
        } else if ((m = /^ neighbor (\S+) peer-group$/.exec(line))) {
            groups.add(m[1]);
        } else if ((m = /^ neighbor (\S+) (?:interface )?peer-group (\S+)$/.exec(line))) {
            // A member of a peer-group (LANGUAGE-V2 §4 router sessions): the group must exist with its remote-as.
            if (!groups.has(m[2]) || !remoteAs.has(m[2])) {
                problems.push(`${at}: neighbor ${m[1]} joins peer-group ${m[2]}, not defined above with a remote-as`);
            }
            members.add(m[1]);
        } else if ((m = /^ neighbor (\S+) remote-as \S+$/.exec(line))) {
            remoteAs.add(m[1]);
        } else if ((m = /^ bgp listen range \S+ peer-group (\S+)$/.exec(line))) {
            if (!groups.has(m[1]) || !remoteAs.has(m[1])) {
                problems.push(`${at}: listen range for peer-group ${m[1]} without a defined peer-group with remote-as`);
            }
        } else if ((m = /^ address-family (\S+) unicast$/.exec(line))) {
            family = m[1];
        } else if ((m = /^ {1,2}neighbor (\S+) (.*)$/.exec(line))) {
            const [, peer, rest] = m;
            // A peer-group member has its group's remote-as (its own settings: `graceful-restart-helper`).
            if (!remoteAs.has(peer) && !members.has(peer)) {
                problems.push(`${at}: neighbor ${peer} used before its remote-as`);
            }
            const routeMap = /^route-map (\S+) (in|out)$/.exec(rest);
            if (routeMap) {
                if (!routeMaps.has(routeMap[1])) {
                    problems.push(`${at}: route-map ${routeMap[1]} is not defined`);
                }
                const key = `${family} ${peer}`;
                policies.set(key, (policies.get(key) ?? new Set()).add(routeMap[2]));
            }
        }
    }
    for (const peer of remoteAs) {
        for (const afi of ['ipv4']) {
            const directions = policies.get(`${afi} ${peer}`) ?? new Set();
            if (!directions.has('in') || !directions.has('out')) {
                problems.push(`${peer} lacks an ${['in', 'out'].filter((d) => !directions.has(d)).join(' and ')} policy in ${afi} unicast`);
            }
        }
    }
    return problems;
}

const frrFiles = (await renderCorpus()).filter((file) => file.kind === 'frr');

describe('FRR name consistency', () => {
    test.each(frrFiles.map((file) => [label(file), file.content] as const))('%s', (_name, content) => {
        expect(frrNameProblems(content)).toEqual([]);
    });

    test('the check finds an undefined route-map, prefix-list and a missing out policy', () => {
        const content = frrFiles[0].content;
        const broken = content
            .replace(/^route-map RM-DENY-ALL deny 10\nexit\n/m, '')
            .replace(/^ip prefix-list (\S+) seq 10 .*\n/m, '')
            .replace(/^  neighbor (\S+) route-map RM-DENY-ALL out\n/m, '');
        const problems = frrNameProblems(broken);
        expect(problems.some((p) => /route-map RM-DENY-ALL is not defined/.test(p))).toBe(true);
        expect(problems.some((p) => /prefix-list .* is not defined/.test(p))).toBe(true);
        expect(problems.some((p) => /lacks an out policy/.test(p))).toBe(true);
    });
});
