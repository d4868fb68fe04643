import { pinyin } from 'pinyin-pro';

/**
 * Pinyin initials of a Chinese name ("张伟" → "zw"), for search by initials. Surnames use their
 * surname readings (单 → s, 曾 → z). Non-Chinese characters keep their own lowercase letter.
 */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
