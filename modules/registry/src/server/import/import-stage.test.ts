import { describe, expect, it } from 'vitest';
import { FieldCipher, SealingPool } from '@mz/crypto';
import type { ImportRow } from './import-file.ts';
import { IMPORT_COLUMNS } from './import-template.ts';
import { csvField, idNumberProblem, inPromotionOrder, normaliseRegionCode, prepareStage, promotionOrder, sealStage, stagingCsv, STAGE_COLUMNS, UuidSequence } from './import-stage.ts';
import { badCheckId, validId } from './testing/fixtures.ts';

function row(rowNo: number, values: Partial<ImportRow['values']>): ImportRow {
  const all = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, ''])) as ImportRow['values'];
  return { rowNo, values: { ...all, ...values } };
}

describe('UuidSequence', () => {
  it('hands out valid, increasing version-7 UUIDs', () => {
    const seq = new UuidSequence(Date.UTC(2026, 0, 2));
    const ids = Array.from({ length: 5000 }, () => seq.next());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]!.replace(/-/g, '').slice(0, 12)).toBe(Date.UTC(2026, 0, 2).toString(16).padStart(12, '0'));
  });

  it('keeps counting past the 28 bits after the variant', () => {
    const seq = new UuidSequence(0);
    (seq as unknown as { counter: number }).counter = 2 ** 28 - 1;
    const [a, b] = [seq.next(), seq.next()];
    expect(a < b).toBe(true);
    expect(b.slice(14, 18)).toBe('7001');
  });

  it('two sequences of the same millisecond differ', () => {
    const [a, b] = [new UuidSequence(1), new UuidSequence(1)];
    expect(a.next()).not.toBe(b.next());
  });
});

describe('promotion order', () => {
  it('sorts by the managing region (现居住地, else 户籍地, padded as stored), then name; ties keep file order', () => {
    const rows = [
      row(2, { name: '王五', hukouRegionCode: '220105003005' }),
      row(3, { name: '李四', hukouRegionCode: '220105003005', regionCode: '220105003001' }),
      row(4, { name: '张三', hukouRegionCode: '220105003' }),
      row(5, { name: '王五', hukouRegionCode: '220105003005' }),
      row(6, { name: '赵六', hukouRegionCode: 'x' }),
    ];
    expect(promotionOrder(rows).map((i) => rows[i]!.rowNo)).toEqual([4, 3, 2, 5, 6]);
  });

  it('pads the shapes the template allows and nothing else', () => {
    expect(normaliseRegionCode('22')).toBe('220000000000');
    expect(normaliseRegionCode('220105003')).toBe('220105003000');
    expect(normaliseRegionCode('220105003005')).toBe('220105003005');
    for (const bad of ['', '2', '2201050', '2201050030051', '22010500300A', ' 22']) expect(normaliseRegionCode(bad)).toBeNull();
  });
});

describe('ID number check while staging', () => {
  // The SQL function registry_id_problem() says the same; import.db.test.ts holds them together.
  it.each([
    [validId('1970-03-01', 11), null],
    [null, '身份证号不能为空'],
    ['22010519700301001', '身份证号应为18位（或15位旧号码），前17位为数字，末位为数字或X'],
    ['99010519700301001X', '身份证号的地址码（省级）不存在'],
    ['220105197002290011', '身份证号中的出生日期不是有效日期'],
    ['220105184912310011', '身份证号中的出生日期早于1850-01-01，请核对'],
    ['220105203001010011', '身份证号中的出生日期晚于今天'],
    [badCheckId('1980-01-01', 51).id, `身份证号校验位错误，应为${badCheckId('1980-01-01', 51).right}`],
  ])('%s → %s', (id, problem) => {
    expect(idNumberProblem(id, '2026-01-01')).toBe(problem);
  });
});

describe('staging CSV', () => {
  it('quotes what needs it, leaves empty as NULL, and numbers households once per key', () => {
    const rows = [
      row(2, { idNumber: validId('1970-03-01', 11), name: '王"建,国', hukouRegionCode: '220105003005', hukouType: '城镇', householdKey: 'F1', relation: '02', address: '1号\n楼' }),
      row(3, { idNumber: ' 22010519700301001x ', name: '李秀英', hukouRegionCode: '220105003005', hukouType: '城镇', householdKey: 'F1', relation: '10', phone: '138 1234 5678' }),
    ];
    const stage = inPromotionOrder(prepareStage(rows, '2026-01-01'));
    const csv = stagingCsv(stage, '2026-01-01').toString('utf8');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('')).toBe('');
    expect(csv).toContain('"王""建,国"');
    expect(csv).toContain('"1号\n楼"');
    // 李 sorts before 王: row 3 is staged first.
    expect(stage.rows.map((r) => r.rowNo)).toEqual([3, 2]);
    expect(stage.idNumbers).toEqual(['22010519700301001X', validId('1970-03-01', 11)]);
    expect(stage.phones).toEqual(['13812345678', null]);
    const lines = csv.split(/\n(?=\d+,)/).map((l) => l.trim());
    const householdIds = lines.map((l) => l.split(',')[STAGE_COLUMNS.indexOf('household_id')]);
    expect(householdIds[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(householdIds[1]).toBe(householdIds[0]);
  });

  it('seals ID numbers and phones in staging order; the ordinary cipher opens them', async () => {
    const cipher = new FieldCipher(Buffer.alloc(32, 9));
    const rows = Array.from({ length: 30 }, (_, i) => row(i + 2, {
      idNumber: validId('1990-01-01', i + 1), name: `测试${String.fromCharCode(0x4e00 + 29 - i)}`, hukouRegionCode: '220105003005', phone: i % 2 ? `1381234${String(i).padStart(4, '0')}` : '',
    }));
    const stage = prepareStage(rows, '2026-01-01');
    const pool = new SealingPool(cipher, { threads: 2, chunkSize: 7, inlineBelow: 0 });
    try {
      const lines = (await sealStage(pool, stage)).toString('latin1').trim().split('\n');
      expect(lines).toHaveLength(30);
      lines.forEach((line, i) => {
        const [rowNo, idHash, idCipher, phoneHash, phoneCipher] = line.split(',');
        const source = stage.rows[i]!;
        expect(Number(rowNo)).toBe(source.rowNo);
        expect(idHash).toBe(cipher.hash('id_number', source.values.idNumber));
        expect(cipher.decrypt('id_number', idCipher!)).toBe(source.values.idNumber);
        if (source.values.phone) {
          expect(phoneHash).toBe(cipher.hash('phone', source.values.phone));
          expect(cipher.decrypt('phone', phoneCipher!)).toBe(source.values.phone);
        } else {
          expect([phoneHash, phoneCipher]).toEqual(['', '']);
        }
      });
    } finally {
      await pool.close();
    }
  });
});
