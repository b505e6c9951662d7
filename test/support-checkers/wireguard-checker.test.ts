import { expect, it } from 'vitest';
import { WIREGUARD_CHECKER_PREREQUISITES, checkWireguardConfig, stripWgQuickKeys } from '../support/checkers/wireguard-checker.js';
import { describeWithTools, fixture } from './checker-fixtures.js';

it('stripWgQuickKeys removes only wg-quick keys of [Interface] and keeps line numbers', () => {
    const input = '[Interface]\nAddress = 10.99.0.1/24\nmtu=1420\nListenPort = 51899 # port\n[Peer]\nAllowedIPs = 10.99.0.2/32\n';
    const stripped = stripWgQuickKeys(input);
    expect(stripped).toBe('[Interface]\n\n\nListenPort = 51899 # port\n[Peer]\nAllowedIPs = 10.99.0.2/32\n');
});

describeWithTools('checkWireguardConfig (wg setconf parse check)', WIREGUARD_CHECKER_PREREQUISITES, () => {
    it('accepts the known-good wg-quick config (Address/MTU/SaveConfig stripped)', async () => {
        const result = await checkWireguardConfig(fixture('wg99.conf'));
        expect(result.errors).toEqual([]);
        expect(result.ok).toBe(true);
        expect(result.stderr).toMatch(/Unable to modify interface/); // parsed, then no device: valid syntax
    });

    it('rejects the broken config with the offending line (wg reports the first error only)', async () => {
        const result = await checkWireguardConfig(fixture('wg99broken.conf'));
        expect(result.ok).toBe(false);
        expect(result.errors).toEqual(["line 3: Line unrecognized: `ListenPrt=51899'"]);
    });

    it('rejects a malformed AllowedIPs prefix and a short key', async () => {
        const prefix = await checkWireguardConfig(fixture('wg99.conf').replace('10.99.0.2/32', '10.99.0.2/33'));
        expect(prefix.errors).toEqual(["line 12: AllowedIP is not in the correct format: `10.99.0.2/33'"]);
        const key = await checkWireguardConfig(fixture('wg99.conf').replace('AQE=', 'Q='));
        expect(key.ok).toBe(false);
        expect(key.errors[0]).toMatch(/^line 4: Key is not the correct length or format/);
    });

    it('rejects a ListenPort above 65535 that wg itself would wrap silently', async () => {
        const result = await checkWireguardConfig(fixture('wg99.conf').replace('ListenPort = 51899', 'ListenPort = 70000'));
        expect(result.ok).toBe(false);
        expect(result.errors).toEqual(['line 3: ListenPort 70000 is outside 0..65535 (wg would silently wrap it)']);
    });
});
