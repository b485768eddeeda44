// The `maskcue` command. Each subcommand lives in its own file; this one only parses and reports errors.
import { Command, InvalidArgumentError } from 'commander';
import { MaskcueError } from '../../common/api';
import packageJson from '../../package.json';
import { modelsList } from './models-list';
import { serve } from './serve';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return parsed;
}

export function buildProgram(): Command {
  const program = new Command('maskcue')
    .description('MaskCue: offline radiology workstation — outline a finding, classify it through the mask, retrain on your cases.')
    .version(packageJson.version)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run MaskCue in browser mode on 127.0.0.1 (same services as the desktop app)')
    .option('--workspace <dir>', 'workspace folder (created if new and empty)')
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .option('--open', 'open the address in the default browser')
    .action((options: { workspace?: string; port?: number; open?: boolean }) => serve(options));

  const models = program.command('models').description('models for segmentation and classification');
  models
    .command('list')
    .description('list embedded and installed models, and the execution provider that runs them')
    .option('--json', 'print JSON')
    .option('--no-probe', 'do not start the inference host to find the execution provider')
    .action((options: { json?: boolean; probe?: boolean }) => modelsList(options));

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof MaskcueError) {
      console.error(`maskcue: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(`maskcue: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    }
  }
}
