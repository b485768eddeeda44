// The `maskcue` command. Each subcommand lives in its own file; this one only parses and reports errors.
import { Command, InvalidArgumentError } from 'commander';
import { MaskcueError } from '../../common/api';
import packageJson from '../../package.json';
import { decodeCommand, frameOption } from './decode';
import { registerEvalCommand } from './eval';
import { importCommand } from './import';
import { registerModelsCommands } from './models-commands';
import { registerReportCommand } from './report';
import { modelsList } from './models-list';
import { registerSegmentCommand } from './segment';
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

  program.command('import').description('import DICOM files, folders and DICOMDIRs into a workspace').argument('<paths...>', 'files, folders or DICOMDIR files')
    .option('--workspace <dir>', 'workspace folder (created if new and empty)').option('--copy', 'copy the files into the workspace (default: read them where they are)')
    .option('--json', 'print one JSON object: imported, duplicates, studies, series, failed')
    .action((paths: string[], options: { workspace?: string; copy?: boolean; json?: boolean }) => importCommand(paths, options));

  program.command('decode').description('decode one frame of a DICOM file with MaskCue\'s decoder').argument('<file>', 'a DICOM file')
    .option('--frame <n>', 'frame index, counting from 0 (default 0)', frameOption)
    .option('--raw <out>', 'write the frame\'s pixel data as it stands uncompressed in Explicit VR Little Endian').option('--json', 'print the frame\'s layout as JSON')
    .action((file: string, options: { frame?: number; raw?: string; json?: boolean }) => decodeCommand(file, options));

  const models = program.command('models').description('models for segmentation and classification');
  models
    .command('list')
    .description('list embedded and installed models, and the execution provider that runs them')
    .option('--json', 'print JSON')
    .option('--no-probe', 'do not start the inference host to find the execution provider')
    .action((options: { json?: boolean; probe?: boolean }) => modelsList(options));
  registerModelsCommands(models);
  registerSegmentCommand(program);
  registerEvalCommand(program);
  registerReportCommand(program);

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
