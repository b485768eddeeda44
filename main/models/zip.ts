// Extracting named members from a .zip (samexporter's SAM2.1 downloads are zips of encoder + decoder)
// with node:zlib, streaming, so a 770 MB archive never sits in memory. Reads the central directory
// (with ZIP64 sizes/offsets), supports stored and deflated members, and checks each member's CRC-32
// and size. Only the members asked for are written, to paths the caller chooses: an archive cannot
// place files anywhere by itself (no "zip slip").

import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { MaskcueError } from '../../common/api';

export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

function bad(path: string, why: string): MaskcueError {
  return new MaskcueError('MODEL_LOAD_FAILED', `The archive ${path} cannot be read: ${why}. Download it again (maskcue models fetch retries from scratch after this).`);
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function listZip(path: string): Promise<ZipMember[]> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    // End of central directory: within the last 64 KiB + 22 bytes (comment ≤ 65535).
    const tailLength = Math.min(size, 65557);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i -= 1) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw bad(path, 'it has no end-of-central-directory record (truncated, or not a zip)');
    let count = tail.readUInt16LE(eocd + 10);
    let dirSize = tail.readUInt32LE(eocd + 12);
    let dirOffset = tail.readUInt32LE(eocd + 16);
    if (dirOffset === 0xffffffff || count === 0xffff) {
      // ZIP64: the locator sits just before the EOCD.
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw bad(path, 'its ZIP64 locator is missing');
      const z64 = Number(tail.readBigUInt64LE(locator + 8));
      const rec = await readAt(handle, z64, 56);
      if (rec.readUInt32LE(0) !== 0x06064b50) throw bad(path, 'its ZIP64 directory record is damaged');
      count = Number(rec.readBigUInt64LE(32));
      dirSize = Number(rec.readBigUInt64LE(40));
      dirOffset = Number(rec.readBigUInt64LE(48));
    }
    if (dirOffset + dirSize > size) throw bad(path, 'its central directory lies beyond the end of the file (truncated)');
    const dir = await readAt(handle, dirOffset, dirSize);
    const members: ZipMember[] = [];
    let at = 0;
    for (let k = 0; k < count; k += 1) {
      if (at + 46 > dir.length || dir.readUInt32LE(at) !== 0x02014b50) throw bad(path, 'its central directory is damaged');
      const method = dir.readUInt16LE(at + 10);
      const crc = dir.readUInt32LE(at + 16);
      let compressedSize = dir.readUInt32LE(at + 20);
      let sizeOut = dir.readUInt32LE(at + 24);
      const nameLength = dir.readUInt16LE(at + 28);
      const extraLength = dir.readUInt16LE(at + 30);
      const commentLength = dir.readUInt16LE(at + 32);
      let localHeaderOffset = dir.readUInt32LE(at + 42);
      const name = dir.subarray(at + 46, at + 46 + nameLength).toString('utf8');
      // ZIP64 extra field: the 64-bit values, in order, of those that are 0xFFFFFFFF above.
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      while (extra + 4 <= extraEnd) {
        const id = dir.readUInt16LE(extra);
        const length = dir.readUInt16LE(extra + 2);
        if (id === 0x0001) {
          let p = extra + 4;
          if (sizeOut === 0xffffffff) {
            sizeOut = Number(dir.readBigUInt64LE(p));
            p += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(dir.readBigUInt64LE(p));
            p += 8;
          }
          if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(dir.readBigUInt64LE(p));
        }
        extra += 4 + length;
      }
      members.push({ name, method, compressedSize, size: sizeOut, crc, localHeaderOffset });
      at = extraEnd + commentLength;
    }
    return members;
  } finally {
    await handle.close();
  }
}

/** Streams one member to `target`; returns its sha256. Checks size and CRC-32. */
export async function extractMember(path: string, member: ZipMember, target: string): Promise<string> {
  if (member.method !== 0 && member.method !== 8) throw bad(path, `${member.name} uses compression method ${member.method} (only stored and deflate are supported)`);
  const handle = await fs.open(path, 'r');
  let dataStart: number;
  try {
    const local = await readAt(handle, member.localHeaderOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw bad(path, `the local header of ${member.name} is damaged`);
    dataStart = member.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  const { size } = await fs.stat(path);
  if (dataStart + member.compressedSize > size) throw bad(path, `${member.name} runs past the end of the file (truncated)`);
  const hash = createHash('sha256');
  let crc = 0;
  let written = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      crc = crc32(chunk, crc);
      written += chunk.length;
      done(null, chunk);
    },
  });
  const source = member.compressedSize === 0 ? [] : createReadStream(path, { start: dataStart, end: dataStart + member.compressedSize - 1 });
  try {
    if (member.method === 8) await pipeline(source, createInflateRaw(), check, createWriteStream(target));
    else await pipeline(source, check, createWriteStream(target));
  } catch (e) {
    throw bad(path, `${member.name} does not decompress (${e instanceof Error ? e.message : String(e)})`);
  }
  if (written !== member.size) throw bad(path, `${member.name} gave ${written} bytes instead of ${member.size}`);
  if (crc >>> 0 !== member.crc >>> 0) throw bad(path, `${member.name} fails its CRC-32 check`);
  return hash.digest('hex');
}
