// `maskcue models list`: what is installed, and which execution provider sessions really get here
// (found by creating one in the inference host, because ORT only tells by failing).
import type { ModelRecord, ProbeResult } from '../../common/api';
import { InferenceHost } from '../inference/host-client';
import { listModels } from '../models/registry';
import { modelsDir } from '../paths';

function size(bytes: number): string {
  if (bytes === 0) return '-';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function formatModelTable(models: readonly ModelRecord[]): string {
  const rows = [
    ['ID', 'TASK', 'FAMILY', 'SIZE', 'INSTALLED', 'PROVIDER'],
    ...models.map((m) => [m.id, m.task, m.family, size(m.sizeBytes), m.installed ? 'yes' : 'no', m.provider ?? '-']),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

export function formatProbe(probe: ProbeResult): string {
  const failed = probe.attempts.filter((a) => !a.ok);
  const tried = failed.map((a) => `${a.provider} unavailable: ${(a.error ?? '').split('\n')[0]}`).join('; ');
  return `Execution provider: ${probe.provider} (onnxruntime ${probe.ortVersion})${tried ? ` — ${tried}` : ''}`;
}

export async function modelsList(options: { json?: boolean; probe?: boolean }): Promise<void> {
  let probe: ProbeResult | null = null;
  let probeError: string | null = null;
  if (options.probe !== false) {
    const host = new InferenceHost({ transport: 'child-process' });
    try {
      probe = await host.probe();
    } catch (error) {
      probeError = error instanceof Error ? error.message : String(error);
    } finally {
      await host.close();
    }
  }
  const models = listModels(modelsDir(), probe?.provider ?? null);
  if (options.json) {
    console.log(JSON.stringify({ models, probe, probeError }, null, 2));
    return;
  }
  console.log(formatModelTable(models));
  console.log('');
  console.log(probe ? formatProbe(probe) : `Execution provider: unknown (${probeError ?? 'not probed'})`);
  console.log(`Models folder: ${modelsDir()}`);
  if (models.some((m) => !m.installed)) console.log('Install a catalog model: maskcue models fetch ID · register your own export: maskcue models add DIR');
}
