import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';

// The development mail driver writes each message as an .eml file into DATA_DIR/outbox: the
// tests read the mails a user would get from there.
export interface Mail {
  file: string;
  to: string;
  subject: string;
  text: string;
  links: string[];
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function header(raw: string, name: string): string {
  const m = raw.match(new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi'));
  return m?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
}

export function readOutbox(): Mail[] {
  const dir = join(process.env.E2E_DATA_DIR ?? '', 'outbox');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime)
    .map(({ name }) => {
      const raw = readFileSync(join(dir, name), 'latin1');
      const text = decodeQuotedPrintable(raw);
      const links = [...text.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
      return { file: name, to: header(raw, 'To'), subject: header(raw, 'Subject'), text, links };
    });
}

// Waits for a mail to `email` whose links include one containing `linkPart`; returns it.
export async function waitForLink(email: string, linkPart: string): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      () => {
        const mails = readOutbox().filter((m) => m.to.toLowerCase().includes(email.toLowerCase()));
        found = mails
          .flatMap((m) => m.links)
          .reverse()
          .find((l) => l.includes(linkPart));
        return found;
      },
      { timeout: 15_000, message: `a mail to ${email} with a ${linkPart} link` },
    )
    .toBeTruthy();
  return found ?? '';
}
