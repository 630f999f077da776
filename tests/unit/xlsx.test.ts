import { describe, expect, it } from 'vitest';
import { officeKindOf } from '../../src/attachments/office.js';
import { readZipEntry, zipEntries } from '../../src/attachments/zip.js';
import { xlsxWorkbook } from '../../src/lib/xlsx.js';

const text = async (bytes: Uint8Array, name: string) => {
  const entry = zipEntries(bytes)!.find((e) => e.name === name)!;
  return new TextDecoder().decode((await readZipEntry(bytes, entry, 1 << 20))!);
};

describe('the .xlsx writer', () => {
  it('writes a workbook the Office detector recognises, with text and numbers in their cells', async () => {
    const bytes = xlsxWorkbook('风险清单', [
      ['序号', '风险点名称', '风险值'],
      [1, '食堂燃气 <管道> & 灶具', 20],
      [2, 'line\u0001break', null],
    ]);
    expect(await officeKindOf(bytes)).toBe('xlsx');
    const sheet = await text(bytes, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A2"><v>1</v></c>');
    expect(sheet).toContain('<c r="B2" t="inlineStr"><is><t xml:space="preserve">食堂燃气 &lt;管道&gt; &amp; 灶具</t></is></c>');
    expect(sheet).toContain('<c r="C2"><v>20</v></c>');
    expect(sheet).toContain('linebreak');
    expect(sheet).not.toContain('r="C3"');
    expect(await text(bytes, 'xl/workbook.xml')).toContain('name="风险清单"');
  });

  it('names columns past Z like a spreadsheet (AA, AB …)', async () => {
    const row = Array.from({ length: 28 }, (_, i) => i);
    const sheet = await text(xlsxWorkbook('s', [row]), 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="Z1"><v>25</v></c>');
    expect(sheet).toContain('<c r="AB1"><v>27</v></c>');
  });
});
