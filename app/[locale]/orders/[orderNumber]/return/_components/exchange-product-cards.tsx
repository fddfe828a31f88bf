'use client';

import { useTranslations } from 'next-intl';
import type { VariantOptionDto } from '@/lib/returns/queries';
import { ProductImage } from '../../../../_components/product-image';

type Props = {
  /** The item's index in the wizard: ids and radio names stay unique per item. */
  index: number;
  /** The other products on offer, each with its live stock. */
  products: VariantOptionDto[];
  quantity: number;
  chosenId: string;
  onChoose: (variantId: string) => void;
  price: (minor: number) => string;
  error: string | undefined;
};

/** "Exchange for another product" as a list of cards: picture, name, options, price and stock, one radio each. */
export function ExchangeProductCards({ index, products, quantity, chosenId, onChoose, price, error }: Props) {
  const t = useTranslations('returnWizard');
  const labelId = `variant-${index}-label`;
  const errorId = `variant-${index}-error`;
  return (
    <div data-exchange-choice={index} className="pl-2">
      <p id={labelId} className="font-medium">
        {t('chooseProduct')}
      </p>
      <div role="radiogroup" aria-labelledby={labelId} aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined} className="mt-2 space-y-2">
        {products.map((product) => {
          const soldOut = product.stock < quantity;
          return (
            <label
              key={product.id}
              className="flex min-h-11 cursor-pointer items-center gap-3 rounded-xl border border-[#8a9691] bg-white p-2 has-[:checked]:border-[var(--accent)] has-[:checked]:ring-2 has-[:checked]:ring-[var(--accent)] has-[:disabled]:cursor-not-allowed has-[:disabled]:border-dashed has-[:disabled]:bg-[var(--color-canvas)]"
            >
              <input
                type="radio"
                name={`product-${index}`}
                value={product.id}
                checked={product.id === chosenId}
                disabled={soldOut}
                onChange={() => onChoose(product.id)}
                className="h-5 w-5 shrink-0"
              />
              {/* Beside the name: an empty alt, so screen readers do not read it twice. */}
              <ProductImage image={product.image} size={48} />
              <span className="min-w-0 flex-1">
                <span className="block font-medium">{product.title}</span>
                <span className="block text-sm text-[var(--color-muted)]">{Object.values(product.options).join(' · ')}</span>
              </span>
              <span className="shrink-0 text-right text-sm">
                <span className="block font-semibold">{price(product.price)}</span>
                <span className="block">{soldOut ? t('chips.soldOut') : t('chips.stockLeft', { count: product.stock })}</span>
              </span>
            </label>
          );
        })}
      </div>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-[var(--color-danger)]">
          {error}
        </p>
      )}
    </div>
  );
}
