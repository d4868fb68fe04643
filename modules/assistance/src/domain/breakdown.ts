/**
 * What a calculator returns: the amount, whether the applicant qualifies, and every step of the
 * arithmetic with the formula written out and the policy-parameter rows it used. A clerk, the
 * family and an auditor must be able to redo the sum by hand from the items alone, so the formula
 * text carries the actual numbers, not just symbols.
 */
import { fenToYuanString, type Fen } from '@mz/kernel';
import type { CareMode, CareTier, DecidingLevel, Programme } from './labels.ts';
import type { Cited } from './params.resolve.ts';

export interface BreakdownItem {
  /** Stable machine key: 'gap', 'income.wage', 'supplement.<personId>.elderly' … */
  code: string;
  label: string;
  amountFen: Fen;
  /** The arithmetic with numbers and legal basis, e.g. '600.00元 × 3人 − 1000.00元 = 800.00元（低保办法第二十三条）'. */
  formula: string;
  /** Parameter rows this item used (extension of the contract; the union is in `Breakdown.paramIds`). */
  paramIds?: string[];
}

export interface Breakdown {
  programme: Programme;
  /** Monthly amount for 低保/特困, the one-off grant for 临时救助; 0 when not eligible. */
  amountFen: Fen;
  eligible: boolean;
  /** Why not eligible (empty when eligible). */
  reasons: string[];
  items: BreakdownItem[];
  ruleVersion: string;
  /** Every parameter row used (defaults from the national catalog have no row and are not listed). */
  paramIds: string[];
  perCapitaIncomeFen?: Fen;
  /** Number of persons covered (保障人数). */
  members?: number;
  // Extensions of the contract, all optional:
  /** Co-resident household members counted for the per-capita income (低保办法第七条). */
  householdSize?: number;
  /** 低保边缘家庭 (低保办法第八条第二款). */
  edgeFamily?: boolean;
  /** 低保: the monthly standard used (urban or rural), kept with a 低保边缘家庭 recognition. */
  standardFen?: Fen;
  /** 低保: the 边缘 multiplier used (`dibao.edgeMultiplier`), e.g. '1.5'. */
  edgeMultiplier?: string;
  careTier?: CareTier;
  careMode?: CareMode;
  approvalLevel?: DecidingLevel;
  /** 临时救助: 先行救助 is allowed for this case. */
  advanceAllowed?: boolean;
  paperworkWorkingDays?: number;
  /** Information that is not a refusal (e.g. 先行救助 not possible, banding used). */
  notes?: string[];
}

/** 60000 → '600.00元'. */
export function yuan(fen: Fen): string {
  return `${fenToYuanString(fen)}元`;
}

/** How a parameter is cited in formula text: its Chinese name, and where the value came from. */
export function citeParam(param: Cited<unknown>): string {
  return param.id ? `「${param.name}」` : `「${param.name}」（全国默认值）`;
}

/** Collects items and the parameter rows they used, in order. */
export class BreakdownBuilder {
  readonly items: BreakdownItem[] = [];
  readonly reasons: string[] = [];
  readonly notes: string[] = [];
  private readonly ids = new Set<string>();

  /** Records that a parameter was used even when no item shows it (e.g. a limit that was met). */
  use(...params: (Cited<unknown> | null | undefined)[]): string[] {
    const used: string[] = [];
    for (const param of params) {
      if (param?.id) {
        this.ids.add(param.id);
        used.push(param.id);
      }
    }
    return used;
  }

  add(code: string, label: string, amountFen: Fen, formula: string, params: (Cited<unknown> | null | undefined)[] = []): void {
    const paramIds = this.use(...params);
    this.items.push(paramIds.length > 0 ? { code, label, amountFen, formula, paramIds } : { code, label, amountFen, formula });
  }

  refuse(reason: string): void {
    this.reasons.push(reason);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  get paramIds(): string[] {
    return [...this.ids];
  }
}
