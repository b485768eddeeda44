// What was dropped on the window, as a flat list of Files: plain files, and the files inside dropped
// folders (walked recursively through the File and Directory Entries API, which Chromium supports).

export interface DroppedFile {
  file: File;
  /** Path inside the dropped folder (or the file's name): what the import report names. */
  path: string;
  size: number;
}

const dropped = (file: File, path = file.name): DroppedFile => ({ file, path, size: file.size });

/** Never walk more than this many files from one drop; main's importFiles takes 5000 per call anyway. */
export const MAX_DROPPED_FILES = 20_000;

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: DroppedFile[]): Promise<void> {
  if (out.length >= MAX_DROPPED_FILES) return;
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    out.push(dropped(file, entry.fullPath ? entry.fullPath.replace(/^\//, '') : file.name));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries hands out at most ~100 entries per call; call until it returns none.
  for (;;) {
    const batch = await readEntries(reader);
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, out);
  }
}

/** Must be called synchronously inside the drop handler: the entries die with the event. */
export function droppedFiles(transfer: DataTransfer): Promise<DroppedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(transfer.files));
  return (async () => {
    const out = loose.map((file) => dropped(file));
    for (const entry of entries) await walk(entry, out);
    return out;
  })();
}
