/**
 * The kernel settings a host's role needs, per address family: forwarding on routers (IPv6 too when the
 * router has IPv6 addresses), non-local bind for HAProxy holders of a keepalived VIP (the sysctl of the
 * VIP's family). Every key must exist in this machine's /proc/sys, as the on-host check requires.
 */
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sysctlFile, sysctlSettings } from '../../src/deploy/deploy-sysctl.js';
import { DUAL_STACK, IPV6_FABRIC } from '../render/focused-topologies.js';
import { exampleText, modelOf } from '../render/render-fixtures.js';

const keys = (settings: ReadonlyArray<readonly [string, string, string]>) => settings.map(([key, value]) => `${key}=${value}`);

describe('host kernel settings', () => {
    test('IPv6 fabric: routers forward both families, HAProxy holders of an IPv6 VIP get net.ipv6.ip_nonlocal_bind', async () => {
        const model = await modelOf(IPV6_FABRIC);
        const host = (name: string) => model.hosts.find((h) => h.name === name)!;
        expect(keys(sysctlSettings(model, host('tor1')))).toEqual(['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
        expect(keys(sysctlSettings(model, host('lb1')))).toEqual(['net.ipv6.ip_nonlocal_bind=1']);
        expect(sysctlSettings(model, host('a1'))).toEqual([]);
        expect(sysctlFile(model, host('a1'))).toBeUndefined();
        expect(sysctlFile(model, host('lb2'))!.content).toMatch(/^# HAProxy binds api6 before keepalived gives this host the address\nnet\.ipv6\.ip_nonlocal_bind = 1$/m);
    });

    test('dual stack: a load balancer holding an IPv4 and an IPv6 API VIP gets both non-local binds', async () => {
        const model = await modelOf(DUAL_STACK);
        const host = (name: string) => model.hosts.find((h) => h.name === name)!;
        expect(keys(sysctlSettings(model, host('lb1')))).toEqual(['net.ipv4.ip_nonlocal_bind=1', 'net.ipv6.ip_nonlocal_bind=1']);
        expect(keys(sysctlSettings(model, host('tor2')))).toEqual(['net.ipv4.ip_forward=1', 'net.ipv6.conf.all.forwarding=1']);
    });

    test('IPv4 example: routers forward IPv4 only, the load balancers get net.ipv4.ip_nonlocal_bind', async () => {
        const model = await modelOf(exampleText('seed-metallb-frr-ha-fixed'));
        const settings = model.hosts.map((host) => [host.name, keys(sysctlSettings(model, host))] as const).filter(([, list]) => list.length > 0);
        expect(settings.length).toBeGreaterThan(0);
        for (const [name, list] of settings) {
            const host = model.hosts.find((h) => h.name === name)!;
            expect(list, name).toEqual(host.kind === 'router' ? expect.arrayContaining(['net.ipv4.ip_forward=1']) : ['net.ipv4.ip_nonlocal_bind=1']);
            expect(list.join(' '), name).not.toContain('ipv6');
        }
    });

    test('every key the deployer can write exists in /proc/sys here', async () => {
        for (const text of [IPV6_FABRIC, DUAL_STACK, exampleText('seed-metallb-frr-ha-fixed')]) {
            const model = await modelOf(text);
            for (const host of model.hosts) {
                for (const [key] of sysctlSettings(model, host)) {
                    expect(existsSync(`/proc/sys/${key.replace(/\./g, '/')}`), key).toBe(true);
                }
            }
        }
    });
});
