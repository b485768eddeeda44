// `maskcue import --workspace DIR PATH... [--copy] [--json]`: the same import as the app's, from a
// terminal. Exits 0 whenever the import ran, even if files failed (they are listed); non-zero only
// when it could not run (workspace locked or damaged: 2) or was interrupted (Ctrl-C: 130, after
// committing what it had and printing the report so far).
import type { ImportProgress, ImportReport } from '../../common/dicom/records';
import { runImport } from '../dicom/import/import-run';
import { defaultWorkspaceDir } from '../paths';
import { Workspace } from '../workspace/workspace';

export interface ImportCommandOptions {
  workspace?: string;
  copy?: boolean;
  json?: boolean;
}

export function formatSummary(report: ImportReport, cancelled: boolean, seconds: number): string {
  const lines = [
    `${cancelled ? 'Cancelled after importing' : 'Imported'} ${report.imported} instance(s) into ${report.series} series of ${report.studies} study(ies) ` +
      `in ${seconds.toFixed(1)} s; ${report.duplicates} already in the workspace, ${report.failed.length} not imported.`,
  ];
  for (const failure of report.failed) lines.push(`  ${failure.path}: ${failure.reason}`);
  return lines.join('\n');
}

function progressLine(progress: ImportProgress): string {
  return `scanned ${progress.scanned}/${progress.total} · imported ${progress.imported} · duplicates ${progress.duplicates} · failed ${progress.failed}`;
}

export async function importCommand(paths: string[], options: ImportCommandOptions): Promise<void> {
  // Ctrl-C from here on stops at the next file instead of killing the process mid-transaction.
  let cancelled = false;
  const onSigint = () => {
    cancelled = true;
  };
  process.on('SIGINT', onSigint);
  let workspace: Workspace;
  try {
    workspace = Workspace.open(options.workspace ?? defaultWorkspaceDir());
  } catch (error) {
    process.off('SIGINT', onSigint);
    throw error;
  }
  const interactive = !options.json && process.stderr.isTTY === true;
  const started = performance.now();
  try {
    const outcome = await runImport(
      { paths, mode: options.copy ? 'copy' : 'reference' },
      {
        workspace,
        jobId: 'cli',
        isCancelled: () => cancelled,
        progressIntervalMs: interactive ? 200 : 2000,
        onProgress: options.json ? undefined : (progress) => process.stderr.write(interactive ? `\r${progressLine(progress)}\x1b[K` : `${progressLine(progress)}\n`),
      },
    );
    if (interactive) process.stderr.write('\n');
    if (options.json) console.log(JSON.stringify(outcome.report));
    else console.log(formatSummary(outcome.report, outcome.cancelled, (performance.now() - started) / 1000));
    if (outcome.cancelled) process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSigint);
    workspace.close();
  }
}
