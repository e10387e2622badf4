/**
 * The text of a container log fetched without a TTY: each frame carries an 8-byte
 * header (stream, size) that is stripped here.
 */
export function demuxLogs(buffer: Buffer): string {
  const text: string[] = [];
  for (let i = 0; i + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(i + 4);
    text.push(buffer.subarray(i + 8, i + 8 + size).toString());
    i += 8 + size;
  }
  return text.join("");
}
