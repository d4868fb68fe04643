import ExcelJS from 'exceljs';

/**
 * The import template: one column per field a clerk fills in, headers in Chinese. The importer
 * finds columns by header (order and extra columns do not matter; a header may carry a note in
 * brackets, e.g. "户籍类型（城镇/农村）").
 */
export const IMPORT_COLUMNS = [
  { key: 'idNumber', header: '身份证号', required: true, text: true, note: '18位公民身份号码（15位旧号码自动升位），末位X大小写均可；同一文件内不得重复。必填。' },
  { key: 'name', header: '姓名', required: true, text: false, note: '不超过50个字。必填。' },
  { key: 'hukouRegionCode', header: '户籍地区划代码', required: true, text: true, note: '统计用区划代码（2/4/6/9/12位，如 220105003005），必须存在。必填。' },
  { key: 'hukouType', header: '户籍类型', required: true, text: false, note: '城镇 或 农村。必填。' },
  { key: 'regionCode', header: '现居住地区划代码', required: false, text: true, note: '现居住地的区划代码，决定管辖地，必须在本人辖区内；不填则取户籍地区划代码。' },
  { key: 'address', header: '现居住地址', required: false, text: false, note: '不超过200个字；户主必填（作为家庭地址）。' },
  { key: 'phone', header: '联系电话', required: false, text: true, note: '11位手机号或带区号的固定电话，如 0431-88886666。' },
  { key: 'ethnicity', header: '民族', required: false, text: true, note: 'GB/T 3304 两位代码（01）或名称（汉族、汉）。' },
  { key: 'maritalStatus', header: '婚姻状况', required: false, text: false, note: '未婚、已婚、离婚、丧偶（或 GB/T 2261.2 代码 10/20/30/40）。' },
  { key: 'householdKey', header: '家庭编号', required: false, text: true, note: '本文件内的家庭编号（任意文字，最多50字），编号相同的人组成一个家庭；不填则只登记人员。' },
  { key: 'relation', header: '与户主关系', required: false, text: true, note: 'GB/T 4761 代码或名称，如 02（户主）、10（配偶）、20（子）、30（女）；每个家庭编号必须恰有一名户主（02）。填写家庭编号时必填。' },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];
export const IMPORT_HEADERS = IMPORT_COLUMNS.map((c) => c.header);
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const EXPLANATION = [
  '1. 在“人员”工作表中每行填写一名人员，第一行为表头，请勿修改表头文字；列的顺序可以调整，多余的列会被忽略。',
  '2. 身份证号、区划代码、电话等请以文本格式填写（模板已设为文本），避免 Excel 把长数字改成科学计数法。',
  '3. 已在库中登记的身份证号会被跳过（计为“重复跳过”），同一文件重复导入不会重复登记。',
  '4. 有错误的行不会导入；导入完成后可下载“错误报告”，修改后可直接再次导入该报告。',
  '5. 同一家庭编号的人员整户导入：其中任何一行有错误，整户都不导入。家庭的区划和地址取自户主。',
  '6. 单个文件不超过 20 MB、200000 行；CSV 文件请保存为 UTF-8 编码。',
];

/** The .xlsx template: a 人员 sheet with the headers (text-formatted) and a 说明 sheet. */
export async function importTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('人员');
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.key === 'address' ? 36 : c.key === 'idNumber' ? 22 : 16, style: c.text ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.columns = [{ header: '列名', key: 'header', width: 18 }, { header: '是否必填', key: 'required', width: 10 }, { header: '填写说明', key: 'note', width: 100 }];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow({ header: c.header, required: c.required ? '必填' : '选填', note: c.note });
  help.addRow({});
  for (const line of EXPLANATION) help.addRow({ header: line });
  help.addRow({});
  help.addRow({ header: '示例（请勿在“人员”表中保留示例行）' });
  help.addRow({ header: '身份证号 22010519800101001X，姓名 张三，户籍地区划代码 220105003005，户籍类型 城镇，家庭编号 A1，与户主关系 02' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The .csv template: UTF-8 with a BOM (so Excel opens it as UTF-8), the header line only. */
export function importTemplateCsv(): Buffer {
  return Buffer.from(`\uFEFF${IMPORT_HEADERS.join(',')}\r\n`, 'utf8');
}
