import { notFound } from 'next/navigation';

// Any other path under a language gets that language's "not found" page.
export default function UnknownCustomerPath() {
  notFound();
}
