/** The value rules shared by validation and the renderers: what each accepts and refuses, with the rule named. */
import { describe, expect, test } from 'vitest';
import {
    bgpCommunityProblem,
    declarationNameProblem,
    filePathProblem,
    interfaceNameProblem,
    kubernetesLabelKeyProblem,
    kubernetesLabelValueProblem,
    kubernetesNodeNameProblem,
    kubernetesObjectNameProblem,
    secretNameProblem,
    sshHostProblem,
    userNameProblem
} from '../../src/model/value-syntax.js';

type Rule = (value: string) => string | undefined;

const cases: ReadonlyArray<readonly [string, Rule, string[], string[]]> = [
    [
        'interface names',
        interfaceNameProblem,
        ['eth0', 'bond0.100', 'br-lan', 'enp0s31f6', 'wg_mesh', 'fifteen-bytes-x'],
        ['', '.', '..', 'sixteen-bytes-xx', 'eth0:1', 'a/b', 'eth 0', 'eth0\n', 'eth0\0', '-eth0', 'eth$0', 'eth{', 'ethé', 'eth0\u2028']
    ],
    ['user names', userNameProblem, ['ops', 'deploy.bot_2', '_svc', 'a'.repeat(32)], ['', '-o', 'ops;id', 'o p', 'a'.repeat(33), 'ops\n', 'jürgen']],
    [
        'SSH hosts',
        sshHostProblem,
        ['10.0.0.1', '2001:db8::1', 'r1', 'r1.example.net', 'a'.repeat(63)],
        ['', '10.0.0.300', '2001:db8:::1', 'r1_mgmt', '-oProxyCommand=x', 'r1.', 'a'.repeat(64), `${'a.'.repeat(127)}ab`, 'r1\n', 'h$(id)']
    ],
    ['secret names', secretNameProblem, ['bgp', 'rack-a-bgp', 'a'.repeat(63)], ['', 'BGP', 'bgp_md5', 'bgp md5', 'bgp:md5', '-bgp', 'bgp-', 'a'.repeat(64), 'a.b']],
    ['file paths', filePathProblem, ['~/.ssh/id_ed25519', '/a b/(c)/$d;e|f', '-x', 'é'], ['', 'a\nb', 'a\0b', 'a\u0085b', 'a'.repeat(4096)]],
    ['declaration names', declarationNameProblem, ['r1', 'Tor_2', 'a'.repeat(63), '_x'], ['', '1r', 'a'.repeat(64), 'a.b', 'a b']],
    ['Kubernetes node names', kubernetesNodeNameProblem, ['cp1', 'w-2'], ['Cp1', 'cp_1', 'w-', '_w']],
    ['Kubernetes object names', kubernetesObjectNameProblem, ['a', 'a.b-c', 'x'.repeat(63)], ['', 'A', 'a..b', '-a', 'a_b', 'x'.repeat(64)]],
    ['Kubernetes label values', kubernetesLabelValueProblem, ['', 'a', 'A_b.c-1'], ['-a', 'a-', 'a b', 'a'.repeat(64)]],
    ['Kubernetes label keys', kubernetesLabelKeyProblem, ['app', 'app.kubernetes.io/name', 'bgptopo.io/cluster'], ['', 'a/', 'A_B/x', '/x', 'x y']],
    ['BGP communities', bgpCommunityProblem, ['65000:100', '0:0', '4200000000:1:2', 'no-export'], ['65536:1', '1', '1:2:3:4', 'a:b', '01:2', '1:4294967296:0']]
];

describe.each(cases)('%s', (_what, rule, good, bad) => {
    test.each(good.map((value) => [JSON.stringify(value).slice(0, 40), value]))('accepts %s', (_label, value) => {
        expect(rule(value)).toBeUndefined();
    });
    test.each(bad.map((value) => [JSON.stringify(value).slice(0, 40), value]))('refuses %s, naming the rule', (_label, value) => {
        expect(rule(value)).toMatch(/: .{20,}/);
    });
});
