import { expect, it } from 'vitest';
import { HAPROXY_CHECKER_PREREQUISITES, checkHaproxyConfig } from '../support/checkers/haproxy-checker.js';
import { describeWithTools, fixture } from './checker-fixtures.js';

describeWithTools('checkHaproxyConfig (haproxy -c -dW)', HAPROXY_CHECKER_PREREQUISITES, () => {
    it('accepts the known-good API load-balancer config', async () => {
        const result = await checkHaproxyConfig(fixture('haproxy-good.cfg'));
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.exitCode).toBe(0);
    });

    it('rejects the broken config with located alerts', async () => {
        const result = await checkHaproxyConfig(fixture('haproxy-broken.cfg'));
        expect(result.ok).toBe(false);
        expect(result.exitCode).toBe(1);
        expect(result.errors).toHaveLength(2);
        expect(result.errors[0]).toMatch(/^alert: line 23: balance only supports 'roundrobin'/);
        expect(result.errors[1]).toBe("alert: line 29: 'server k8s-api-be/cp3' : invalid port '99999'");
    });

    it('treats warnings as failures (missing timeouts)', async () => {
        const text = fixture('haproxy-good.cfg').replace(/^\s+timeout (client|server|connect) .*\n/gm, '');
        const result = await checkHaproxyConfig(text);
        expect(result.ok).toBe(false);
        expect(result.errors).toContain("warning: missing timeouts for frontend 'k8s-api'.");
    });
});
