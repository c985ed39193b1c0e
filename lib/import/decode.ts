/**
 * Bytes of an imported file → text. Strict UTF-8: a decoder that replaces bad bytes with
 * U+FFFD would import "Caf\uFFFD" for "Café". An OKR Lens export is always UTF-8, so a JSON
 * file that is not is refused; Excel's plain "CSV" is Windows-1252, so a CSV that is not UTF-8
 * is read as that, with a warning. (A U+FFFD that really is in the data stays legal.)
 */
export type Decoded =
  { ok: true; text: string; warnings: string[] } | { ok: false; message: string };

export function decodeImportBytes(bytes: Uint8Array, kind: 'json' | 'csv'): Decoded {
  try {
    return {
      ok: true,
      text: new TextDecoder('utf-8', { fatal: true }).decode(bytes),
      warnings: [],
    };
  } catch {
    if (kind === 'json')
      return {
        ok: false,
        message:
          'The file is not UTF-8 text (an OKR Lens export always is). Save it as UTF-8 and try again.',
      };
    return {
      ok: true,
      text: new TextDecoder('windows-1252').decode(bytes),
      warnings: ['The file was not UTF-8; it was read as Windows-1252 (Excel’s plain “CSV”).'],
    };
  }
}
