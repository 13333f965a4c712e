// Reading a Parquet file back in tests, with hyparquet (the reader of the writer's project).
import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetReadObjects, type FileMetaData } from 'hyparquet';

function bytesOf(path: string): ArrayBuffer {
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Every row as an object, columns in file order. */
export function readParquet(path: string): Promise<Record<string, unknown>[]> {
  return parquetReadObjects({ file: bytesOf(path) });
}

export function parquetMetadataOf(path: string): FileMetaData {
  return parquetMetadata(bytesOf(path));
}
