// Every contract method has its preload function and its main handler, and works end to end through
// the router against the real services (workspace store, models registry, inference host).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, contractMethods, type AuditEvent, type ModelRecord, type Result } from '../../common/api';
import { createCore, type Core } from '../../main/app-core';
import { buildBridgeApi } from '../../preload/bridge-api';

describe('contract coverage', () => {
  let root: string;
  let core: Core;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'maskcue-contract-'));
    core = createCore({ workspaceDir: join(root, 'ws'), modelsDir: join(root, 'models'), mode: 'browser', log: () => {} });
  });

  afterAll(async () => {
    await core.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('has a main handler and a preload function for every contract method', () => {
    const bridge = buildBridgeApi({ invoke: async () => ({ ok: true, value: null }), listen: () => () => {} }) as unknown as Record<string, Record<string, unknown>>;
    const handlers = core.handlers as unknown as Record<string, Record<string, unknown>>;
    const methods = contractMethods();
    expect(methods.length).toBeGreaterThan(0);
    for (const { service, method } of methods) {
      expect(typeof handlers[service]?.[method], `main handler ${service}.${method}`).toBe('function');
      expect(typeof bridge[service]?.[method], `preload ${service}.${method}`).toBe('function');
    }
    // Nothing extra either: handlers and bridge expose the contract, exactly.
    for (const service of Object.keys(handlers)) {
      expect(Object.keys(handlers[service]!).sort()).toEqual(Object.keys(contract[service as keyof typeof contract]).sort());
    }
  });

  it('answers app.info with the workspace, engines and mode', async () => {
    const result = await core.router.dispatch('app', 'info', []);
    expect(result).toMatchObject({
      ok: true,
      value: {
        name: 'MaskCue',
        mode: 'browser',
        workspace: { path: join(root, 'ws'), schemaVersion: expect.any(Number) },
        engines: { segmentation: { engine: 'GrowCut', modelId: null }, classification: { engine: 'radiomics', modelId: null } },
      },
    });
  });

  it('lists the embedded models, an empty study list and the audit log', async () => {
    const models = (await core.router.dispatch('models', 'list', [])) as Result<ModelRecord[]>;
    expect(models.ok && models.value.map((m) => m.id)).toEqual(expect.arrayContaining(['growcut', 'radiomics']));
    expect(await core.router.dispatch('studies', 'list', [{}])).toEqual({ ok: true, value: [] });
    core.workspace.audit('test.event', 'from the contract test');
    const audit = (await core.router.dispatch('workspace', 'audit', [{ limit: 10 }])) as Result<AuditEvent[]>;
    expect(audit.ok && audit.value[0]).toMatchObject({ action: 'test.event', detail: 'from the contract test' });
  });

  it('probes the execution provider through the real inference host', async () => {
    const probe = await core.router.dispatch('inference', 'probe', []);
    expect(probe).toMatchObject({ ok: true, value: { provider: 'cpu' } });
    const status = await core.router.dispatch('inference', 'status', []);
    expect(status).toMatchObject({ ok: true, value: { state: 'ready', provider: 'cpu' } });
    expect(await core.router.dispatch('inference', 'cancel', ['no-such-request'])).toEqual({ ok: true, value: { cancelled: false } });
  });
});
