import type { Random } from './random.ts';
import { Weighted } from './random.ts';

/**
 * Surnames with weights close to the 2020 national name report (公安部《二〇二〇年全国姓名报告》,
 * per mille of the population; the long tail is cut at about 0.25 %). A few compound surnames
 * keep the rare shape in the data.
 */
export const SURNAMES = new Weighted<string>([
  ['王', 71.2], ['李', 70.0], ['张', 67.4], ['刘', 51.0], ['陈', 46.1], ['杨', 32.2], ['黄', 24.5], ['赵', 22.9],
  ['吴', 20.5], ['周', 19.7], ['徐', 16.0], ['孙', 15.4], ['马', 14.8], ['朱', 13.9], ['胡', 13.2], ['郭', 12.0],
  ['何', 11.7], ['林', 11.4], ['高', 11.3], ['罗', 10.5], ['郑', 10.3], ['梁', 9.4], ['谢', 8.6], ['宋', 8.2],
  ['唐', 8.1], ['许', 7.2], ['韩', 7.0], ['冯', 6.9], ['邓', 6.9], ['曹', 6.8], ['彭', 6.6], ['曾', 6.4],
  ['肖', 6.2], ['田', 6.1], ['董', 5.9], ['潘', 5.6], ['袁', 5.6], ['蔡', 5.3], ['蒋', 5.2], ['余', 5.2],
  ['于', 5.1], ['杜', 5.0], ['叶', 4.9], ['程', 4.8], ['魏', 4.8], ['苏', 4.6], ['吕', 4.6], ['丁', 4.5],
  ['任', 4.4], ['卢', 4.3], ['姚', 4.2], ['沈', 4.1], ['钟', 4.0], ['姜', 4.0], ['崔', 3.9], ['谭', 3.8],
  ['陆', 3.7], ['范', 3.6], ['汪', 3.5], ['廖', 3.4], ['石', 3.4], ['金', 3.3], ['韦', 3.2], ['贾', 3.2],
  ['夏', 3.0], ['付', 3.0], ['方', 2.9], ['邹', 2.8], ['熊', 2.8], ['白', 2.8], ['孟', 2.7], ['秦', 2.7],
  ['邱', 2.6], ['侯', 2.6], ['江', 2.6], ['尹', 2.5], ['薛', 2.5], ['闫', 2.5], ['段', 2.4], ['雷', 2.4],
  ['龙', 2.3], ['黎', 2.3], ['史', 2.3], ['陶', 2.2], ['贺', 2.2], ['毛', 2.1], ['郝', 2.1], ['顾', 2.0],
  ['龚', 2.0], ['邵', 2.0], ['万', 1.9], ['覃', 1.9], ['武', 1.9], ['钱', 1.8], ['戴', 1.8], ['严', 1.8],
  ['莫', 1.7], ['孔', 1.7], ['向', 1.7], ['常', 1.7], ['欧阳', 0.3], ['司马', 0.05], ['诸葛', 0.05], ['上官', 0.05],
]);

/** Era of birth decides naming fashion: 建国/秀英 before 1960, 伟/芳 in the 70s–80s, 子轩/梓涵 after 2005. */
type Era = 'old' | 'mid' | 'young' | 'new';

export function eraOf(birthYear: number): Era {
  if (birthYear < 1960) return 'old';
  if (birthYear < 1985) return 'mid';
  if (birthYear < 2005) return 'young';
  return 'new';
}

const ONE: Record<'male' | 'female', Record<Era, string>> = {
  male: {
    old: '福贵富财德林山海明华国强忠义发军文武',
    mid: '伟勇军磊涛斌强鹏杰刚健明亮峰辉波平东华林兵超宇龙',
    young: '伟磊浩鹏杰超宇鑫帅阳凯飞博旭俊琦晨昊',
    new: '轩宇浩睿泽辰铭阳航骏杰哲',
  },
  female: {
    old: '英兰珍芬秀凤霞琴华荣桂玉淑梅',
    mid: '芳娜敏静丽艳娟霞燕玲红梅莉萍洁慧',
    young: '婷雪颖琳倩悦佳欣月璐丹蕾',
    new: '涵萱怡彤妍琪悦可瑶诺',
  },
};

const TWO: Record<'male' | 'female', Record<Era, string[]>> = {
  male: {
    old: ['建国', '建华', '国庆', '国华', '德明', '志明', '振华', '长春', '金山', '玉山', '宝山', '永德', '福林', '占山', '广才', '文学'],
    mid: ['建军', '志强', '国强', '海涛', '晓东', '海波', '建平', '永刚', '立新', '红军', '春生', '卫东', '向东', '长江', '明辉', '海龙'],
    young: ['俊杰', '浩然', '子豪', '家豪', '宇航', '天宇', '鹏飞', '晓峰', '文博', '明轩', '志伟', '俊宇', '佳琪', '嘉伟', '思远', '子健'],
    new: ['子轩', '浩宇', '梓豪', '宇轩', '浩然', '一诺', '子墨', '沐阳', '俊熙', '睿泽', '铭轩', '奕辰', '皓轩', '宇航', '思源', '梓睿'],
  },
  female: {
    old: ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '玉珍', '凤英', '秀珍', '桂芝', '玉芬', '素珍', '淑兰', '玉梅', '桂荣', '凤兰'],
    mid: ['丽华', '海燕', '春梅', '晓燕', '红梅', '丽娟', '秀梅', '淑华', '春燕', '丽丽', '艳华', '晓红', '雪梅', '玉霞', '冬梅', '彩霞'],
    young: ['婷婷', '欣怡', '佳怡', '雪莹', '思琪', '雨婷', '晓雪', '丹丹', '佳琪', '梦瑶', '静怡', '文静', '诗琪', '慧敏', '晓琳', '美琳'],
    new: ['梓涵', '子涵', '欣怡', '雨涵', '诗涵', '一诺', '思彤', '可馨', '雨桐', '语汐', '梓萱', '若汐', '欣妍', '依诺', '佳怡', '沐晴'],
  },
};

/** Share of one-character given names per era (so many full names are two characters, like 张伟). */
const ONE_CHAR_SHARE: Record<Era, number> = { old: 0.3, mid: 0.5, young: 0.4, new: 0.15 };

export function givenName(rng: Random, sex: 'male' | 'female', birthYear: number): string {
  const era = eraOf(birthYear);
  if (rng.chance(ONE_CHAR_SHARE[era])) {
    const chars = ONE[sex][era];
    return chars[rng.int(0, chars.length - 1)]!;
  }
  // Mostly a known pair; otherwise two characters of the era combined, which widens the name space.
  if (rng.chance(0.6)) return rng.pick(TWO[sex][era]);
  const chars = ONE[sex][era];
  return chars[rng.int(0, chars.length - 1)]! + chars[rng.int(0, chars.length - 1)]!;
}
