import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathInside } from './inside-folder.js';

/** Temp file then rename, in the same folder: a reader never sees half a file, a crash leaves no half file. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Writes a whole folder beside its final place, then swaps it in: a reader never sees half of it. */
export async function writeFolderAtomically(out: string, files: readonly { path: string; text: string }[]): Promise<string[]> {
  const staging = `${out}.partial-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const f of files) {
      const file = pathInside(staging, f.path);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.text, 'utf8');
    }
    await rename(out, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await rename(staging, out);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  await rm(old, { recursive: true, force: true });
  return files.map((f) => pathInside(out, f.path));
}
