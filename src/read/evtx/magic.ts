// The first bytes of an EVTX file, alone in a module: sniffing a file's format must not load the EVTX
// decoder (a hunt worker reading NDJSON ranges never needs it).

export const EVTX_MAGIC = Buffer.from('ElfFile\0', 'latin1');
