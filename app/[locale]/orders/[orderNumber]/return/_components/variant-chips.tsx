'use client';

import { useTranslations } from 'next-intl';
import type { VariantOptionDto } from '@/lib/returns/queries';
import { type OptionDimension, valueState, variantForChoice } from '@/lib/returns/variant-chips';
import { ProductImage } from '../../../../_components/product-image';

type Props = {
  /** The item's index in the wizard: ids and radio names stay unique per item. */
  index: number;
  dimensions: OptionDimension[];
  /** The other variants of the product, each with its live stock. */
  variants: VariantOptionDto[];
  /** The customer's own item's options ("M", "Green"): marked as theirs. */
  current: Record<string, string>;
  quantity: number;
  chosenId: string;
  onChoose: (variantId: string) => void;
  /** The field's message ("choose one", "just sold out"), shown under the chips. */
  error: string | undefined;
};

/**
 * "Exchange for another size or colour" as chips: one radio group per option dimension, values in the catalogue's
 * order. Native radios (hidden behind the chip they cover) give the arrow keys within a group and one tab stop per
 * group; the chosen variant's stock and picture follow.
 */
export function VariantChips({ index, dimensions, variants, current, quantity, chosenId, onChoose, error }: Props) {
  const t = useTranslations('returnWizard');
  const chosen = variants.find((v) => v.id === chosenId) ?? null;
  const errorId = `variant-${index}-error`;
  // Size and colour in the customer's language; any other dimension as the shop names it.
  const dimensionLabel = (name: string) => {
    const key = name.toLowerCase() === 'colour' ? 'color' : name.toLowerCase();
    return key === 'size' || key === 'color' ? t(`chips.dimension.${key}`) : name.charAt(0).toUpperCase() + name.slice(1);
  };

  return (
    <div id={`variant-${index}`} data-exchange-choice={index} className="space-y-3 pl-2">
      <p className="font-medium">{t('chooseVariant')}</p>
      {dimensions.map((dimension) => {
        const labelId = `variant-${index}-${dimension.name}-label`;
        return (
          <div
            key={dimension.name}
            role="radiogroup"
            aria-labelledby={labelId}
            aria-describedby={error ? errorId : undefined}
            aria-invalid={error ? true : undefined}
          >
            <p id={labelId} className="text-sm font-medium">
              {dimensionLabel(dimension.name)}
            </p>
            <div className="mt-1 flex flex-wrap gap-2">
              {dimension.values.map((value) => {
                const state = valueState(variants, dimension.name, value, quantity);
                const isCurrent = current[dimension.name] === value;
                return (
                  <label key={value} className="relative inline-flex">
                    <input
                      type="radio"
                      name={`variant-${index}-${dimension.name}`}
                      value={value}
                      checked={chosen?.options[dimension.name] === value}
                      disabled={state !== 'available'}
                      onChange={() => {
                        const id = variantForChoice(variants, { dimension: dimension.name, value, quantity, chosen: chosen?.options ?? null, current });
                        if (id) onChoose(id);
                      }}
                      // Covers the chip, so a tap anywhere on it chooses; invisible, the chip draws the state.
                      className="peer absolute inset-0 m-0 h-full w-full cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed"
                    />
                    <span className="flex min-h-11 min-w-11 flex-col items-center justify-center rounded-xl border border-[#8a9691] bg-white px-3 py-1 text-base leading-tight peer-checked:border-[var(--accent)] peer-checked:bg-[var(--accent)] peer-checked:text-[var(--accent-contrast)] peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-[var(--accent)] peer-disabled:border-dashed peer-disabled:bg-[var(--color-canvas)] peer-disabled:text-[var(--color-muted)]">
                      <span className="font-semibold">{value}</span>
                      {/* The commas keep the spoken name apart ("M, Yours now") where the lines do for the eye. */}
                      {isCurrent && <span className="text-xs"><span className="sr-only">, </span>{t('chips.current')}</span>}
                      {state === 'sold_out' && <span className="text-xs"><span className="sr-only">, </span>{t('chips.soldOut')}</span>}
                    </span>
                  </label>
                );
              })}
            </div>
          </div>
        );
      })}
      <div aria-live="polite">
        {chosen && (
          <div className="flex items-center gap-3">
            {/* Beside the text that names it: an empty alt, so screen readers do not read it twice. */}
            <ProductImage image={chosen.image} eager />
            <p data-testid={`variant-${index}-chosen`}>{t('chips.chosen', { name: Object.values(chosen.options).join(' · '), count: chosen.stock })}</p>
          </div>
        )}
      </div>
      {error && (
        <p id={errorId} className="text-sm text-[var(--color-danger)]">
          {error}
        </p>
      )}
    </div>
  );
}
